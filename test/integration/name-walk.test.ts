/**
 * A filtered browse by name (no words, some facet filters, sort=name) walks the in-memory name
 * order of the reader's language and keeps the ids the facet table says pass the filters (issue
 * 18): the same pages as the filter in SQL sorted by the language's collation, without reading
 * every match. On both databases.
 */
import assert from 'node:assert/strict';
import type { KyselyPlugin, QueryResult, UnknownRow } from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import { generateDataset } from '../../bench/generator.ts';
import type { Db } from '../../src/db/connect.ts';
import type { SearchQuery } from '../../src/domain/search.ts';
import { prepareFacetTable, searchInitiatives } from '../../src/search/index.ts';
import { referenceSearch } from '../../src/search/reference.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const DATA = generateDataset(400, 18);

/** Names whose order differs between languages (Swedish Å Ä Ö after Z, Lithuanian y after i). */
const NAMES = ['Zeta walk', 'Åland walk', 'Ärlig walk', 'Örebro walk', 'Ystad walk', 'Iris walk'];

/** A browse by name without words. */
function browse(
  filters: SearchQuery['filters'],
  page: number,
  pageSize: number,
  language: string,
): SearchQuery & { language: string } {
  return { text: '', filters, sort: 'name', page, pageSize, language };
}

/**
 * The expected page, straight from the records: the rows a plain SQL filter selects, sorted by
 * the language's collation (equal names by id).
 */
async function expectedSlugs(
  t: TestDb,
  where: RawBuilder<unknown>,
  q: SearchQuery & { language: string },
): Promise<string[]> {
  const r = await sql<{ id: number; slug: string; name: string }>`select i.id, i.slug, i.name
    from initiatives i where ${where}`.execute(t.db.kysely);
  const compare = new Intl.Collator(q.language).compare;
  const rows = r.rows.sort((a, b) => compare(a.name, b.name) || Number(a.id) - Number(b.id));
  const start = (q.page - 1) * q.pageSize;
  return rows.slice(start, start + q.pageSize).map((row) => row.slug);
}

/** A database handle that records how many rows each statement it runs returns. */
function counted(db: Db): { db: Db; rows: number[] } {
  const rows: number[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args): Promise<QueryResult<UnknownRow>> {
      rows.push(args.result.rows.length);
      return args.result;
    },
  };
  return { db: { ...db, kysely: db.kysely.withPlugin(plugin) }, rows };
}

for (const dialect of DIALECTS) {
  describe(`a filtered browse by name on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let domain: string;
    let country: string;
    before(async () => {
      t = await dialect.open();
      await seedData(t.db, DATA);
      const first = DATA.initiatives[0];
      assert.ok(first);
      domain = first.domain;
      country = first.homeCountry;
      await t.db.kysely.transaction().execute(async (trx) => {
        for (const [k, name] of NAMES.entries()) {
          const record = { ...first, slug: `walk-${k}`, name, relations: [] };
          await saveInitiative(trx, record, 'test', '2031-01-01T00:00:00.000Z');
        }
      });
      await prepareFacetTable(t.db);
    });
    after(async () => {
      await t?.dispose();
    });

    test('every page in Swedish, Lithuanian and English is the filter in SQL sorted by collation', async () => {
      const cases: [SearchQuery['filters'], RawBuilder<unknown>][] = [
        [{ domain: [domain] }, sql`i.domain = ${domain}`],
        [
          { domain: [domain], country: [country, 'SE'] },
          sql`i.domain = ${domain} and i.home_country in (${country}, 'SE')`,
        ],
        [
          { theme: ['education', 'genomics'], status: ['ongoing'] },
          sql`i.status = 'ongoing' and i.id in (select initiative_id from initiative_themes
            where theme_code in ('education', 'genomics'))`,
        ],
        [{ country: ['XX'] }, sql`i.home_country = 'XX'`],
      ];
      let compared = 0;
      for (const [filters, where] of cases) {
        for (const language of ['sv', 'lt', 'en']) {
          for (const [page, pageSize] of [
            [1, 20],
            [2, 20],
            [3, 7],
            [40, 5],
          ] as const) {
            const q = browse(filters, page, pageSize, language);
            const got = await searchInitiatives(t.db, q);
            const want = await expectedSlugs(t, where, q);
            const what = JSON.stringify(q);
            assert.deepEqual(
              got.hits.map((h) => h.slug),
              want,
              what,
            );
            assert.deepEqual(got.hits, (await referenceSearch(t.db, q)).hits, what);
            compared += want.length;
          }
        }
      }
      assert.ok(compared > 100, `pages hold hits (${compared})`);
      const sv = await searchInitiatives(t.db, browse({ country: [country] }, 1, 500, 'sv'));
      const walked = sv.hits.map((h) => h.name).filter((n) => n.endsWith(' walk'));
      assert.deepEqual(walked, [
        'Iris walk',
        'Ystad walk',
        'Zeta walk',
        'Åland walk',
        'Ärlig walk',
        'Örebro walk',
      ]);
      const lt = await searchInitiatives(t.db, browse({ country: [country] }, 1, 500, 'lt'));
      const order = lt.hits.map((h) => h.name).filter((n) => n.endsWith(' walk'));
      assert.equal(order.length, NAMES.length);
      assert.equal(order.indexOf('Ystad walk'), order.indexOf('Iris walk') + 1, order.join(', '));
    });

    test('it reads the page only, not every match', async () => {
      const spied = counted(t.db);
      await prepareFacetTable(spied.db);
      const q = browse({ domain: [domain] }, 2, 10, 'sv');
      const first = await searchInitiatives(spied.db, q); // makes the name order of this handle
      const matches = await sql<{ n: number }>`select count(*) as n from initiatives
        where domain = ${domain}`.execute(t.db.kysely);
      assert.equal(first.total, Number(matches.rows[0]?.n));
      assert.ok(first.total > 30, `the filter matches many (${first.total})`);
      spied.rows.length = 0;
      const again = await searchInitiatives(spied.db, q);
      assert.deepEqual(again, first);
      assert.ok(spied.rows.length > 0, 'statements are seen');
      const most = Math.max(...spied.rows);
      assert.ok(most <= q.pageSize, `a statement read ${most} rows of ${first.total} matches`);
    });
  });
}
