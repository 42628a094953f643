import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../../src/db/connect.ts';
import { migrateTo, migrateToLatest, migrationsFor } from '../../src/db/migrations/index.ts';
import {
  DIALECTS,
  freshPostgres,
  POSTGRES_URL,
  postgresSkipReason,
  type TestDb,
} from '../helpers/databases.ts';
import { dumpSchema } from '../helpers/schema-dump.ts';
import { describe, test } from '../helpers/suite.ts';

/** The last migration of the first release (commit cd5e860); databases made then stop here. */
const FIRST_RELEASE = '0002_full_text_search';

/** Runs SQL statements one by one, as the released schema's rows are written below. */
async function run(db: Db, statements: readonly string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db.kysely);
}

/** Rows of each shape the first release could hold, including the ones later edits reshaped. */
const RELEASED_ROWS = [
  `INSERT INTO sources (code, title, publisher, year, created_at, updated_at)
   VALUES ('s1', 'A report', 'A publisher', 2025, 't0', 't0')`,
  `INSERT INTO regions (code, name, level, country_code, created_at, updated_at)
   VALUES ('ES', 'Spain', 'country', 'ES', 't0', 't0')`,
  `INSERT INTO initiatives (id, slug, name, home_country, status, domain, structural_type,
     created_at, updated_at)
   VALUES (1, 'genomics-es', 'Genomics Spain', 'ES', 'active', 'research', 'programme', 't0', 't0')`,
  `INSERT INTO initiative_funding (id, initiative_id, funder) VALUES
   (1, 1, 'Horizon Europe'), (2, 1, 'Fundación Mapfre'), (3, 1, 'Someone unknown')`,
  `INSERT INTO record_sources (entity, entity_key, source_code) VALUES ('initiative', 'genomics-es', 's1')`,
  `INSERT INTO campaigns (id, slug, kind, title, created_at, updated_at)
   VALUES (7, 'wave-1', 'interviews', 'First wave', 't0', 't0')`,
  `INSERT INTO evidence (id, statement, region_code, campaign_id, created_at, updated_at)
   VALUES (3, 'Data are hard to reach', 'ES', 7, 't0', 't1')`,
  `INSERT INTO evidence_barriers (evidence_id, barrier_code) VALUES (3, 'b01')`,
  `INSERT INTO good_practices (id, slug, name, country_code, created_at, updated_at)
   VALUES (4, 'biobank', 'A biobank', 'ES', 't0', 't0')`,
  `INSERT INTO good_practice_barriers (good_practice_id, barrier_code) VALUES (4, 'b02')`,
  `INSERT INTO regional_reports (id, region_code, campaign_id, overview, created_at, updated_at)
   VALUES (2, 'ES', 7, 'Overview', 't0', 't0')`,
  `INSERT INTO interview_counts (id, region_code, campaign_id, stakeholder_group, count,
     printed_total, created_at, updated_at) VALUES
   (8, 'ES', 7, 'industry', 3, 10, 't0', 't1'), (9, 'ES', 7, 'patient_organisation', 2, 10, 't0', 't2')`,
  `INSERT INTO workshops (id, region_code, campaign_id, participants, created_at, updated_at)
   VALUES (5, 'ES', 7, 12, 't0', 't0')`,
  `INSERT INTO reported_figures (id, key, label, value, source_code, section, created_at, updated_at)
   VALUES (6, 'regions', 'Regions covered', 10, 's1', '2.1', 't0', 't0')`,
];

/** Reads rows as plain objects, whatever the dialect. */
async function rows(db: Db, query: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(query).execute(db.kysely)).rows.map((r) => ({
    ...r,
  }));
}

