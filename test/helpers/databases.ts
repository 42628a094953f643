import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrations/index.ts';

/** The PostgreSQL server the tests use: TEST_POSTGRES_URL, else the local test database. */
export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 15000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why PostgreSQL tests are skipped, or undefined when the server answers. Printed once. */
export const postgresSkipReason: string | undefined = await postgresReachable().then((why) => {
  if (why) {
    const msg = `PostgreSQL at ${POSTGRES_URL} is not reachable (${why}): the PostgreSQL variants of these tests are SKIPPED`;
    process.stderr.write(`\n*** ${msg}\n\n`);
    return msg;
  }
  return undefined;
});

/** A fresh, migrated database of one dialect, and how to throw it away. */
export interface TestDb {
  readonly db: Db;
  readonly url: string;
  dispose(): Promise<void>;
}

/** How a test database is brought to the schema it needs; the latest unless a test says otherwise. */
export type Migrate = (db: Db) => Promise<unknown>;

/** Opens and migrates a database; dispose closes it, then runs `cleanup`. */
async function migrated(
  url: string,
  cleanup: () => Promise<void>,
  migrate: Migrate,
): Promise<TestDb> {
  const db = openDatabase(url);
  try {
    await migrate(db);
  } catch (e) {
    // A failed migration must not leave its schema behind for later runs to trip over.
    await db.close();
    await cleanup();
    throw e;
  }
  return {
    db,
    url,
    async dispose() {
      await db.close();
      await cleanup();
    },
  };
}

/** Opens a new empty SQLite file database in a temporary folder. */
export async function freshSqlite(migrate: Migrate = migrateToLatest): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-test-'));
  const url = `sqlite:${join(dir, 'atlas.db')}`;
  return migrated(url, async () => rmSync(dir, { recursive: true, force: true }), migrate);
}

/** Opens a new empty PostgreSQL schema (its own search_path), dropped on dispose. */
export async function freshPostgres(migrate: Migrate = migrateToLatest): Promise<TestDb> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const url = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return migrated(
    url,
    async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
    migrate,
  );
}

/** The dialects every repository and search test runs on; PostgreSQL carries a skip reason when unreachable. */
export const DIALECTS = [
  { name: 'sqlite', open: freshSqlite, skip: undefined as string | undefined },
  { name: 'postgres', open: freshPostgres, skip: postgresSkipReason },
] as const;
