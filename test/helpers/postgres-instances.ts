/**
 * For tests that start several real server processes on one PostgreSQL database: SQL run on the
 * server itself (outside any test schema), the address of a schema of its own, and a poll.
 */
import pg from 'pg';
import { POSTGRES_URL } from './databases.ts';

/** Runs `statement` on the PostgreSQL server itself (outside the test's schema). */
export async function onServer(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The test database's address with `schema` as its search path. */
export function schemaUrl(schema: string): string {
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  return `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Asks until `check` gives a value or `ms` pass, pausing `pauseMs` between two asks. */
export async function eventually<T>(
  ms: number,
  check: () => Promise<T | undefined>,
  pauseMs = 250,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
