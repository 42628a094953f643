import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/connect.ts';
import { freshPostgres, POSTGRES_URL, postgresSkipReason } from '../helpers/databases.ts';

// PostgreSQL only: SQLite has no connection pool and no server that could end a connection.
test('PostgreSQL: the server ending idle pooled connections is logged, and the next query on the same Db succeeds', {
  skip: postgresSkipReason,
}, async () => {
  const t = await freshPostgres();
  const logged: Error[] = [];
  let told: () => void = () => {};
  const bothTold = new Promise<void>((resolve) => {
    told = resolve;
  });
  const db = openDatabase(t.url, {
    onPoolError: (e) => {
      logged.push(e);
      if (logged.length === 2) told();
    },
  });
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    // Two queries at once make the pool open two connections, which then sit idle in it.
    const pids = await Promise.all(
      [1, 2].map(async () => {
        const { rows } = await sql<{ pid: number }>`
          select pg_backend_pid() as pid, pg_sleep(0.2)`.execute(db.kysely);
        return rows[0]?.pid as number;
      }),
    );
    assert.equal(new Set(pids).size, 2, 'the pool should hold two distinct connections');

    const { rows } = await admin.query<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from unnest($1::int[]) as pid',
      [pids],
    );
    assert.deepEqual(
      rows.map((r) => r.ended),
      [true, true],
    );
    await Promise.race([
      bothTold,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the pool error callback was not called')), 5000),
      ),
    ]);
    assert.equal(logged.length, 2);
    assert.match(logged[0]?.message ?? '', /terminat/i);

    // Reaching this line means the process survived; the pool must also serve the next query.
    const after = await sql<{ n: number; pid: number }>`
      select count(*)::int as n, pg_backend_pid() as pid from initiatives`.execute(db.kysely);
    assert.equal(after.rows[0]?.n, 0);
    assert.ok(!pids.includes(after.rows[0]?.pid as number), 'a new connection answers');
  } finally {
    await admin.end();
    await db.close();
    await t.dispose();
  }
});
