/**
 * The reference dataset's finished rounds as campaign records: the questionnaires they asked and
 * one accepted response per region, read from the curated records (analysis/seed-responses.ts).
 * Runs inside the seed's transaction; seeding twice changes nothing.
 */
import type { Kysely } from 'kysely';
import { type RoundNote, type SeedRound, seedRound } from '../analysis/seed-responses.ts';
import type { Database } from '../db/types.ts';
import { closingInstant } from '../domain/campaigns.ts';
import type { Campaign } from '../domain/schemas.ts';
import type { ReferenceData } from '../io/reference.ts';
import {
  findResponse,
  insertResponse,
  putQuestionnaire,
  updateResponse,
} from '../repositories/campaign-responses.ts';
import type { UpsertOutcome, WriteContext } from '../repositories/versioned.ts';

type Q = Kysely<Database>;

/** What storing the rounds did. */
export interface SeedRoundsReport {
  readonly questionnaires: Record<UpsertOutcome, number>;
  readonly responses: Record<UpsertOutcome, number>;
}

const zero = (): Record<UpsertOutcome, number> => ({ created: 0, updated: 0, unchanged: 0 });

/** The rounds the reference data holds: finished campaigns with a questionnaire, read back. */
export function referenceRounds(data: ReferenceData): { campaign: Campaign; round: SeedRound }[] {
  const records = {
    initiatives: data.initiatives,
    regions: data.regions,
    regionalReports: data.regionalReports ?? [],
    goodPractices: data.goodPractices ?? [],
    interviews: data.engagement?.interviews ?? [],
    workshops: data.engagement?.workshops ?? [],
  };
  return (data.campaigns ?? []).flatMap((campaign) => {
    const finished = campaign.state === 'closed' || campaign.state === 'published';
    const round = finished && campaign.questionnaire ? seedRound(campaign, records) : undefined;
    return round ? [{ campaign, round }] : [];
  });
}

/** What the printed sources of the reference rounds say that does not add up. */
export function referenceRoundNotes(data: ReferenceData): RoundNote[] {
  return referenceRounds(data).flatMap((r) => r.round.notes);
}

/** The day a finished round's answers count as submitted and accepted: its closing day. */
const closingDay = (c: Campaign, now: string): string =>
  c.closesAt ? closingInstant(c.closesAt).toISOString().slice(0, 10) : now.slice(0, 10);

/**
 * Stores one region's accepted response. A new one is written at revision 0 and accepted in one
 * step (revision 1); one the seed wrote before is updated only when its answers changed; one a
 * person has worked on since is left alone.
 */
async function putResponse(
  db: Q,
  c: Campaign & { questionnaire: NonNullable<Campaign['questionnaire']> },
  region: string,
  answers: string,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const have = await findResponse(db, c.slug, region);
  if (have) {
    if (have.updated_by !== ctx.actor || have.answers === answers) return 'unchanged';
    await updateResponse(db, have.id, have.revision, {
      answers,
      updated_at: ctx.now,
      updated_by: ctx.actor,
    });
    return 'updated';
  }
  await insertResponse(db, {
    campaign_slug: c.slug,
    region_code: region,
    questionnaire_version: c.questionnaire.version,
    answers,
    state: 'accepted',
    revision: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    updated_by: ctx.actor,
  });
  const row = await findResponse(db, c.slug, region);
  if (!row) throw new Error(`the response of ${region} to ${c.slug} was not stored`);
  const day = closingDay(c, ctx.now);
  await updateResponse(db, row.id, row.revision, {
    submitted_at: day,
    accepted_at: day,
    updated_at: ctx.now,
    updated_by: ctx.actor,
  });
  return 'created';
}

/** Stores the reference questionnaires and the rounds' responses (in the caller's transaction). */
export async function seedRounds(
  db: Q,
  data: ReferenceData,
  ctx: WriteContext,
): Promise<SeedRoundsReport> {
  const report = { questionnaires: zero(), responses: zero() };
  for (const q of data.questionnaires ?? []) {
    const outcome = await putQuestionnaire(
      db,
      { slug: q.slug, version: q.version, kind: q.kind, definition: JSON.stringify(q) },
      ctx.now,
    );
    report.questionnaires[outcome]++;
  }
  for (const { campaign, round } of referenceRounds(data)) {
    const questionnaire = campaign.questionnaire;
    if (!questionnaire) continue;
    for (const [region, answers] of round.responses) {
      const outcome = await putResponse(
        db,
        { ...campaign, questionnaire },
        region,
        JSON.stringify(answers),
        ctx,
      );
      report.responses[outcome]++;
    }
  }
  return report;
}