/** A database at the first release, brought to the latest schema; `before` runs in between. */
function upgradedFromFirstRelease(
  dialect: (typeof DIALECTS)[number],
  before: (db: Db) => Promise<void> = async () => {},
): Promise<TestDb> {
  return dialect.open(async (db) => {
    await migrateTo(db, FIRST_RELEASE);
    await before(db);
    await migrateToLatest(db);
  });
}

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('a database at the first released schema migrates to exactly the schema of a fresh one', async () => {
      const fresh = await dialect.open();
      let released: Awaited<ReturnType<typeof dumpSchema>> = [];
      const upgraded = await upgradedFromFirstRelease(dialect, async (db) => {
        released = await dumpSchema(db);
      });
      try {
        const want = await dumpSchema(fresh.db);
        assert.ok(want.length > 300, `a dump of the whole schema, not ${want.length} lines`);
        assert.notDeepEqual(released, want, 'the first release differs from the latest schema');
        assert.deepEqual(await dumpSchema(upgraded.db), want);
      } finally {
        await fresh.dispose();
        await upgraded.dispose();
      }
    });

    test("the first release's rows survive the upgrade in their new shape", async () => {
      const t = await upgradedFromFirstRelease(dialect, (db) => run(db, RELEASED_ROWS));
      try {
        const db = t.db;
        assert.deepEqual(
          await rows(db, 'SELECT funder, kind FROM initiative_funding ORDER BY id'),
          [
            { funder: 'Horizon Europe', kind: 'eu' },
            { funder: 'Fundación Mapfre', kind: 'charity' },
            { funder: 'Someone unknown', kind: 'mixed' },
          ],
        );
        assert.deepEqual(await rows(db, 'SELECT slug, title FROM campaigns'), [
          { slug: 'wave-1', title: 'First wave' },
        ]);
        assert.deepEqual(
          await rows(db, 'SELECT id, key, campaign_slug, updated_at FROM evidence'),
          [{ id: 3, key: 'evidence-3', campaign_slug: 'wave-1', updated_at: 't1' }],
        );
        assert.deepEqual(
          await rows(db, 'SELECT id, slug, country_code, scope FROM good_practices'),
          [{ id: 4, slug: 'biobank', country_code: 'ES', scope: null }],
        );
        assert.deepEqual(await rows(db, 'SELECT campaign_slug, overview FROM regional_reports'), [
          { campaign_slug: 'wave-1', overview: 'Overview' },
        ]);
        assert.deepEqual(
          await rows(
            db,
            `SELECT id, campaign_slug, printed_total, industry, healthcare_provider,
               patient_organisation, created_at, updated_at FROM interview_rows`,
          ),
          [
            {
              id: 8,
              campaign_slug: 'wave-1',
              printed_total: 10,
              industry: 3,
              healthcare_provider: null,
              patient_organisation: 2,
              created_at: 't0',
              updated_at: 't2',
            },
          ],
        );
        assert.deepEqual(await rows(db, 'SELECT key, campaign_slug FROM workshops'), [
          { key: 'workshop-5', campaign_slug: 'wave-1' },
        ]);
        assert.deepEqual(await rows(db, 'SELECT key, value, qualifier FROM reported_figures'), [
          { key: 'regions', value: 10, qualifier: 'exact' },
        ]);
        assert.deepEqual(
          await rows(
            db,
            'SELECT entity, entity_key, source_code, section FROM record_sources ORDER BY entity',
          ),
          [
            { entity: 'figure', entity_key: 'regions', source_code: 's1', section: '2.1' },
            { entity: 'initiative', entity_key: 'genomics-es', source_code: 's1', section: null },
          ],
        );
        // The link rows survived the rebuild of their parents and still cascade from them.
        assert.equal((await rows(db, 'SELECT * FROM evidence_barriers')).length, 1);
        assert.equal((await rows(db, 'SELECT * FROM good_practice_barriers')).length, 1);
        await run(db, ['DELETE FROM evidence', 'DELETE FROM good_practices']);
        assert.equal((await rows(db, 'SELECT * FROM evidence_barriers')).length, 0);
        assert.equal((await rows(db, 'SELECT * FROM good_practice_barriers')).length, 0);
        // New rows get ids after the copied ones.
        await run(db, [
          `INSERT INTO workshops (key, region_code, created_at, updated_at)
           VALUES ('w-new', 'ES', 't3', 't3')`,
        ]);
        assert.deepEqual(await rows(db, "SELECT id FROM workshops WHERE key = 'w-new'"), [
          { id: 6 },
        ]);
      } finally {
        await t.dispose();
      }
    });

    test('a released row that breaks a new foreign key stops the upgrade, and the reshaping is undone', async () => {
      const t = await dialect.open(async (db) => {
        await migrateTo(db, FIRST_RELEASE);
        await run(db, [...RELEASED_ROWS, "UPDATE good_practices SET country_code = 'ZZ'"]);
      });
      try {
        await assert.rejects(
          migrateToLatest(t.db),
          /migration 0006_reference_records failed .*foreign key/i,
        );
        // Still the released shape, with every row.
        assert.deepEqual(await rows(t.db, 'SELECT id, campaign_id FROM evidence'), [
          { id: 3, campaign_id: 7 },
        ]);
        assert.deepEqual(await rows(t.db, 'SELECT country_code FROM good_practices'), [
          { country_code: 'ZZ' },
        ]);
        assert.equal((await rows(t.db, 'SELECT * FROM evidence_barriers')).length, 1);
        assert.equal((await rows(t.db, 'SELECT * FROM interview_counts')).length, 2);
      } finally {
        await t.dispose();
      }
    });

    test("a database made by the edited first migration (today's schema, 0001-0004 recorded) is left as it is", async () => {
      const t = await dialect.open();
      try {
        const before = await dumpSchema(t.db);
        // Such a database has every later migration still to run: each must see it has nothing to do.
        const later = Object.keys(migrationsFor(dialect.name)).filter(
          (n) => n > '0004_import_keys',
        );
        await sql`DELETE FROM kysely_migration WHERE name IN (${sql.join(later)})`.execute(
          t.db.kysely,
        );
        assert.deepEqual(await migrateToLatest(t.db), later);
        assert.deepEqual(await dumpSchema(t.db), before);
      } finally {
        await t.dispose();
      }
    });
  });
}

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
