/**
 * Rate-limit counters in the database, shared by every instance that serves from it: one row per
 * limit and client, counting the hits of a fixed window.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';

type Q = Kysely<Database>;

/** A client's hits in its current window and when the window ends (epoch milliseconds). */
export interface HitCount {
  readonly hits: number;
  readonly windowEnds: number;
}

/**
 * Counts one hit of `key` at `now` in one statement: the first hit of a window (no row yet, or
 * the row's window over) starts a new window of `windowMs`; any other adds one. Atomic on both
 * dialects, so instances counting the same client at once never lose a hit.
 */
export async function countHit(
  db: Q,
  key: string,
  now: number,
  windowMs: number,
): Promise<HitCount> {
  const ends = now + windowMs;
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, hits: 1, window_ends: ends })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_hits.window_ends <= ${now} then 1 else rate_limit_hits.hits + 1 end`,
        window_ends: sql<number>`case when rate_limit_hits.window_ends <= ${now} then ${ends} else rate_limit_hits.window_ends end`,
      }),
    )
    .returning(['hits', 'window_ends'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowEnds: Number(row.window_ends) };
}

/** Takes back one hit of `key` (a request the limiter was told not to count). */
export async function uncountHit(db: Q, key: string): Promise<void> {
  await db
    .updateTable('rate_limit_hits')
    .set({ hits: sql<number>`hits - 1` })
    .where('key', '=', key)
    .where('hits', '>', 0)
    .execute();
}

/** Forgets a client's hits. */
export async function forgetHits(db: Q, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('key', '=', key).execute();
}

/** The hits of `key` in its current window, if it has one. */
export async function findHits(db: Q, key: string, now: number): Promise<HitCount | undefined> {
  const row = await db
    .selectFrom('rate_limit_hits')
    .select(['hits', 'window_ends'])
    .where('key', '=', key)
    .where('window_ends', '>', now)
    .executeTakeFirst();
  return row && { hits: Number(row.hits), windowEnds: Number(row.window_ends) };
}

/** Removes the counters whose window ended before `before`; returns how many. */
export async function forgetEndedWindows(db: Q, before: number): Promise<number> {
  const r = await db
    .deleteFrom('rate_limit_hits')
    .where('window_ends', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
