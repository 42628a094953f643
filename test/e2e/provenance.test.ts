/**
 * Where the initiatives come from, as the list page, the API and `atlas stats` say it (issue 13):
 * every figure is read back from the output and compared with a query over record_sources (each
 * initiative's first reference, the one it was taken from) and with the reference files
 * themselves, on both databases. The source filter's totals and facet counts are the same
 * query's, alone and with the other filters and a search.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse } from 'node-html-parser';
import { createApp } from '../../src/http/app.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** One group of the independent query: initiatives taken from a source's section, rows or text. */
interface Origin {
  source: string;
  section: string | null;
  rows: boolean;
  slugs: string[];
  /** Of slugs, those with a reporting region. */
  withRegion: number;
}

/** The value the source filter names a section by. */
const sectionValue = (o: { source: string; section: string | null }) =>
  o.section === null ? o.source : `${o.source}:${o.section}`;

/** The integer a text shows ("1,234", "(47"). */
const num = (text: string) =>
  Number((text.match(/\d[\d.,\s\u202f\u00a0]*/)?.[0] ?? '').replace(/\D/g, ''));

for (const dialect of DIALECTS) {
  describe(`where the initiatives come from, on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    let origins: Origin[];
    /** Each initiative's first reference: source and section value, by slug. */
    const firstRef = new Map<string, { source: string; section: string }>();

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      app = createApp(t.db);
      // Independent of the stored origin columns: the first reference of each record.
      const r = await sql<{
        slug: string;
        source: string;
        section: string | null;
        row_ref: string | null;
        region: string | null;
      }>`select i.slug, rs.source_code as source, rs.section, rs.row_ref,
          i.submitting_region as region
        from initiatives i join record_sources rs
          on rs.entity = 'initiative' and rs.entity_key = i.slug
        where rs.id = (select min(r2.id) from record_sources r2
          where r2.entity = 'initiative' and r2.entity_key = i.slug)`.execute(t.db.kysely);
      const groups = new Map<string, Origin>();
      for (const row of r.rows) {
        const key = JSON.stringify([row.source, row.section, row.row_ref !== null]);
        const g = groups.get(key) ?? {
          source: row.source,
          section: row.section,
          rows: row.row_ref !== null,
          slugs: [],
          withRegion: 0,
        };
        g.slugs.push(row.slug);
        if (row.region !== null) g.withRegion++;
        groups.set(key, g);
        firstRef.set(row.slug, { source: row.source, section: sectionValue(row) });
      }
      origins = [...groups.values()];
    });
    after(async () => {
      await t?.dispose();
    });

    const get = async (path: string) => {
      const res = await app.request(`http://localhost${path}`);
      assert.equal(res.status, 200, path);
      return res;
    };
    const json = async (path: string) => (await get(path)).json();
    const page = async (path: string) => parse(await (await get(path)).text());
    /** Every slug the API lists for a query, page by page. */
    const slugsOf = async (query: string) => {
      const out = new Set<string>();
      for (let p = 1; ; p++) {
        const r = await json(`/api/v1/initiatives?${query}&pageSize=100&page=${p}`);
        for (const i of r.items as { slug: string }[]) out.add(i.slug);
        if (p * 100 >= r.total) return out;
      }
    };
    /** How many initiatives the query says come from any of the given source filter values. */
    const fromQuery = (values: readonly string[], only?: ReadonlySet<string>) =>
      [...firstRef.entries()].filter(
        ([slug, f]) =>
          (only === undefined || only.has(slug)) &&
          (values.includes(f.source) || values.includes(f.section)),
      ).length;

    test('the reference files and the records agree: 119 appendix rows, 6 from the D3.1 text, 12 from ICPerMed', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const total = data.initiatives.length;
      assert.equal(firstRef.size, total, 'every initiative has a first reference');
      const count = (pred: (o: Origin) => boolean) =>
        origins.filter(pred).reduce((a, o) => a + o.slugs.length, 0);
      // The figures the issue states, each derived from the files here, then from the query.
      const appendix = data.initiatives.filter(
        (i) => i.sources[0]?.section === '7 Appendix' && i.sources[0]?.row,
      ).length;
      const d31Text = data.initiatives.filter(
        (i) => i.sources[0]?.source === 'preciseu-d3-1' && !i.sources[0]?.row,
      ).length;
      const icpermed = data.initiatives.filter(
        (i) => i.sources[0]?.source === 'icpermed-sota',
      ).length;
      assert.deepEqual([appendix, d31Text, icpermed, total], [119, 6, 12, 137]);
      assert.equal(
        count((o) => o.source === 'preciseu-d3-1' && o.rows),
        appendix,
      );
      assert.equal(
        count((o) => o.source === 'preciseu-d3-1' && !o.rows),
        d31Text,
      );
      assert.equal(
        count((o) => o.source === 'icpermed-sota'),
        icpermed,
      );
    });

    test('the list page says where the initiatives come from, each number linking to its list', async () => {
      const root = await page('/initiatives');
      const block = root.querySelector('.origins');
      assert.ok(block, 'the list explains where its initiatives come from');
      assert.equal(num(block.querySelector('p')?.text ?? ''), firstRef.size);
      let sum = 0;
      const items = block.querySelectorAll('.origins-list > li');
      const sources = new Set(origins.map((o) => o.source));
      assert.equal(items.length, sources.size, 'one line per source');
      for (const li of items) {
        const links = li.querySelectorAll('a');
        assert.ok(links.length > 0, li.text);
        for (const a of links) {
          const href = (a.getAttribute('href') ?? '').replace(/&amp;/g, '&');
          const values = new URLSearchParams(href.split('?')[1]).getAll('source');
          const shown = num(a.text);
          assert.equal(shown, fromQuery(values), `${li.text}: ${href}`);
          const api = await json(`/api/v1/initiatives?${href.split('?')[1]}&pageSize=1`);
          assert.equal(shown, api.total, href);
          sum += shown;
        }
      }
      assert.equal(sum, firstRef.size, 'every initiative is counted once');
      // "rows of a table" and "text" are the query's split, source by source.
      const d31 = items.find((li) => /D3\.1/.test(li.querySelector('cite')?.text ?? ''));
      assert.ok(d31);
      const [rows, text] = d31.querySelectorAll('a').map((a) => num(a.text));
      const of = (rowsWanted: boolean) =>
        origins
          .filter((o) => o.source === 'preciseu-d3-1' && o.rows === rowsWanted)
          .reduce((a, o) => a + o.slugs.length, 0);
      assert.deepEqual([rows, text], [of(true), of(false)]);
      assert.match(d31.text, /rows of a table in section “7 Appendix”/);
    });

    /** The query's count of initiatives without a reporting region: per source, rows or text. */
    const noRegion = (source?: string, rows?: boolean) =>
      origins
        .filter(
          (o) =>
            (source === undefined || o.source === source) &&
            (rows === undefined || o.rows === rows),
        )
        .reduce((a, o) => a + o.slugs.length - o.withRegion, 0);

    test('the list page reconciles the sources with the reporting regions (124 with one, 13 without)', async () => {
      const root = await page('/initiatives');
      const withRegion = origins.reduce((a, o) => a + o.withRegion, 0);
      const none = firstRef.size - withRegion;
      assert.ok(none > 0, 'the reference data has initiatives without a reporting region');
      const p = root.querySelector('.origins .origins-region');
      assert.ok(p, 'the page says how many have a reporting region');
      const shown = (p.text.match(/\d[\d.,\u202f\u00a0]*/g) ?? []).map(num);
      assert.deepEqual(shown, [withRegion, none], p.text);
      // The regions' own counts add up to the same figure (the API's statistics).
      const stats = await json('/api/v1/statistics');
      assert.equal(
        (stats.byRegion as { n: number }[]).reduce((a, r) => a + r.n, 0),
        withRegion,
      );
      assert.equal(stats.withoutReportingRegion, none);
      // Each source's share of those without one, split into table rows and text as the query.
      const items = root.querySelectorAll('.origins .origins-no-region li');
      const sources = [...new Set(origins.map((o) => o.source))].filter((x) => noRegion(x) > 0);
      assert.equal(items.length, sources.length);
      let sum = 0;
      for (const li of items) {
        const title = li.querySelector('cite')?.text ?? '';
        const source = sources.find((x) =>
          (stats.bySource as { source: string; title: string }[]).some(
            (b) => b.source === x && b.title === title,
          ),
        );
        assert.ok(source, `a source named ${title}`);
        const numbers = (li.text.slice(title.length).match(/\d[\d.,\u202f\u00a0]*/g) ?? []).map(
          num,
        );
        assert.deepEqual(
          numbers,
          [noRegion(source, true), noRegion(source, false)].filter((n) => n > 0),
          li.text,
        );
        sum += numbers.reduce((a, n) => a + n, 0);
      }
      assert.equal(sum, none);
      // On the reference data: every appendix row has a region; one text record of D3.1 and
      // every ICPerMed record have none.
      assert.deepEqual(
        [
          noRegion('preciseu-d3-1', true),
          noRegion('preciseu-d3-1', false),
          noRegion('icpermed-sota'),
        ],
        [0, 1, 12],
      );
    });

    test('/data-quality shows the same split as the list page, before its findings', async () => {
      let res = await app.request('http://localhost/data-quality');
      for (let i = 0; i < 60 && res.status === 202; i++) {
        await new Promise((r) => setTimeout(r, 500));
        res = await app.request('http://localhost/data-quality');
      }
      assert.equal(res.status, 200);
      const dq = parse(await res.text()).querySelector('.origins-section .origins');
      const list = (await page('/initiatives')).querySelector('.origins');
      assert.ok(dq && list);
      const numbers = (el: typeof dq) =>
        (el.text.match(/\d[\d.,\u202f\u00a0]*/g) ?? []).map(num).filter((n) => n > 0);
      assert.deepEqual(numbers(dq), numbers(list));
      const withRegion = origins.reduce((a, o) => a + o.withRegion, 0);
      assert.ok(numbers(dq).includes(withRegion) && numbers(dq).includes(firstRef.size));
    });

    for (const filters of ['', 'domain=ecosystem', 'country=ES&status=ongoing']) {
      test(`source facet counts on the page and in the API equal the query${filters ? ` (${filters})` : ''}`, async () => {
        const api = await json(`/api/v1/initiatives?${filters}&pageSize=100`);
        // The records the other filters keep, from the API's own list without a source filter.
        const kept = await slugsOf(filters);
        const values = new Set(origins.flatMap((o) => [o.source, sectionValue(o)]));
        const expected = new Map(
          [...values].map((v) => [v, fromQuery([v], kept)] as const).filter(([, n]) => n > 0),
        );
        const apiCounts = new Map(
          (api.facets.source as { value: string; count: number }[]).map((c) => [c.value, c.count]),
        );
        assert.deepEqual(apiCounts, expected);
        const root = await page(`/initiatives?${filters}`);
        const boxes = root.querySelectorAll('#facet-source input[type=checkbox]');
        assert.equal(boxes.length, expected.size);
        for (const box of boxes) {
          const value = box.getAttribute('value') as string;
          const label = root.querySelector(`label[for="${box.getAttribute('id')}"] .count`);
          assert.equal(num(label?.text ?? ''), expected.get(value), value);
        }
      });
    }

    test('the source filter works with the other filters and a search, on the page and in the API', async () => {
      const appendix = 'preciseu-d3-1:7 Appendix';
      for (const query of [
        `source=${encodeURIComponent(appendix)}`,
        'source=icpermed-sota&source=preciseu-d3-1',
        `source=${encodeURIComponent(appendix)}&domain=ecosystem`,
        `q=genomics&source=icpermed-sota`,
        `q=cancer&source=${encodeURIComponent(appendix)}&scope=national`,
      ]) {
        const params = new URLSearchParams(query);
        const values = params.getAll('source');
        params.delete('source');
        const kept = await slugsOf(params.toString());
        const expected = fromQuery(values, kept);
        const api = await json(`/api/v1/initiatives?${query}&pageSize=100`);
        assert.equal(api.total, expected, query);
        for (const i of api.items as { slug: string }[]) {
          const f = firstRef.get(i.slug);
          assert.ok(f && (values.includes(f.source) || values.includes(f.section)), i.slug);
        }
        const heading = (await page(`/initiatives?${query}`)).querySelector('#results-heading');
        assert.equal(num(heading?.text ?? ''), expected, query);
      }
    });

    test('a section name is taken whole (commas included), and an unknown source is refused', async () => {
      const bad = await app.request('http://localhost/api/v1/initiatives?source=no-such-report');
      assert.equal(bad.status, 400);
      assert.match(
        (await bad.json()).detail,
        /^unknown source "no-such-report"; allowed values: .*preciseu-d3-1:7 Appendix/,
      );
      const split = await app.request(
        'http://localhost/api/v1/initiatives?source=preciseu-d3-1,icpermed-sota',
      );
      assert.equal(split.status, 400, 'source values are not split at commas');
    });

    test("every record's inferred values are in its API answer and marked on its page, as the reference files give them", async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      let marked = 0;
      for (const i of data.initiatives) {
        const want = i.inferred ?? [];
        const api = await json(`/api/v1/initiatives/${i.slug}`);
        assert.deepEqual(api.inferred, want, i.slug);
        const root = await page(`/initiatives/${i.slug}`);
        const notes = root.querySelectorAll('.inferred');
        assert.equal(notes.length, want.length, i.slug);
        for (const m of want) {
          const note = root.querySelector(`#inferred-${m.field}`);
          assert.ok(note, `${i.slug}: ${m.field} is marked`);
          assert.equal(note.querySelector('span')?.text, m.reason);
        }
        marked += want.length;
      }
      // Every appendix row's reporting region is read from the block it sits in.
      const regionMarks = data.initiatives.filter(
        (i) =>
          i.sources[0]?.section === '7 Appendix' &&
          i.inferred?.some((m) => m.field === 'submittingRegion'),
      ).length;
      assert.equal(regionMarks, 119);
      assert.ok(marked > 119, `${marked} marks`);
    });

    test('/api/v1/statistics and atlas stats (--json and text) give the same counts as the query', async () => {
      const expected = origins
        .map((o) => JSON.stringify([o.source, o.section, o.rows, o.slugs.length, o.withRegion]))
        .sort();
      const flatten = (
        bySource: {
          source: string;
          withRegion: number;
          sections: { section: string | null; rows: boolean; n: number; withRegion: number }[];
        }[],
      ) =>
        bySource
          .flatMap((s) => {
            assert.equal(
              s.withRegion,
              s.sections.reduce((a, x) => a + x.withRegion, 0),
            );
            return s.sections.map((x) =>
              JSON.stringify([s.source, x.section, x.rows, x.n, x.withRegion]),
            );
          })
          .sort();
      const api = await json('/api/v1/statistics');
      assert.deepEqual(flatten(api.bySource), expected);
      const cli = (...args: string[]) => {
        const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), 'stats', ...args], {
          env: { ...process.env, DATABASE_URL: t.url },
          encoding: 'utf8',
        });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      const s = JSON.parse(cli('--json'));
      assert.deepEqual(flatten(s.bySource), expected);
      for (const o of s.bySource) assert.equal(o.n, o.fromRows + o.fromText);

      // The text: a sentence per source with its numbers, and the table's rows.
      const text = cli();
      for (const source of new Set(origins.map((o) => o.source))) {
        const line = text
          .split('\n')
          .find((l) => l.startsWith('From ') && l.includes(`(${source})`));
        assert.ok(line, `a sentence on ${source}`);
        const of = (rows: boolean) =>
          origins
            .filter((o) => o.source === source && o.rows === rows)
            .reduce((a, o) => a + o.slugs.length, 0);
        const numbers = (
          line
            .split(':')
            .slice(1)
            .join(':')
            .match(/\d+(?= (rows?|named|from))/g) ?? []
        ).map(Number);
        assert.deepEqual(
          numbers,
          [of(true), of(false)].filter((n) => n > 0),
          line,
        );
      }
      const table = text.slice(text.indexOf('By source'));
      for (const o of origins) {
        const row = table
          .split('\n')
          .find(
            (l) =>
              l.includes(`  ${o.section ?? 'no section named'}  `) &&
              l.includes(o.rows ? 'table rows' : 'text'),
          );
        assert.ok(row, `a table row for ${o.source} ${o.section}`);
        const [n, withRegion] = row.trim().split(/\s+/).slice(-2).map(Number);
        assert.deepEqual([n, withRegion], [o.slugs.length, o.withRegion], row);
      }
      const withRegion = origins.reduce((a, o) => a + o.withRegion, 0);
      assert.match(table, new RegExp(`\\nTotal\\s+${firstRef.size}\\s+${withRegion}\\n?`));
      // The sentence that reconciles the sources with the region table, and that table's rows.
      const none = firstRef.size - withRegion;
      const sentence = text.split('\n').find((l) => / have a reporting region /.test(l));
      assert.ok(sentence, 'a sentence on the reporting regions');
      assert.ok(sentence.startsWith(`${withRegion} have a reporting region`), sentence);
      assert.match(sentence, new RegExp(`; ${none} have none: `));
      for (const source of new Set(origins.map((o) => o.source))) {
        const k = noRegion(source);
        if (k === 0) assert.ok(!sentence.includes(`(${source})`), sentence);
        else assert.match(sentence, new RegExp(`[:;] ${k} from [^;]*\\(${source}\\)`), sentence);
      }
      const regions = text.slice(text.indexOf('By reporting region'), text.indexOf('By home'));
      const noneRow = regions.split('\n').find((l) => l.startsWith('No reporting region'));
      assert.ok(noneRow);
      assert.equal(Number(noneRow.trim().split(/\s+/).at(-1)), none, noneRow);
      assert.match(regions, new RegExp(`\\nTotal\\s+${firstRef.size}\\n`));
      assert.equal(s.withoutReportingRegion, none);
    });
  });
}
