import { type Db, type OpenOptions, openDatabase, poolErrorMessage } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { latestHistoryEntry } from '../repositories/history.ts';
import { countInitiatives } from '../repositories/initiatives.ts';
import { type SeedReport, seedReference } from './seed.ts';

/** Where the atlas keeps its data: the database URL and the reference dataset's folder. */
export interface AtlasLocation {
  readonly databaseUrl: string;
  readonly referenceDir: string;
  /** A PostgreSQL read replica for the public reads (DATABASE_REPLICA_URL). */
  readonly replicaUrl?: string;
}

/** Runs a read-only request with its reads sent to the replica, where there is one. */
export { withReplicaReads } from '../db/replica.ts';

/** What opening the atlas did to the database, for the start-up log. */
export interface OpenReport {
  readonly migrations: readonly string[];
  readonly seeded: SeedReport | undefined;
}

/** Opens a database and brings its schema up to date; returns the migrations it applied. */
export async function openAtlasDatabase(
  databaseUrl: string,
  options: OpenOptions = {},
): Promise<{ db: Db; migrations: string[] }> {
  const db = openDatabase(databaseUrl, options);
  try {
    return { db, migrations: await migrateToLatest(db) };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Brings a database's schema up to date and closes it: `atlas db migrate`. */
export async function migrateDatabase(
  databaseUrl: string,
): Promise<{ description: string; migrations: string[] }> {
  const { db, migrations } = await openAtlasDatabase(databaseUrl);
  await db.close();
  return { description: db.description, migrations };
}

/**
 * True when the database holds no curated data yet: no initiatives, and no change to any record
 * (every write of curated content appends to the history). The code lists that migrating alone
 * puts in (countries, partner regions, themes) do not count: they are there in every new atlas.
 */
export async function isEmpty(db: Db): Promise<boolean> {
  return (
    (await countInitiatives(db.kysely)) === 0 && (await latestHistoryEntry(db.kysely)) === undefined
  );
}

/**
 * Opens, migrates and, when the database is new, seeds it with the reference dataset. A pooled
 * connection the server drops later is reported to `log.poolError` as one line (stderr by default).
 */
export async function openAtlas(
  where: AtlasLocation,
  log: { readonly poolError?: (line: string) => void } = {},
): Promise<{ db: Db; report: OpenReport }> {
  const logLine = log.poolError;
  const options = {
    replicaUrl: where.replicaUrl,
    ...(logLine ? { onPoolError: (e: Error) => logLine(poolErrorMessage(e)) } : {}),
  };
  const { db, migrations } = await openAtlasDatabase(where.databaseUrl, options);
  try {
    const seeded = (await isEmpty(db)) ? await seedReference(db, where.referenceDir) : undefined;
    return { db, report: { migrations, seeded } };
  } catch (e) {
    await db.close();
    throw e;
  }
}
