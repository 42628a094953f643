import type { Config } from '../config.ts';
import { type Db, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { latestHistoryEntry } from '../repositories/history.ts';
import { countInitiatives } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { type SeedReport, seedReference } from './seed.ts';

/** What opening the atlas did to the database, for the start-up log. */
export interface OpenReport {
  readonly migrations: readonly string[];
  readonly seeded: SeedReport | undefined;
}

/** Opens the configured database and brings its schema up to date. */
export async function openAtlasDatabase(config: Config): Promise<{ db: Db; migrations: string[] }> {
  const db = openDatabase(config.DATABASE_URL);
  try {
    return { db, migrations: await migrateToLatest(db) };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** True when the database holds no regions and no initiatives yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  return (await countInitiatives(db.kysely)) === 0 && (await listRegions(db.kysely)).length === 0;
}

/** Opens, migrates and, when the database is new, seeds it with the reference dataset. */
export async function openAtlas(config: Config): Promise<{ db: Db; report: OpenReport }> {
  const { db, migrations } = await openAtlasDatabase(config);
  try {
    const seeded = (await isEmpty(db)) ? await seedReference(db, config.REFERENCE_DIR) : undefined;
    return { db, report: { migrations, seeded } };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Whether the database answers, with the number of initiatives when it does. */
export async function checkHealth(
  db: Db,
): Promise<{ ok: true; initiatives: number } | { ok: false; reason: string }> {
  try {
    return { ok: true, initiatives: await countInitiatives(db.kysely) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** When the data last changed: the time of the newest history entry (undefined for an empty history). */
export async function lastDataChange(db: Db): Promise<Date | undefined> {
  const last = await latestHistoryEntry(db.kysely);
  if (!last) return undefined;
  const at = new Date(last.at);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
