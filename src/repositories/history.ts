import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

/** One change to append to the history. */
export interface HistoryEntry {
  readonly entity: string;
  readonly key: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly actor: string;
  readonly at: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A history entry as its table's row. */
function historyRow(e: HistoryEntry) {
  return {
    entity: e.entity,
    entity_key: e.key,
    action: e.action,
    actor: e.actor,
    at: e.at,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  };
}

/** Appends a change; the history table is never updated or deleted from. */
export async function appendHistory(db: Kysely<Database>, e: HistoryEntry): Promise<void> {
  await db.insertInto('history').values(historyRow(e)).execute();
}

/** The most recent change of a record, if any. */
export async function lastChange(
  db: Kysely<Database>,
  entity: string,
  key: string,
): Promise<{ action: string; actor: string; at: string } | undefined> {
  return db
    .selectFrom('history')
    .select(['action', 'actor', 'at'])
    .where('entity', '=', entity)
    .where('entity_key', '=', key)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** How many history entries a record has. */
export async function countHistory(db: Kysely<Database>, entity?: string): Promise<number> {
  let q = db.selectFrom('history').select((eb) => eb.fn.countAll<number>().as('n'));
  if (entity) q = q.where('entity', '=', entity);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The most recent changes, newest first. */
export async function listRecentChanges(
  db: Kysely<Database>,
  limit: number,
  entities?: readonly string[],
  exceptActors: readonly string[] = [],
): Promise<{ entity: string; key: string; action: string; actor: string; at: string }[]> {
  let q = db.selectFrom('history').select(['entity', 'entity_key as key', 'action', 'actor', 'at']);
  if (entities && entities.length > 0) q = q.where('entity', 'in', [...entities]);
  if (exceptActors.length > 0) q = q.where('actor', 'not in', [...exceptActors]);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** When an actor last changed anything (the reference data's load, for "seed"), or undefined. */
export async function lastChangeBy(
  db: Kysely<Database>,
  actor: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('history')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('actor', '=', actor)
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/**
 * The newest history entry's id and time. History is append-only and every change to curated
 * content appends to it, so this pair changes whenever the data does; reading it is one index seek.
 */
export async function latestHistoryEntry(
  db: Kysely<Database>,
): Promise<{ id: number; at: string } | undefined> {
  const row = await db
    .selectFrom('history')
    .select(['id', 'at'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), at: row.at } : undefined;
}

/**
 * Appends many changes in order (an import's batch), 1,024 a statement and the rest in powers of
 * two, so that few distinct statements are prepared.
 */
export async function appendHistoryMany(
  db: Kysely<Database>,
  entries: readonly HistoryEntry[],
): Promise<void> {
  for (let k = 0; k < entries.length; ) {
    const n = 2 ** Math.min(10, Math.floor(Math.log2(entries.length - k)));
    const slice = entries.slice(k, k + n);
    k += n;
    await db.insertInto('history').values(slice.map(historyRow)).execute();
  }
}
