import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readReferenceData } from '../../src/io/reference.ts';
import { countInitiatives } from '../../src/repositories/initiatives.ts';
import { seedReference } from '../../src/services/seed.ts';
import { getStats } from '../../src/services/stats.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';

describe('the shipped reference dataset', () => {
  test('validates, and every initiative has a domain, a status, a home country and a cited section', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    assert.ok(data.initiatives.length >= 119, 'every row of the D3.1 appendix');
    for (const i of data.initiatives) {
      assert.ok(i.domain && i.status && i.homeCountry, i.slug);
      assert.ok(
        i.sources.length > 0 && i.sources.every((s) => s.section),
        `${i.slug} cites a section`,
      );
    }
    const rows = data.initiatives.flatMap((i) =>
      i.sources
        .filter((s) => s.source === 'preciseu-d3-1' && s.section?.startsWith('7'))
        .map((s) => s.row),
    );
    // The appendix numbers 1-118 and uses 89 twice.
    assert.equal(rows.length, 119);
    assert.equal(rows.filter((r) => r === '89').length, 2);
  });
});

for (const dialect of DIALECTS) {
  describe(`the reference dataset on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
    });
    after(async () => {
      await t?.dispose();
    });

    test('loads completely, twice without duplicates, and stats follow from the records', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const first = await seedReference(t.db, REFERENCE_DIR);
      assert.equal(first.initiatives.created, data.initiatives.length);
      const second = await seedReference(t.db, REFERENCE_DIR);
      assert.equal(second.initiatives.unchanged, data.initiatives.length);
      assert.equal(await countInitiatives(t.db.kysely), data.initiatives.length);
      const stats = await getStats(t.db);
      for (const [r, domain] of stats.domainByType.rows.entries()) {
        assert.equal(
          stats.domainByType.rowTotals[r],
          data.initiatives.filter((i) => i.domain === domain).length,
          domain,
        );
      }
    });
  });
}
