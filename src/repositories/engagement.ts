import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import {
  countsByGroup,
  type InterviewSummary,
  type WorkshopSummary,
} from '../domain/engagement.ts';
import type { InterviewRow, Workshop } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates one printed row of an interview table. */
export function upsertInterviewRow(
  db: Q,
  r: InterviewRow,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const counts = Object.fromEntries(
    STAKEHOLDER_GROUPS.map((g) => [g.code, r.counts[g.code] ?? null]),
  );
  return upsertVersioned(
    db,
    {
      table: 'interview_rows',
      entity: 'interview_row',
      key: { region_code: r.region, campaign_slug: r.campaign },
      columns: { printed_total: r.printedTotal, ...counts },
      sources: r.sources,
    },
    ctx,
  );
}

/** Inserts or updates a workshop. */
export function upsertWorkshop(db: Q, w: Workshop, ctx: WriteContext): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'workshops',
      entity: 'workshop',
      key: { key: w.key },
      columns: {
        region_code: w.region,
        campaign_slug: w.campaign,
        held_on: w.heldOn ?? null,
        participants: w.participants,
        format: w.format ?? null,
        organisers: w.organisers ?? null,
        participants_by_group: w.participantsByGroup ? JSON.stringify(w.participantsByGroup) : null,
        outcome: w.outcome ?? null,
      },
      sources: w.sources,
    },
    ctx,
  );
}

/** Every interview row as stored, ordered by region. */
export async function listInterviewRows(db: Q): Promise<InterviewSummary[]> {
  const rows = await db.selectFrom('interview_rows').selectAll().orderBy('region_code').execute();
  return rows.map((r) => ({
    region: r.region_code,
    campaign: r.campaign_slug,
    printedTotal: r.printed_total,
    byGroup: countsByGroup(r),
  }));
}

/** Every workshop as stored, ordered by region. */
export async function listWorkshops(db: Q): Promise<WorkshopSummary[]> {
  const rows = await db.selectFrom('workshops').selectAll().orderBy('region_code').execute();
  return rows.map((w) => ({
    key: w.key,
    region: w.region_code,
    campaign: w.campaign_slug,
    heldOn: w.held_on,
    participants: w.participants,
    format: w.format,
    organisers: w.organisers,
    participantsByGroup: w.participants_by_group
      ? (JSON.parse(w.participants_by_group) as Record<string, number>)
      : null,
    outcome: w.outcome,
  }));
}
