import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { freshPostgres, POSTGRES_URL, postgresSkipReason } from '../helpers/databases.ts';

test('PostgreSQL: another schema holding only a migration table does not stop a new schema migrating', {
  skip: postgresSkipReason,
}, async () => {
  // A run that failed half-way can leave exactly this behind in the shared test database.
  const decoy = `t_decoy_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${decoy}`);
    await admin.query(`create table ${decoy}.kysely_migration_lock (id text primary key)`);
    const t = await freshPostgres();
    try {
      const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name in ('kysely_migration', 'initiatives')`.execute(
        t.db.kysely,
      );
      assert.equal(rows[0]?.n, 2);
    } finally {
      await t.dispose();
    }
  } finally {
    await admin.query(`drop schema if exists ${decoy} cascade`);
    await admin.end();
  }
});
