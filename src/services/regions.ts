import type { Db } from '../db/connect.ts';
import { listRegions } from '../repositories/regions.ts';

/** Names of all regions and countries by code. */
export async function regionNames(db: Db): Promise<Map<string, string>> {
  return new Map((await listRegions(db.kysely)).map((r) => [r.code, r.name]));
}
