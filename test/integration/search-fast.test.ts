/**
 * The fast search path (facet counts from the per-version facet table, counts without words and
 * filters once per data version, the browse by an index) against the straightforward query
 * (src/search/reference.ts: every facet count re-runs the match in SQL), on both databases: a
 * property test over generated data and random words, filters, sorts and pages.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { generateDataset, prng } from '../../bench/generator.ts';
import { FACET_NAMES, type FacetName, type SearchQuery } from '../../src/domain/search.ts';
import { prepareFacetTable, searchInitiatives } from '../../src/search/index.ts';
import { referenceSearch } from '../../src/search/reference.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const DATA = generateDataset(300, 19);
const SORTS = ['relevance', 'name', 'updated'] as const;

/** Words people type: common, rare, prefixes, phrases, words of names, and none. */
function words(rand: () => number): string[] {
  const fromNames = DATA.initiatives.map((i) => i.name.split(' ')[0] ?? '');
  return [
    '',
    '',
    '',
    'oncology',
    'gen',
    'data',
    'patient network',
    'precision oncology',
    'health',
    'xyzzyqq',
    ...Array.from({ length: 6 }, () => fromNames[Math.floor(rand() * fromNames.length)] ?? ''),
  ];
}

/** Random queries: 0-3 filtered facets of 1-2 values each (values on record), sorts and pages. */
function randomQueries(
  seed: number,
  count: number,
  values: Record<FacetName, string[]>,
): SearchQuery[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const texts = words(rand);
  return Array.from({ length: count }, () => {
    const filters: Partial<Record<FacetName, string[]>> = {};
    const facets = Math.floor(rand() * 4);
    for (let k = 0; k < facets; k++) {
      const f = pick(FACET_NAMES);
      if (values[f].length === 0) continue;
      filters[f] = [...new Set([pick(values[f]), ...(rand() < 0.4 ? [pick(values[f])] : [])])];
    }
    return {
      text: pick(texts),
      filters,
      sort: pick(SORTS),
      page: rand() < 0.8 ? 1 : 2,
      pageSize: pick([5, 20]),
    };
  });
}

/** Asserts the fast path answers as the reference does. */
async function sameAsReference(t: TestDb, q: SearchQuery): Promise<void> {
  const [fast, ref] = await Promise.all([searchInitiatives(t.db, q), referenceSearch(t.db, q)]);
  const what = JSON.stringify(q);
  assert.equal(fast.total, ref.total, `total of ${what}`);
  assert.deepEqual(fast.hits, ref.hits, `hits of ${what}`);
  for (const f of FACET_NAMES) assert.deepEqual(fast.facets[f], ref.facets[f], `${f} of ${what}`);
}

for (const dialect of DIALECTS) {
  describe(`fast search on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let values: Record<FacetName, string[]>;
    before(async () => {
      t = await dialect.open();
      await seedData(t.db, DATA);
      const all = await referenceSearch(t.db, {
        text: '',
        filters: {},
        sort: 'name',
        page: 1,
        pageSize: 1,
      });
      values = Object.fromEntries(
        FACET_NAMES.map((f) => [f, all.facets[f].map((c) => c.value)]),
      ) as Record<FacetName, string[]>;
      await prepareFacetTable(t.db);
    });
    after(async () => {
      await t?.dispose();
    });

    test('random words, filters, sorts and pages: the same hits, totals and facet counts', async () => {
      for (const q of randomQueries(2026, 80, values)) await sameAsReference(t, q);
    });

    test('the counts follow a change to the data at once (a new data version)', async () => {
      const landing: SearchQuery = { text: '', filters: {}, sort: 'name', page: 1, pageSize: 20 };
      const before = await searchInitiatives(t.db, landing);
      const first = DATA.initiatives[0];
      assert.ok(first);
      const probe = {
        ...first,
        slug: 'fast-probe',
        name: 'Aaa fast probe oncology',
        domain: 'policy_regulation' as const,
        scopes: ['regional' as const],
        relations: [],
      };
      await t.db.kysely
        .transaction()
        .execute((trx) => saveInitiative(trx, probe, 'test', '2031-01-01T00:00:00.000Z'));
      // The first search of the new version counts the straightforward way while the table is read.
      const after = await searchInitiatives(t.db, landing);
      assert.equal(after.total, before.total + 1);
      assert.equal(after.hits[0]?.slug, 'fast-probe', 'the browse by name sees it first');
      await prepareFacetTable(t.db);
      assert.deepEqual(await searchInitiatives(t.db, landing), after, 'and the table agrees');
      for (const q of randomQueries(7, 20, values)) await sameAsReference(t, q);
      await sameAsReference(t, { ...landing, text: 'fast probe', sort: 'relevance' });
    });

    test('equal ranks across a page boundary: the same page as the full ranking', async () => {
      const first = DATA.initiatives[1];
      assert.ok(first);
      await t.db.kysely.transaction().execute(async (trx) => {
        for (const n of [5, 3, 1, 4, 2, 6]) {
          const twin = {
            ...first,
            slug: `tie-${n}`,
            name: `Tie ${n} zyxtwin`,
            acronym: undefined,
            nativeName: undefined,
            summary: 'The zyxtwin registry of zyxtwin cohorts.',
            objectives: undefined,
            relations: [],
          };
          await saveInitiative(trx, twin, 'test', '2031-02-02T00:00:00.000Z');
        }
      });
      await prepareFacetTable(t.db);
      for (const pageSize of [1, 2, 4])
        for (const page of [1, 2, 3]) {
          const q: SearchQuery = {
            text: 'zyxtwin',
            filters: {},
            sort: 'relevance',
            page,
            pageSize,
          };
          await sameAsReference(t, q);
          await sameAsReference(t, { ...q, text: 'zyxtw' });
        }
    });

    test('the browse by name and by change reads an index, not a sort of every row', async () => {
      const plans =
        t.db.dialect === 'sqlite'
          ? await sql<{ detail: string }>`explain query plan select id from initiatives i
              order by lower(i.name), i.id limit 20`.execute(t.db.kysely)
          : undefined;
      if (plans) {
        const text = plans.rows.map((r) => r.detail).join('\n');
        assert.match(text, /initiatives_name_order_idx/);
        assert.doesNotMatch(text, /TEMP B-TREE/);
      }
      const indexes =
        t.db.dialect === 'postgres'
          ? await sql<{ indexname: string }>`select indexname from pg_indexes
              where tablename = 'initiatives' and schemaname = current_schema()`.execute(
              t.db.kysely,
            )
          : await sql<{ indexname: string }>`select name as indexname from sqlite_master
              where type = 'index' and tbl_name = 'initiatives'`.execute(t.db.kysely);
      const names = indexes.rows.map((r) => r.indexname);
      assert.ok(names.includes('initiatives_name_order_idx'));
      assert.ok(names.includes('initiatives_updated_order_idx'));
    });
  });
}
