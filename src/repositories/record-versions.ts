import type { Kysely, Selectable } from 'kysely';
import type { Database, RecordCommentsTable, RecordVersionsTable } from '../db/types.ts';
import { OPEN_STATES, type VersionState } from '../domain/contributions.ts';

type Q = Kysely<Database>;

export type VersionRow = Selectable<RecordVersionsTable>;
export type CommentRow = Selectable<RecordCommentsTable>;

/** A new version to store. */
export interface NewVersion {
  readonly entity: string;
  readonly recordKey: string;
  readonly number: number;
  readonly state: VersionState;
  readonly content: string;
  readonly needs: readonly string[];
  readonly regions: readonly string[];
  readonly baseNumber: number | null;
  readonly reason: string | null;
  readonly authorId: number | null;
  readonly authorName: string;
  readonly now: string;
}

/** Stores a version; returns its id. */
export async function insertVersion(db: Q, v: NewVersion): Promise<number> {
  const row = await db
    .insertInto('record_versions')
    .values({
      entity: v.entity,
      record_key: v.recordKey,
      number: v.number,
      state: v.state,
      content: v.content,
      needs: v.needs.length > 0 ? JSON.stringify(v.needs) : null,
      regions: JSON.stringify(v.regions),
      base_number: v.baseNumber,
      revision: 1,
      reason: v.reason,
      author_id: v.authorId,
      author_name: v.authorName,
      created_at: v.now,
      updated_at: v.now,
      decided_by: v.state === 'published' ? v.authorName : null,
      decided_at: v.state === 'published' ? v.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A record's versions, newest first; `limit`/`offset` page through a long history. */
export async function listVersions(
  db: Q,
  entity: string,
  key: string,
  page: { limit: number; offset: number },
  states?: readonly VersionState[],
): Promise<VersionRow[]> {
  let q = db
    .selectFrom('record_versions')
    .selectAll()
    .where('entity', '=', entity)
    .where('record_key', '=', key);
  if (states) q = q.where('state', 'in', [...states]);
  return q.orderBy('number', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** How many versions a record has (in one of `states`, if given). */
export async function countVersions(
  db: Q,
  entity: string,
  key: string,
  states?: readonly VersionState[],
): Promise<number> {
  let q = db
    .selectFrom('record_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', entity)
    .where('record_key', '=', key);
  if (states) q = q.where('state', 'in', [...states]);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Some versions of a record by number. */
export async function findVersions(
  db: Q,
  entity: string,
  key: string,
  numbers: readonly number[],
): Promise<Map<number, VersionRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom('record_versions')
    .selectAll()
    .where('entity', '=', entity)
    .where('record_key', '=', key)
    .where('number', 'in', [...new Set(numbers)])
    .execute();
  return new Map(rows.map((r) => [r.number, r]));
}

/** The highest version number of a record (0 when it has none). */
export async function lastNumber(db: Q, entity: string, key: string): Promise<number> {
  const row = await db
    .selectFrom('record_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('entity', '=', entity)
    .where('record_key', '=', key)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The record's version in one of `states`, newest first: its open proposal or its published version. */
export async function findVersionIn(
  db: Q,
  entity: string,
  key: string,
  states: readonly VersionState[],
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('record_versions')
    .selectAll()
    .where('entity', '=', entity)
    .where('record_key', '=', key)
    .where('state', 'in', [...states])
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One version by id (it must exist). */
export function findVersionById(db: Q, id: number): Promise<VersionRow> {
  return db
    .selectFrom('record_versions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** One version by its record and number. */
export async function findVersion(
  db: Q,
  entity: string,
  key: string,
  number: number,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('record_versions')
    .selectAll()
    .where('entity', '=', entity)
    .where('record_key', '=', key)
    .where('number', '=', number)
    .executeTakeFirst();
}

/**
 * Replaces an open version's content if its revision is still `revision`, bumping it; returns
 * false when someone saved it since (or it is no longer open), so a stale save never overwrites.
 */
export async function saveOpenVersion(
  db: Q,
  id: number,
  revision: number,
  change: {
    content: string;
    needs: readonly string[];
    regions: readonly string[];
    reason: string | null;
    now: string;
    state?: VersionState;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('record_versions')
    .set({
      content: change.content,
      needs: change.needs.length > 0 ? JSON.stringify(change.needs) : null,
      regions: JSON.stringify(change.regions),
      reason: change.reason,
      updated_at: change.now,
      revision: revision + 1,
      ...(change.state ? { state: change.state } : {}),
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .where('state', 'in', [...OPEN_STATES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Moves a version from one of `from` to `to`; false when it was not in one of them any more. */
export async function setVersionState(
  db: Q,
  id: number,
  from: readonly VersionState[],
  to: VersionState,
  decision: { by: string; now: string } | undefined,
): Promise<boolean> {
  const result = await db
    .updateTable('record_versions')
    .set({
      state: to,
      updated_at: decision?.now ?? new Date().toISOString(),
      ...(decision ? { decided_by: decision.by, decided_at: decision.now } : {}),
    })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks every published version of a record but `keep` as superseded. */
export async function supersedeOthers(db: Q, entity: string, key: string, keep: number) {
  await db
    .updateTable('record_versions')
    .set({ state: 'superseded' })
    .where('entity', '=', entity)
    .where('record_key', '=', key)
    .where('state', '=', 'published')
    .where('id', '!=', keep)
    .execute();
}

/** What the review queue may be narrowed to. */
export interface QueueFilter {
  readonly states: readonly VersionState[];
  readonly entity?: string;
  /** Only versions concerning this region. */
  readonly region?: string;
  /** Only versions concerning one of these regions (a coordinator's). */
  readonly regionsAnyOf?: readonly string[];
  /** Only versions last changed before this time. */
  readonly before?: string;
  readonly limit: number;
}

/** The versions a queue filter selects (without its limit). */
function queueSelection(db: Q, f: QueueFilter) {
  let q = db.selectFrom('record_versions as v').where('v.state', 'in', [...f.states]);
  if (f.entity) q = q.where('v.entity', '=', f.entity);
  if (f.before) q = q.where('v.updated_at', '<', f.before);
  // regions is a JSON list of codes, so a quoted code matches one element exactly.
  const region = f.region;
  if (region) q = q.where('v.regions', 'like', `%"${region}"%`);
  const anyOf = f.regionsAnyOf;
  if (anyOf) q = q.where((eb) => eb.or(anyOf.map((r) => eb('v.regions', 'like', `%"${r}"%`))));
  return q;
}

/** A version in the queue with the content of the published version it was drafted from. */
export type QueueRow = VersionRow & { readonly base_content: string | null };

/**
 * Open versions for the review queue, oldest change first (the longest waiting on top), each
 * with its base version's content from the same query.
 */
export async function listQueue(db: Q, f: QueueFilter): Promise<QueueRow[]> {
  if (f.regionsAnyOf?.length === 0) return [];
  return queueSelection(db, f)
    .leftJoin('record_versions as base', (j) =>
      j
        .onRef('base.entity', '=', 'v.entity')
        .onRef('base.record_key', '=', 'v.record_key')
        .onRef('base.number', '=', 'v.base_number'),
    )
    .selectAll('v')
    .select('base.content as base_content')
    .orderBy('v.updated_at')
    .orderBy('v.id')
    .limit(f.limit)
    .execute();
}

/** How many versions a queue filter selects, however many a page lists. */
export async function countQueue(db: Q, f: QueueFilter): Promise<number> {
  if (f.regionsAnyOf?.length === 0) return 0;
  const row = await queueSelection(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Adds a reviewer's comment to a version. */
export async function insertComment(
  db: Q,
  c: {
    versionId: number;
    field: string | null;
    body: string;
    authorId: number | null;
    authorName: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('record_comments')
    .values({
      version_id: c.versionId,
      field: c.field,
      body: c.body,
      author_id: c.authorId,
      author_name: c.authorName,
      created_at: c.now,
    })
    .execute();
}

/** The comments on the given versions, oldest first. */
export async function listComments(db: Q, versionIds: readonly number[]): Promise<CommentRow[]> {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('record_comments')
    .selectAll()
    .where('version_id', 'in', [...versionIds])
    .orderBy('id')
    .execute();
}

/** Which of `values` are not in `table`.`column` (codes a record refers to that do not exist). */
export async function missingReferences(
  db: Q,
  table: 'sources' | 'regions' | 'initiatives' | 'campaigns',
  values: readonly string[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const column = table === 'regions' ? 'code' : table === 'sources' ? 'code' : 'slug';
  // biome-ignore lint/suspicious/noExplicitAny: one look-up for four tables keyed by a text column
  const rows: { v: string }[] = await (db as unknown as Kysely<any>)
    .selectFrom(table)
    .select(`${column} as v`)
    .where(column, 'in', [...new Set(values)])
    .execute();
  const found = new Set(rows.map((r) => r.v));
  return [...new Set(values)].filter((v) => !found.has(v));
}

/** The stored answer to an earlier create with this Idempotency-Key, if any. */
export async function findIdempotent(db: Q, accountId: number, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'body'])
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Remembers the answer to a create sent with an Idempotency-Key. */
export async function saveIdempotent(
  db: Q,
  r: {
    accountId: number;
    key: string;
    requestHash: string;
    status: number;
    body: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      account_id: r.accountId,
      key: r.key,
      request_hash: r.requestHash,
      status: r.status,
      body: r.body,
      created_at: r.now,
    })
    .execute();
}
