import type { Kysely } from 'kysely';
import type { Database, RegionRow } from '../db/types.ts';
import type { Region } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates a region. */
export function upsertRegion(db: Q, r: Region, now: string): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    'regions',
    { code: r.code },
    {
      name: r.name,
      native_name: r.nativeName ?? null,
      level: r.level,
      parent_code: r.parent ?? null,
      country_code: r.country,
      is_partner: r.partner ? 1 : 0,
    },
    now,
  );
}

/** All regions, ordered by name. */
export async function listRegions(db: Q): Promise<RegionRow[]> {
  return db.selectFrom('regions').selectAll().orderBy('name').execute();
}
