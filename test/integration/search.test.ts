import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { generateDataset } from '../../bench/generator.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { Initiative } from '../../src/domain/schemas.ts';
import {
  FACET_NAMES,
  type FacetName,
  type SearchQuery,
  searchTerms,
  snippetText,
} from '../../src/domain/search.ts';
import { deleteInitiative, findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import { searchInitiatives } from '../../src/search/index.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { search } from '../../src/services/search.ts';
import { seedData, seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const DATA = generateDataset(400, 7);

/** Words of a record as the index sees them: lower-case letters and digits, accents removed. */
function words(i: Initiative): string[] {
  const text = [i.name, i.acronym, i.nativeName, i.summary, i.objectives].filter(Boolean).join(' ');
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** What a record contributes to a facet. */
function facetValues(i: Initiative, f: FacetName): string[] {
  switch (f) {
    case 'domain':
      return [i.domain];
    case 'type':
      return [i.type];
    case 'status':
      return [i.status];
    case 'country':
      return [i.homeCountry];
    case 'region':
      return i.submittingRegion ? [i.submittingRegion] : [];
    case 'scope':
      return i.scopes;
    case 'theme':
      return i.themes;
    case 'funding':
      return [...new Set(i.funding.map((f) => f.kind))];
    case 'source': {
      // The document the record was taken from, and its section when the reference names one.
      const first = i.sources[0];
      if (!first) return [];
      return first.section ? [first.source, `${first.source}:${first.section}`] : [first.source];
    }
  }
}

/** An independent oracle: which records a query should return, computed in plain JavaScript. */
function oracle(records: readonly Initiative[], q: SearchQuery, except?: FacetName): Initiative[] {
  const terms = searchTerms(q.text);
  return records.filter((r) => {
    const ws = words(r);
    if (!terms.every((t) => ws.some((w) => w.startsWith(t)))) return false;
    return FACET_NAMES.every((f) => {
      const wanted = q.filters[f];
      if (f === except || !wanted || wanted.length === 0) return true;
      return facetValues(r, f).some((v) => wanted.includes(v));
    });
  });
}

function query(
  text: string,
  filters: SearchQuery['filters'] = {},
  page = 1,
  pageSize = 100,
): SearchQuery {
  return { text, filters, sort: text ? 'relevance' : 'name', page, pageSize };
}

const CASES: SearchQuery[] = [
  query(''),
  query('oncology'),
  query('genom'),
  query('precision oncology network'),
  query('data', { domain: ['ecosystem'] }),
  query('', { scope: ['national', 'regional'] }),
  query('patient', { theme: ['atmp', 'genomics'], status: ['ongoing'] }),
  query('', { country: ['DE'], region: ['DE1'] }),
  query('network', { funding: ['eu', 'charity'] }),
  query('data', { source: ['synthetic'], status: ['ongoing'] }),
  query('xyzzyqq'),
];

for (const dialect of DIALECTS) {
  describe(`search on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedData(t.db, DATA);
    });
    after(async () => {
      await t?.dispose();
    });

    for (const q of CASES) {
      test(`"${q.text}" ${JSON.stringify(q.filters)}: totals, pages and facet counts match an independent count`, async () => {
        const expected = oracle(DATA.initiatives, q);
        const result = await searchInitiatives(t.db, q);
        assert.equal(result.total, expected.length);

        const seen: string[] = [];
        for (let page = 1; page <= Math.ceil(result.total / 100); page++) {
          const r = await searchInitiatives(t.db, { ...q, page });
          seen.push(...r.hits.map((h) => h.slug));
        }
        assert.deepEqual([...seen].sort(), expected.map((i) => i.slug).sort());
        assert.equal(new Set(seen).size, seen.length, 'no record appears on two pages');

        for (const f of FACET_NAMES) {
          const counts = new Map<string, number>();
          for (const r of oracle(DATA.initiatives, q, f)) {
            for (const v of facetValues(r, f)) counts.set(v, (counts.get(v) ?? 0) + 1);
          }
          const got = new Map(result.facets[f].map((c) => [c.value, c.count]));
          assert.deepEqual(got, counts, `facet ${f}`);
        }
      });
    }

    test('facet counts equal a direct SQL COUNT over the same filter', async () => {
      const q = query('', { scope: ['national'], status: ['ongoing', 'planned'] });
      const result = await searchInitiatives(t.db, q);
      for (const { value, count } of result.facets.domain) {
        const r = await sql<{ n: number }>`select count(*) as n from initiatives i
          where i.domain = ${value} and i.status in ('ongoing', 'planned')
          and exists (select 1 from initiative_scopes s where s.initiative_id = i.id and s.scope = 'national')`.execute(
          t.db.kysely,
        );
        assert.equal(count, Number(r.rows[0]?.n), `domain ${value}`);
      }
      for (const { value, count } of result.facets.theme) {
        const r = await sql<{ n: number }>`select count(distinct i.id) as n from initiatives i
          join initiative_themes th on th.initiative_id = i.id and th.theme_code = ${value}
          join initiative_scopes s on s.initiative_id = i.id and s.scope = 'national'
          where i.status in ('ongoing', 'planned')`.execute(t.db.kysely);
        assert.equal(count, Number(r.rows[0]?.n), `theme ${value}`);
      }
    });
  });

  describe(`search on ${dialect.name} with the curated fixtures`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
    });
    after(async () => {
      await t?.dispose();
    });

    test('a word that occurs only in a summary finds the initiative, highlighted', async () => {
      const r = await searchInitiatives(t.db, query('bioprocessing'));
      assert.deepEqual(
        r.hits.map((h) => h.slug),
        ['camp'],
      );
      assert.match(r.hits[0]?.snippet ?? '', /\uE000bioprocessing\uE001/i);
      assert.match(snippetText(r.hits[0]?.snippet ?? ''), /bioprocessing and manufacturing/);
    });

    test('a word in the name ranks above the same word in a summary', async () => {
      const r = await searchInitiatives(t.db, query('catalonia'));
      assert.equal(r.hits[0]?.slug, 'atmp-catalonia');
    });

    test('accents are folded and punctuation splits words, the same on both databases', async () => {
      for (const text of ['für', 'fur', 'FÜR']) {
        const r = await searchInitiatives(t.db, query(text));
        assert.ok(
          r.hits.some((h) => h.slug === 'dktk'),
          text,
        );
      }
      // "good manufacturing practice" in CAMP's summary; "long-term" style hyphens split words.
      const hyphen = await searchInitiatives(t.db, query('manufacturing-practice'));
      assert.deepEqual(
        hyphen.hits.map((h) => h.slug),
        ['camp'],
      );
    });

    test('an acronym finds its initiative', async () => {
      const r = await searchInitiatives(t.db, query('DKTK'));
      assert.deepEqual(
        r.hits.map((h) => h.slug),
        ['dktk'],
      );
    });

    test('punctuation and operators in the query are treated as plain words', async () => {
      for (const text of [
        '"',
        'AND OR NOT',
        'camp*',
        '(camp)',
        "camp' OR 1=1 --",
        'NEAR(camp)',
        ':*&|!',
      ]) {
        const r = await searchInitiatives(t.db, query(text));
        assert.ok(r.total >= 0, text);
      }
      const r = await searchInitiatives(t.db, query('(camp)'));
      assert.ok(r.hits.some((h) => h.slug === 'camp'));
    });

    test('an unknown facet value is refused with the allowed values named', async () => {
      await assert.rejects(search(t.db, { domain: 'genomics' }), (e) => {
        assert.ok(isAppError(e, 'invalid_parameter'));
        assert.match(
          e.message,
          /unknown domain "genomics"; allowed values: research_innovation, patient_perspective/,
        );
        return true;
      });
      await assert.rejects(
        search(t.db, { country: 'XX' }),
        /unknown country "XX"; allowed values: .*DE.*SE/,
      );
      await assert.rejects(search(t.db, { page: '0' }), /page must be a whole number/);
    });

    test('word forms follow every write: an added, changed and deleted record (both indexes)', async () => {
      const slugs = async (text: string) =>
        (await searchInitiatives(t.db, query(text))).hits.map((h) => h.slug);
      const stored = await findInitiativeBySlug(t.db.kysely, 'camp');
      assert.ok(stored);
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...camp } = stored;
      const probe = {
        ...camp,
        slug: 'forms-probe',
        name: 'Forms probe',
        acronym: undefined,
        summary: 'Three regional registries of rare tumours.',
        objectives: undefined,
        relations: [],
      };
      const save = (summary: string) =>
        t.db.kysely
          .transaction()
          .execute((trx) =>
            saveInitiative(trx, { ...probe, summary }, 'test', '2031-05-06T07:08:09.000Z'),
          );
      await save('Three regional registries of rare tumours.');
      assert.deepEqual(await slugs('registry'), ['forms-probe'], 'a singular finds a plural');
      assert.deepEqual(await slugs('tumour'), ['forms-probe']);
      assert.deepEqual(await slugs('registri'), ['forms-probe'], 'a word being typed');
      await save('One cohort of volunteers.');
      assert.deepEqual(await slugs('registry'), [], 'the old text is gone from the stems');
      assert.deepEqual(await slugs('registri'), [], 'and from the words');
      assert.deepEqual(await slugs('volunteer'), ['forms-probe']);
      await t.db.kysely.transaction().execute((trx) => deleteInitiative(trx, 'forms-probe'));
      assert.deepEqual(await slugs('volunteer'), [], 'a deleted record is found no more');
    });

    test('a repeated query on unchanged data is answered from memory; a change is seen at once', async () => {
      const params = { q: 'bioprocessing' };
      const first = await search(t.db, params);
      assert.equal(first.total, 1);
      assert.equal(
        await search(t.db, { ...params }),
        first,
        'the same result object, not a new search',
      );
      assert.notEqual(
        await search(t.db, { ...params, sort: 'name' }),
        first,
        'another sort is another query',
      );
      const stored = await findInitiativeBySlug(t.db.kysely, 'camp');
      assert.ok(stored);
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...camp } = stored;
      await t.db.kysely.transaction().execute((trx) =>
        saveInitiative(
          trx,
          {
            ...camp,
            slug: 'cache-probe',
            name: 'Cache probe bioprocessing registry',
            acronym: undefined,
            relations: [],
          },
          'test',
          '2031-05-06T07:08:09.000Z',
        ),
      );
      const after = await search(t.db, params);
      assert.equal(after.total, 2, 'the new record is counted');
      assert.deepEqual(
        after,
        await searchInitiatives(t.db, after.query),
        'equal to a fresh search',
      );
    });
  });
}
