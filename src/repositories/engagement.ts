import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
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
      },
      sources: w.sources,
    },
    ctx,
  );
}

/** Every interview row as stored, ordered by region. */
export function listInterviewRows(db: Q) {
  return db.selectFrom('interview_rows').selectAll().orderBy('region_code').execute();
}

/** Every workshop as stored, ordered by region. */
export function listWorkshops(db: Q) {
  return db.selectFrom('workshops').selectAll().orderBy('region_code').execute();
}
