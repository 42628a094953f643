import type { Kysely } from 'kysely';
import type { Database, RegionRow } from '../db/types.ts';
import type { RegionLevelCode } from '../domain/codes.ts';
import type { RegionInfo } from '../domain/region.ts';
import type { Region } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates a region with its provenance. */
export function upsertRegion(db: Q, r: Region, ctx: WriteContext): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'regions',
      entity: 'region',
      key: { code: r.code },
      columns: {
        name: r.name,
        native_name: r.nativeName ?? null,
        level: r.level,
        parent_code: r.parent ?? null,
        country_code: r.country,
        is_partner: r.partner ? 1 : 0,
      },
      sources: r.sources,
    },
    ctx,
  );
}

/** All regions, ordered by name. */
export async function listRegions(db: Q): Promise<RegionInfo[]> {
  const rows = await db.selectFrom('regions').selectAll().orderBy('name').execute();
  return rows.map(toRegion);
}

/** A stored row as the domain's Region (camelCase, a real boolean, a level code). */
function toRegion(r: RegionRow): RegionInfo {
  return {
    code: r.code,
    name: r.name,
    nativeName: r.native_name,
    level: r.level as RegionLevelCode,
    parentCode: r.parent_code,
    countryCode: r.country_code,
    isPartner: r.is_partner === 1,
  };
}
