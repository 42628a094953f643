import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';

/**
 * The version of the data a table is valid for: the newest history entry (every change to
 * curated content appends one) and the largest initiative id, each one index seek.
 */
export async function versionStamp(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ h: number | null; at: string | null; i: number | null }>`select
      (select max(id) from history) as h,
      (select at from history order by id desc limit 1) as at,
      (select max(id) from initiatives) as i`.execute(db);
  const row = r.rows[0];
  return `${row?.h ?? 0}@${row?.at ?? ''}/${row?.i ?? 0}`;
}
