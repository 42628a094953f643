import assert from 'node:assert/strict';
import { canonicalInitiative } from '../../src/domain/initiative.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { countHistory } from '../../src/repositories/history.ts';
import {
  countInitiatives,
  findInitiativeBySlug,
  listRelated,
  listSimilarInitiatives,
} from '../../src/repositories/initiatives.ts';
import { seedData, seedReference } from '../../src/services/seed.ts';
import { getStats } from '../../src/services/stats.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

for (const dialect of DIALECTS) {
  describe(`repositories on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
    });
    after(async () => {
      await t?.dispose();
    });

    test('seeding loads every fixture record, and seeding again changes nothing', async () => {
      const first = await seedReference(t.db, FIXTURE_DIR, { now: '2026-01-01T00:00:00.000Z' });
      const data = await readReferenceData(FIXTURE_DIR);
      assert.equal(first.initiatives.created, data.initiatives.length);
      // Migrating put the places in already (the code lists): seeding writes the fixture's over them.
      assert.equal(first.regions.created, 0);
      assert.equal(first.regions.updated + first.regions.unchanged, data.regions.length);
      assert.equal(await countInitiatives(t.db.kysely), data.initiatives.length);
      const historyAfterFirst = await countHistory(t.db.kysely);

      const second = await seedReference(t.db, FIXTURE_DIR, { now: '2026-01-02T00:00:00.000Z' });
      assert.deepEqual(second.initiatives, {
        created: 0,
        updated: 0,
        unchanged: data.initiatives.length,
      });
      assert.deepEqual(second.regions, { created: 0, updated: 0, unchanged: data.regions.length });
      assert.equal(await countInitiatives(t.db.kysely), data.initiatives.length);
      assert.equal(await countHistory(t.db.kysely), historyAfterFirst);
    });

    test('a stored initiative reads back equal to what was loaded, with version 1', async () => {
      const data = await readReferenceData(FIXTURE_DIR);
      for (const input of data.initiatives) {
        const stored = await findInitiativeBySlug(t.db.kysely, input.slug);
        assert.ok(stored, input.slug);
        const { id, version, createdAt, updatedAt, ...content } = stored;
        assert.equal(version, 1);
        assert.equal(createdAt, '2026-01-01T00:00:00.000Z');
        assert.deepEqual(canonicalInitiative(content), canonicalInitiative(input), input.slug);
      }
    });

    test('a changed record gets a new version and a history entry with before and after', async () => {
      const data = await readReferenceData(FIXTURE_DIR);
      const changed = data.initiatives.map((i) =>
        i.slug === 'camp'
          ? { ...i, status: 'closed' as const, themes: [...i.themes, 'education' as const] }
          : i,
      );
      const historyBefore = await countHistory(t.db.kysely);
      const report = await seedData(
        t.db,
        { ...data, initiatives: changed },
        { now: '2026-02-01T00:00:00.000Z' },
      );
      assert.equal(report.initiatives.updated, 1);
      const camp = await findInitiativeBySlug(t.db.kysely, 'camp');
      assert.equal(camp?.version, 2);
      assert.equal(camp?.status, 'closed');
      assert.deepEqual(camp?.themes, ['atmp', 'education']);
      assert.equal(camp?.updatedAt, '2026-02-01T00:00:00.000Z');
      assert.equal(await countHistory(t.db.kysely), historyBefore + 1);
    });

    test('relations are readable from both ends', async () => {
      const child = await findInitiativeBySlug(t.db.kysely, 'complementary-plan-la2-databases');
      const parent = await findInitiativeBySlug(
        t.db.kysely,
        'complementary-plan-biotechnology-health',
      );
      assert.ok(child && parent);
      assert.deepEqual(child.relations, [
        { kind: 'part_of', target: 'complementary-plan-biotechnology-health' },
      ]);
      const related = await listRelated(t.db.kysely, parent.id);
      assert.deepEqual(
        related.map((r) => [r.direction, r.kind, r.slug]),
        [['incoming', 'part_of', 'complementary-plan-la2-databases']],
      );
    });

    test('similar initiatives share themes, most shared first', async () => {
      const camp = await findInitiativeBySlug(t.db.kysely, 'camp');
      assert.ok(camp);
      const similar = await listSimilarInitiatives(t.db.kysely, camp.id, camp.domain, 5);
      assert.deepEqual(similar[0], {
        slug: 'atmp-catalonia',
        name: 'ATMP Catalonia',
        language: 'en',
        shared: 1,
      });
      assert.ok(!similar.some((s) => s.slug === 'camp'));
    });

    test('a load that fails part-way commits nothing', async () => {
      const data = await readReferenceData(FIXTURE_DIR);
      const before = await countInitiatives(t.db.kysely);
      const template = data.initiatives[0];
      assert.ok(template);
      const broken = {
        ...data,
        initiatives: [
          { ...template, slug: 'new-valid-record' },
          // Passes the schema but breaks a foreign key: the whole load must roll back.
          { ...template, slug: 'new-broken-record', homeCountry: 'ZZ' },
        ],
      };
      await assert.rejects(seedData(t.db, broken));
      assert.equal(await countInitiatives(t.db.kysely), before);
      assert.equal(await findInitiativeBySlug(t.db.kysely, 'new-valid-record'), undefined);
    });

    test('stats count what the records hold', async () => {
      const data = await readReferenceData(FIXTURE_DIR);
      const stats = await getStats(t.db);
      assert.equal(stats.total, data.initiatives.length);
      const ecoRow = stats.domainByType.rows.indexOf('ecosystem');
      const piCol = stats.domainByType.columns.indexOf('permanent_institution');
      // After the update test, camp is still an ecosystem permanent institution.
      const expected = data.initiatives.filter(
        (i) => i.domain === 'ecosystem' && i.type === 'permanent_institution',
      ).length;
      assert.equal(stats.domainByType.cells[ecoRow]?.[piCol], expected);
      const byRegion = Object.fromEntries(stats.byRegion.map((r) => [r.key, r.n]));
      assert.equal(
        byRegion.ES51,
        data.initiatives.filter((i) => i.submittingRegion === 'ES51').length,
      );
      assert.equal(
        stats.byStatus.reduce((a, s) => a + s.n, 0),
        data.initiatives.length,
      );
    });
  });
}
