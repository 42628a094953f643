/**
 * The records as they stood at a past moment, read from the history (append-only: every write of
 * curated content appends its change, with what the record became) and from the campaign log.
 * Read-only: nothing here writes. Times are ISO 8601 in UTC as the writers store them
 * (`toISOString()`), so comparing them as text compares them in time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { ResponseRow } from './campaign-responses.ts';

type Q = Kysely<Database>;

/** One record as it stood at a moment: the newest change to it at or before then. */
export interface RecordState {
  /** The history entry's id (the data version it belongs to). */
  readonly id: number;
  readonly entity: string;
  /** The record's key as history files it (key values joined with "/"). */
  readonly key: string;
  readonly actor: string;
  readonly at: string;
  /** What the record became, as its writer recorded it (parsed JSON). */
  readonly after: unknown;
}

/** The oldest history entry: when the first record was written. Undefined for an empty history. */
export async function firstHistoryEntry(q: Q): Promise<{ id: number; at: string } | undefined> {
  const row = await q
    .selectFrom('history')
    .select(['id', 'at'])
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), at: row.at } : undefined;
}

/** The newest history entry at or before `at`: the data version of that moment. */
export async function historyEntryAt(
  q: Q,
  at: string,
): Promise<{ id: number; at: string } | undefined> {
  const row = await q
    .selectFrom('history')
    .select(['id', 'at'])
    .where('at', '<=', at)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), at: row.at } : undefined;
}

/**
 * Every record of the given kinds (history entities: 'initiative', 'evidence', …) as it stood at
 * `at`: for each record, the newest change at or before then, unless that change removed it. A
 * record created after `at` is absent, one removed before it is absent, one changed after it has
 * what it was. In the order the changes were made.
 */
export async function recordStatesAt(
  q: Q,
  at: string,
  entities: readonly string[],
): Promise<RecordState[]> {
  if (entities.length === 0) return [];
  const rows = await q
    .selectFrom('history as h')
    .select(['h.id', 'h.entity', 'h.entity_key', 'h.actor', 'h.at', 'h.after'])
    .where('h.id', 'in', (eb) =>
      eb
        .selectFrom('history')
        .select((s) => s.fn.max('id').as('id'))
        .where('at', '<=', at)
        .where('entity', 'in', [...entities])
        .groupBy(['entity', 'entity_key']),
    )
    .where('h.action', '<>', 'delete')
    .orderBy('h.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    entity: r.entity,
    key: r.entity_key,
    actor: r.actor,
    at: r.at,
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
}

/** Whether one record existed at `at` (its newest change by then did not remove it). */
export async function recordExistedAt(
  q: Q,
  entity: string,
  key: string,
  at: string,
): Promise<boolean> {
  const row = await q
    .selectFrom('history')
    .select('action')
    .where('entity', '=', entity)
    .where('entity_key', '=', key)
    .where('at', '<=', at)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined && row.action !== 'delete';
}

/** The state a logged move led to ("draft → submitted" → "submitted"), if the detail says. */
const movedTo = (detail: string | null): string | undefined => {
  const to = detail?.split('→')[1]?.trim();
  return to === undefined || to === '' ? undefined : to;
};

/**
 * Each campaign's last logged move (open, close, publish) at or before `at`: the state it led to
 * and when. Moves do not go through the history, so a campaign's state then is its record's, or
 * this move's when the move came later.
 */
export async function campaignMovesAt(
  q: Q,
  at: string,
): Promise<Map<string, { state: string; at: string }>> {
  const rows = await q
    .selectFrom('campaign_events')
    .select(['campaign_slug', 'detail', 'at'])
    .where('region_code', 'is', null)
    .where('action', 'in', ['open', 'close', 'publish'])
    .where('at', '<=', at)
    .orderBy('id')
    .execute();
  const out = new Map<string, { state: string; at: string }>();
  for (const r of rows) {
    const to = movedTo(r.detail);
    if (to) out.set(r.campaign_slug, { state: to, at: r.at });
  }
  return out;
}

/**
 * The regions' responses as they stood at `at`: those started by then, each in the state its
 * last logged move by then led to (accepted when accepted by then; else submitted when submitted
 * by then; else a draft), with the times of submission and acceptance that had happened. The
 * answers are the stored ones: an accepted response never changes again, and answers before
 * acceptance are not public (no report shows them), so their earlier wording is not kept.
 */
export async function responsesAt(q: Q, at: string): Promise<ResponseRow[]> {
  const [rows, moves] = await Promise.all([
    q.selectFrom('campaign_responses').selectAll().where('created_at', '<=', at).execute(),
    q
      .selectFrom('campaign_events')
      .select(['campaign_slug', 'region_code', 'detail'])
      .where('region_code', 'is not', null)
      .where('at', '<=', at)
      .orderBy('id')
      .execute(),
  ]);
  const moved = new Map<string, string>();
  for (const m of moves) {
    const to = movedTo(m.detail);
    if (to) moved.set(`${m.campaign_slug}/${m.region_code}`, to);
  }
  const by = (t: string | null) => (t !== null && t <= at ? t : null);
  return rows.map((r) => {
    const submitted = by(r.submitted_at);
    const accepted = by(r.accepted_at);
    const logged = moved.get(`${r.campaign_slug}/${r.region_code}`);
    const state = accepted
      ? 'accepted'
      : (logged ?? (r.updated_at <= at ? r.state : submitted ? 'submitted' : 'draft'));
    return { ...r, state, submitted_at: submitted, accepted_at: accepted };
  });
}

/** The columns of every table of a database, by table (to keep what a history entry holds to the schema's columns). */
export async function tableColumns(q: Q): Promise<Map<string, Set<string>>> {
  const tables = await q.introspection.getTables();
  return new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
}
