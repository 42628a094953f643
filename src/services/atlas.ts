import type { Config } from '../config.ts';
import { type Db, type OpenOptions, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
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
export async function openAtlasDatabase(
  config: Config,
  options: OpenOptions = {},
): Promise<{ db: Db; migrations: string[] }> {
  const db = openDatabase(config.DATABASE_URL, options);
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
export async function openAtlas(
  config: Config,
  options: OpenOptions = {},
): Promise<{ db: Db; report: OpenReport }> {
  const { db, migrations } = await openAtlasDatabase(config, options);
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

/** The version of the data and when it was made; `key` changes with every change to the data. */
export interface DataVersion {
  readonly key: string;
  /** The time of the newest history entry as stored (ISO 8601); absent for an empty history. */
  readonly at?: string;
}

/**
 * The data version: the newest history entry, since every change to curated content appends
 * one. One index seek, so caches (search results, bulk downloads, HTTP validators) can ask it on
 * every request.
 */
export async function dataVersion(db: Db): Promise<DataVersion> {
  const last = await latestHistoryEntry(db.kysely);
  return last ? { key: `${last.id}@${last.at}`, at: last.at } : { key: 'empty' };
}

/** When the data last changed: the time of the newest history entry (undefined for an empty history). */
export async function lastDataChange(db: Db): Promise<Date | undefined> {
  const { at } = await dataVersion(db);
  const date = at === undefined ? undefined : new Date(at);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
