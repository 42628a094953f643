import type { Kysely, Selectable } from 'kysely';
import type { CampaignResponsesTable, Database, ResponseCommentsTable } from '../db/types.ts';

type Q = Kysely<Database>;
export type ResponseRow = Selectable<CampaignResponsesTable>;
export type ResponseCommentRow = Selectable<ResponseCommentsTable>;

/** Stores a questionnaire version unless that version is there (versions never change). */
export async function putQuestionnaire(
  db: Q,
  q: { slug: string; version: number; kind: string; definition: string },
  now: string,
): Promise<'created' | 'unchanged'> {
  const have = await db
    .selectFrom('questionnaires')
    .select('id')
    .where('slug', '=', q.slug)
    .where('version', '=', q.version)
    .executeTakeFirst();
  if (have) return 'unchanged';
  await db
    .insertInto('questionnaires')
    .values({ ...q, created_at: now })
    .execute();
  return 'created';
}

/** Every stored questionnaire version's definition (JSON), by slug then version. */
export function listQuestionnaireRows(db: Q) {
  return db
    .selectFrom('questionnaires')
    .select(['slug', 'version', 'kind', 'definition'])
    .orderBy('slug')
    .orderBy('version')
    .execute();
}

/** One questionnaire version's definition (JSON), if stored. */
export function findQuestionnaireRow(db: Q, slug: string, version: number) {
  return db
    .selectFrom('questionnaires')
    .select(['slug', 'version', 'kind', 'definition'])
    .where('slug', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The response of a region to a campaign, if it has started one. */
export function findResponse(db: Q, campaign: string, region: string) {
  return db
    .selectFrom('campaign_responses')
    .selectAll()
    .where('campaign_slug', '=', campaign)
    .where('region_code', '=', region)
    .executeTakeFirst();
}

/** Every response of a campaign (or of every campaign), by region. */
export function listResponses(db: Q, campaign?: string): Promise<ResponseRow[]> {
  let q = db.selectFrom('campaign_responses').selectAll();
  if (campaign !== undefined) q = q.where('campaign_slug', '=', campaign);
  return q.orderBy('campaign_slug').orderBy('region_code').execute();
}

/** Starts a region's response (revision 1). */
export async function insertResponse(
  db: Q,
  r: Omit<ResponseRow, 'id' | 'submitted_at' | 'accepted_at'>,
): Promise<void> {
  await db.insertInto('campaign_responses').values(r).execute();
}

/**
 * Writes a response's answers and/or state only if its revision is still `revision`; returns
 * false when someone saved in between (nothing is written then).
 */
export async function updateResponse(
  db: Q,
  id: number,
  revision: number,
  set: Partial<Pick<ResponseRow, 'answers' | 'state' | 'submitted_at' | 'accepted_at'>> & {
    updated_at: string;
    updated_by: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('campaign_responses')
    .set({ ...set, revision: revision + 1 })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Adds a curator's comment on a response (on one answer, a section or the whole). */
export async function insertResponseComment(
  db: Q,
  c: Omit<ResponseCommentRow, 'id'>,
): Promise<void> {
  await db.insertInto('response_comments').values(c).execute();
}

/** A response's comments, oldest first. */
export function listResponseComments(db: Q, responseId: number): Promise<ResponseCommentRow[]> {
  return db
    .selectFrom('response_comments')
    .selectAll()
    .where('response_id', '=', responseId)
    .orderBy('id')
    .execute();
}

/** Logs something that happened in a campaign. */
export async function logCampaignEvent(
  db: Q,
  e: {
    campaign: string;
    region?: string;
    action: string;
    detail?: string;
    actor: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('campaign_events')
    .values({
      campaign_slug: e.campaign,
      region_code: e.region ?? null,
      action: e.action,
      detail: e.detail ?? null,
      actor_name: e.actor,
      at: e.at,
    })
    .execute();
}

/** A campaign's log, newest first. */
export function listCampaignEvents(db: Q, campaign: string, limit = 200) {
  return db
    .selectFrom('campaign_events')
    .selectAll()
    .where('campaign_slug', '=', campaign)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Records that a mail of `kind` went to `recipient` for a region; false when it had gone before
 * (the key is unique), so no invitation or reminder is sent twice.
 */
export async function claimMail(
  db: Q,
  m: { campaign: string; region: string; recipient: string; kind: string; at: string },
): Promise<boolean> {
  const r = await db
    .insertInto('campaign_mail')
    .values({
      campaign_slug: m.campaign,
      region_code: m.region,
      recipient: m.recipient,
      kind: m.kind,
      sent_at: m.at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Forgets a claimed mail that could not be sent, so a later run tries again. */
export async function releaseMail(
  db: Q,
  m: { campaign: string; region: string; recipient: string; kind: string },
): Promise<void> {
  await db
    .deleteFrom('campaign_mail')
    .where('campaign_slug', '=', m.campaign)
    .where('region_code', '=', m.region)
    .where('recipient', '=', m.recipient)
    .where('kind', '=', m.kind)
    .execute();
}
