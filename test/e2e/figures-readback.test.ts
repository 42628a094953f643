/**
 * Every figure a page shows, read back from the rendered HTML of every page type (home, the
 * initiatives list, the regions list, every region and country fact sheet, the barriers matrix,
 * every barrier, good practices, compare) and compared with the same count over the records
 * through the API. Rules are generic where they can be, so a new page or table is checked
 * without a new test:
 * - a number that links to a filtered list equals that list's total in the API;
 * - a facet count equals the API total with that facet value added to the page's filters;
 * - a table with totals adds up (each row total is the sum of its cells, each column total the
 *   sum of its column).
 * Tables whose figures are not links (regions, compare, the barrier matrix, the home map) are
 * read cell by cell and each cell is recomputed from API lists.
 */
import assert from 'node:assert/strict';
import { type HTMLElement, parse } from 'node-html-parser';
import { LOCALE_NAMES } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { before, describe, test } from '../helpers/suite.ts';

/**
 * The integer a cell or label shows ("1,234", "(47 initiatives)"), or null for "–" (also when
 * words follow it: "– no workshop, see note").
 */
function num(text: string): number | null {
  const digits = text.replace(/\(|\)/g, '').trim();
  if (digits === '–' || digits === '' || digits.startsWith('– ')) return null;
  const m = digits.match(/^[\d.,\s\u202f\u00a0]+/);
  assert.ok(m, `not a figure: ${JSON.stringify(text)}`);
  return Number(m[0].replace(/[^\d]/g, ''));
}

/** A table as row header → cell texts, with the column headers. */
function readTable(table: HTMLElement) {
  const head = table.querySelectorAll('thead th').map((th) => th.text.trim());
  const rowsOf = (section: string) =>
    table.querySelectorAll(`${section} tr`).map((tr) => ({
      header: tr.querySelector('th')?.text.trim() ?? '',
      href: tr.querySelector('th a')?.getAttribute('href') ?? null,
      kind: tr.getAttribute('data-total') ?? null,
      cells: tr.querySelectorAll('td').map((td) => td.text.trim()),
    }));
  return { head, body: rowsOf('tbody'), foot: rowsOf('tfoot') };
}

interface Region {
  code: string;
  name: string;
  level: string;
  partner: boolean;
  country: string;
  initiatives: number;
}
interface Practice {
  slug: string;
  country: string | null;
  region: string | null;
  barriers: string[];
}
interface Evidence {
  key: string;
  region: string | null;
  barriers: string[];
}

for (const dialect of DIALECTS) {
  describe(`every figure on every page type equals the records through the API on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const json = site.json;
    let regions: Region[];
    let practices: Practice[];
    let evidence: Evidence[];
    let categoryOf: Map<string, string>;
    const totals = new Map<string, number>();

    const page = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return parse(await res.text());
    };
    /** The API total of a list with a page's query string (cached: pages repeat links). */
    const apiTotal = async (list: string, query: string) => {
      const key = `${list}?${query}`;
      const known = totals.get(key);
      if (known !== undefined) return known;
      const params = new URLSearchParams(query);
      params.delete('page');
      params.delete('sort');
      params.delete('view');
      params.set('pageSize', '1');
      const n = (await json(`/api/v1/${list}?${params}`)).total as number;
      totals.set(key, n);
      return n;
    };
    const all = async <T>(list: string): Promise<T[]> =>
      (await json(`/api/v1/${list}?pageSize=100`)).items as T[];
    const practicesFrom = (r: Region) =>
      practices.filter((p) =>
        r.level === 'country' || r.level === 'supranational'
          ? (p.country ?? 'EU') === r.code
          : p.region === r.code || (p.region === null && p.country === r.country),
      ).length;

    before(async () => {
      regions = await all<Region>('regions');
      practices = await all<Practice>('good-practices');
      evidence = await all<Evidence>('evidence');
      categoryOf = new Map(
        (await all<{ code: string; category: string }>('barriers')).map((b) => [
          b.code,
          b.category,
        ]),
      );
      assert.ok(regions.length > 50 && practices.length > 50 && evidence.length > 50);
    });

    /** Every page of every type the atlas has, with its path. */
    const pageTypes = () => [
      '/',
      '/initiatives',
      '/initiatives?country=ES&domain=ecosystem',
      '/regions',
      ...regions.map((r) => `/regions/${encodeURIComponent(r.code)}`),
      '/barriers',
      '/barriers/prevalence',
      ...[...categoryOf.keys()].map((b) => `/barriers/${b}`),
      '/good-practices',
      '/good-practices?barrier=B05',
      ...partnerGroups().map((g) => `/compare?${g.map((c) => `region=${c}`).join('&')}`),
      '/twinning',
      ...regions.filter((r) => r.partner).map((r) => `/twinning?region=${r.code}`),
    ];
    const partnerGroups = () => {
      const partners = regions.filter((r) => r.partner).map((r) => r.code);
      const groups: string[][] = [];
      for (let i = 0; i < partners.length; i += 4) groups.push(partners.slice(i, i + 4));
      const last = groups.at(-1);
      if (last && last.length < 2) last.unshift(partners[0] as string);
      return groups;
    };

    test('a number linked to a filtered list equals that list in the API, on every page', async () => {
      let checked = 0;
      for (const path of pageTypes()) {
        const root = await page(path);
        for (const a of root.querySelectorAll('main a[href]')) {
          const href = a.getAttribute('href') ?? '';
          const m = href.match(/^\/(initiatives|good-practices)\?(.*)$/);
          if (!m) continue;
          // The figure is the link's text, or a count beside a named link ("Oncology (28)").
          const own = a.text.trim();
          const beside = a.nextElementSibling;
          const text = /^[\d(]/.test(own)
            ? own
            : beside?.classList.contains('count')
              ? beside.text
              : a.querySelector('.card-count')?.text;
          if (!text || !/^\(?\d/.test(text.trim())) continue;
          const shown = num(text.trim());
          const query = (m[2] ?? '').replace(/&amp;/g, '&');
          assert.equal(shown, await apiTotal(m[1] as string, query), `${path}: ${href}`);
          checked++;
        }
      }
      assert.ok(checked > 300, `linked figures checked: ${checked}`);
    });

    test('every table with totals adds up, on every page', async () => {
      let tables = 0;
      for (const path of pageTypes()) {
        const root = await page(path);
        for (const el of root.querySelectorAll('main table')) {
          const tb = readTable(el);
          // A computed total is headed "Total" (a printed total is a source's figure, read back
          // with the engagement figures); the barrier matrix's codings row sums its columns.
          const sums = tb.foot.filter((r) => r.header === 'Total' || r.kind === 'codings');
          const rowTotals = tb.head.at(-1) === 'Total';
          if (sums.length === 0 && !rowTotals) continue;
          tables++;
          const rows = tb.body.map((r) => r.cells.map((c) => num(c) ?? 0));
          if (rowTotals) {
            for (const [i, r] of rows.entries()) {
              const sum = r.slice(0, -1).reduce((a, b) => a + b, 0);
              assert.equal(r.at(-1), sum, `${path}: row ${tb.body[i]?.header} adds up`);
            }
          }
          const foot = (sums[0]?.cells ?? []).map((c) => num(c) ?? 0);
          foot.forEach((n, j) => {
            const column = rows.reduce((a, r) => a + (r[j] ?? 0), 0);
            assert.equal(n, column, `${path}: column ${tb.head[j + 1]} adds up`);
          });
        }
      }
      assert.ok(tables > 20, `tables with totals: ${tables}`);
    });

    test('initiatives list: the result count and every facet count, unfiltered and filtered', async () => {
      for (const query of ['', 'country=ES&domain=ecosystem', 'q=cancer']) {
        const root = await page(`/initiatives?${query}`);
        const heading = root.querySelector('#results-heading')?.text ?? '';
        assert.equal(num(heading), await apiTotal('initiatives', query), `/initiatives?${query}`);
        const boxes = root.querySelectorAll('fieldset.facet input[type=checkbox]');
        assert.ok(boxes.length > 20);
        for (const box of boxes) {
          const name = box.getAttribute('name') as string;
          const value = box.getAttribute('value') as string;
          const label = root.querySelector(`label[for="${box.getAttribute('id')}"] .count`);
          assert.ok(label, `${name}=${value} has a count`);
          // Facets are disjunctive within themselves: the count is the total with this value
          // instead of the facet's own selection, and the other filters kept.
          const params = new URLSearchParams(query);
          params.delete(name);
          params.append(name, value);
          assert.equal(
            num(label.text),
            await apiTotal('initiatives', params.toString()),
            `/initiatives?${query}: ${name}=${value}`,
          );
        }
      }
    });

    test('home: headline figures, the map table and its notes', async () => {
      const root = await page('/');
      const stats = await json('/api/v1/statistics');
      const figures = root.querySelectorAll('.figures li').map((li) => li.text.trim());
      const figure = (word: RegExp) => {
        const f = figures.find((x) => word.test(x));
        assert.ok(f, `a headline figure matching ${word}: ${figures.join(' | ')}`);
        return num(f);
      };
      const levelOf = new Map(regions.map((r) => [r.code, r.level]));
      const homes = stats.byCountry as { key: string; n: number }[];
      assert.equal(figure(/initiatives/), await apiTotal('initiatives', ''));
      assert.equal(
        figure(/countries/),
        homes.filter((h) => levelOf.get(h.key) === 'country').length,
      );
      assert.equal(figure(/reporting regions/), stats.byRegion.length);
      assert.equal(figure(/good practices/), practices.length);

      const map = root.querySelector('figure.map');
      assert.ok(map);
      const byName = new Map(regions.map((r) => [r.name, r.code]));
      const table = readTable(map.querySelector('table') as HTMLElement);
      let sum = 0;
      for (const row of table.body) {
        const code = byName.get(row.header);
        assert.ok(code, `map row ${row.header} names a place`);
        const shown = num(row.cells[0] ?? '') ?? 0;
        sum += shown;
        assert.equal(shown, await apiTotal('initiatives', `country=${code}`), row.header);
      }
      assert.equal(sum, await apiTotal('initiatives', ''), 'every initiative is on the map once');
      // The European level is said beside the map with its count.
      const eu = await apiTotal('initiatives', 'country=EU');
      assert.ok(eu > 0);
      const note = map.querySelectorAll('figcaption p').find((p) => /European level/.test(p.text));
      assert.equal(num(note?.text ?? ''), eu);
      const wide = map.querySelectorAll('figcaption p').find((p) => /scope/.test(p.text));
      // Values of one facet combine with "or": this is every initiative with either scope.
      assert.equal(
        Number(wide?.text.match(/(\d+) of them/)?.[1]),
        await apiTotal('initiatives', 'scope=european&scope=international'),
      );
    });

    /**
     * A region with no workshop whose report says why: its compare cell links to the note below
     * the table, which gives the report's words; the compare API gives the same note, and null
     * for every other region.
     */
    const checkWorkshopNotes = async (
      path: string,
      root: HTMLElement,
      tb: ReturnType<typeof readTable>,
      chosen: Region[],
      e: { workshops: number | null }[],
    ) => {
      const notes = (await json('/api/v1/engagement')).workshopNotes as {
        region: string;
        text: string;
      }[];
      const api = (await json(`/api/v1/statistics/compare${path.slice('/compare'.length)}`))
        .regions as { code: string; workshopNote: { text: string } | null }[];
      const row = root
        .querySelectorAll('table.compare tbody tr')
        .find((tr) => /^Workshop participants/.test(tr.querySelector('th')?.text.trim() ?? ''));
      assert.ok(row && tb.head.length > 0, path);
      chosen.forEach((r, i) => {
        const note = e[i]?.workshops === null ? notes.find((n) => n.region === r.code) : undefined;
        const link = row.querySelectorAll('td')[i]?.querySelector('a');
        assert.equal(api[i]?.code, r.code, path);
        assert.equal(api[i]?.workshopNote?.text ?? null, note?.text ?? null, `${path}: ${r.code}`);
        if (!note) {
          assert.equal(link, null, `${path}: ${r.code} has no note to link to`);
          return;
        }
        assert.equal(link?.getAttribute('href'), `#workshop-note-${r.code}`, path);
        const shown = root.querySelector(`#workshop-note-${r.code}`);
        assert.ok(shown?.text.includes(note.text), `${path}: the note on ${r.code} is shown`);
        noted.add(r.code);
      });
    };
    const noted = new Set<string>();

    test('regions list and compare: every cell recomputed from the records', async () => {
      const engagement = await json('/api/v1/engagement');
      const interviews = (code: string) =>
        (engagement.interviews as { region: string; printedTotal: number }[]).find(
          (i) => i.region === code,
        )?.printedTotal ?? null;
      const workshops = (code: string) => {
        const ws = (
          engagement.workshops as { region: string; participants: number | null }[]
        ).filter((w) => w.region === code);
        return ws.length === 0 ? null : ws.reduce((a, w) => a + (w.participants ?? 0), 0);
      };
      const expected = async (r: Region) => ({
        initiatives: await apiTotal('initiatives', `region=${r.code}`),
        statements: evidence.filter((e) => e.region === r.code).length,
        practices: practicesFrom(r),
        interviews: interviews(r.code),
        workshops: workshops(r.code),
      });
      const list = readTable(
        (await page('/regions')).querySelector('main .table-scroll table') as HTMLElement,
      );
      assert.equal(list.body.length, regions.filter((r) => r.partner).length);
      for (const row of list.body) {
        const r = regions.find((x) => `/regions/${x.code}` === row.href) as Region;
        const e = await expected(r);
        assert.deepEqual(
          row.cells.map(num),
          [e.initiatives, e.statements, e.practices, e.interviews, e.workshops],
          `/regions: ${r.code}`,
        );
      }
      for (const group of partnerGroups()) {
        // Statements only, as these rows count them here (the default counts fact sheets too).
        const path = `/compare?${group.map((c) => `region=${c}`).join('&')}&evidence=statements`;
        const root = await page(path);
        const tb = readTable(root.querySelector('table.compare') as HTMLElement);
        const col = (label: RegExp) =>
          (tb.body.find((r) => label.test(r.header))?.cells ?? []).map(num);
        const chosen = group.map((c) => regions.find((r) => r.code === c) as Region);
        const e = await Promise.all(chosen.map(expected));
        assert.deepEqual(
          col(/^Initiatives reported/),
          e.map((x) => x.initiatives),
          path,
        );
        assert.deepEqual(
          col(/^Barrier statements/),
          e.map((x) => x.statements),
          path,
        );
        assert.deepEqual(
          col(/^Good practices/),
          e.map((x) => x.practices),
          path,
        );
        assert.deepEqual(
          col(/^Interviews/),
          e.map((x) => x.interviews),
          path,
        );
        assert.deepEqual(
          col(/^Workshop participants/),
          e.map((x) => x.workshops),
          path,
        );
        await checkWorkshopNotes(path, root, tb, chosen, e);
        // Each category row counts the statements with at least one barrier in that category.
        const labels = await categoryLabels();
        for (const [code, label] of labels) {
          const row = tb.body.find((r) => r.header === `– ${label}`);
          assert.ok(row, `${path}: a row for ${label}`);
          assert.deepEqual(
            row.cells.map(num),
            chosen.map(
              (r) =>
                evidence.filter(
                  (x) => x.region === r.code && x.barriers.some((b) => categoryOf.get(b) === code),
                ).length,
            ),
            `${path}: ${label}`,
          );
        }
      }
      const withNotes = (await json('/api/v1/engagement')).workshopNotes as unknown[];
      assert.ok(noted.size > 0 || withNotes.length === 0, 'a workshop note is shown on /compare');
    });

    test('compare with all evidence: challenges, the items counted and each category row recomputed', async () => {
      // Every challenge of the regions' reports, from each barrier's page in the API.
      const challenges: { region: string; category: string }[] = [];
      for (const [code, category] of categoryOf) {
        const detail = await json(`/api/v1/barriers/${code}`);
        for (const c of detail.reportChallenges as { region: string }[])
          challenges.push({ region: c.region, category });
      }
      assert.ok(challenges.length > 0, 'the reference data hold fact-sheet challenges');
      const labels = await categoryLabels();
      for (const group of partnerGroups()) {
        const path = `/compare?${group.map((c) => `region=${c}`).join('&')}`;
        const tb = readTable((await page(path)).querySelector('table.compare') as HTMLElement);
        const row = (label: string) => {
          const r = tb.body.find((x) => x.header === label);
          assert.ok(r, `${path}: a row "${label}"`);
          return r.cells.map(num);
        };
        const statements = group.map((c) => evidence.filter((e) => e.region === c).length);
        const own = group.map((c) => challenges.filter((x) => x.region === c).length);
        assert.deepEqual(row('Challenges in regional reports'), own, path);
        assert.deepEqual(
          row('Evidence items counted by category'),
          group.map((_, i) => (statements[i] ?? 0) + (own[i] ?? 0)),
          path,
        );
        for (const [code, label] of labels)
          assert.deepEqual(
            row(`– ${label}`),
            group.map(
              (c) =>
                evidence.filter(
                  (x) => x.region === c && x.barriers.some((b) => categoryOf.get(b) === code),
                ).length + challenges.filter((x) => x.region === c && x.category === code).length,
            ),
            `${path}: ${label}`,
          );
      }
    });

    const categoryLabels = async () =>
      new Map(
        ((await json('/api/v1/barrier-categories')).items as { code: string; label: string }[]).map(
          (c) => [c.code, c.label],
        ),
      );

    test('barriers: every matrix cell, both footer rows, the list and every barrier page', async () => {
      // The statements' matrix, recomputed here from the statements alone.
      const root = await page('/barriers?evidence=statements');
      const tb = readTable(root.querySelector('table.matrix') as HTMLElement);
      const columns = root
        .querySelectorAll('table.matrix thead th')
        .slice(1, -1)
        .map((th) => regions.find((r) => r.name === th.text.trim())?.code);
      assert.ok(columns.every(Boolean), 'every column names a region');
      for (const row of tb.body) {
        const barrier = row.href?.split('/').at(-1) as string;
        const coded = evidence.filter((e) => e.barriers.includes(barrier));
        columns.forEach((code, j) => {
          assert.equal(
            num(row.cells[j] ?? ''),
            coded.filter((e) => e.region === code).length,
            `${barrier} × ${code}`,
          );
        });
        assert.equal(num(row.cells.at(-1) ?? ''), coded.length, `${barrier}: row total`);
      }
      const statements = tb.foot.find((r) => r.kind === 'statements');
      assert.ok(statements, 'a footer row of statements, each once');
      assert.deepEqual(statements.cells.map(num), [
        ...columns.map((c) => evidence.filter((e) => e.region === c).length),
        evidence.length,
      ]);
      const api = await json('/api/v1/statistics/barriers?evidence=statements');
      assert.deepEqual(api.statementsPerColumn, statements.cells.slice(0, -1).map(num));
      assert.equal(api.statements, evidence.length);

      // The list under each category: "evidence: N, regions: R, M good practices".
      for (const li of root.querySelectorAll('ul.barrier-list li')) {
        const code = li.querySelector('a')?.getAttribute('href')?.split('/').at(-1) as string;
        const [s, r, p] = (li.querySelector('.muted')?.text ?? '')
          .split(',')
          .map((x) => Number(x.replace(/[^\d]/g, '')));
        const coded = evidence.filter((e) => e.barriers.includes(code));
        assert.equal(s, coded.length, code);
        assert.equal(r, new Set(coded.map((e) => e.region).filter(Boolean)).size, code);
        assert.equal(p, practices.filter((x) => x.barriers.includes(code)).length, code);
      }
      // The lead's figures: barriers, categories and the regions with statements.
      const lead = root.querySelector('p.lead')?.text ?? '';
      const withStatements = new Set(evidence.map((e) => e.region).filter(Boolean)).size;
      assert.match(lead, new RegExp(`in ${withStatements} European regions`));
      assert.match(lead, new RegExp(`identified ${categoryOf.size} barriers`));
      assert.match(lead, new RegExp(`in ${(await categoryLabels()).size} categories`));

      for (const code of categoryOf.keys()) {
        const h = (await page(`/barriers/${code}`))
          .querySelectorAll('h2')
          .find((x) => /What the regions said/.test(x.text));
        assert.equal(
          Number(h?.text.match(/\((\d+)\)/)?.[1]),
          evidence.filter((e) => e.barriers.includes(code)).length,
          code,
        );
      }
    });

    test('twinning: the similarity table and every score equal the API', async () => {
      const api = (await json('/api/v1/twinning/similarity')) as {
        regions: string[];
        matrix: number[][];
      };
      const tb = readTable(
        (await page('/twinning')).querySelector('table.similarity') as HTMLElement,
      );
      assert.deepEqual(
        tb.body.map((r) => r.href?.replace('/twinning?region=', '')),
        api.regions,
      );
      tb.body.forEach((row, i) => {
        assert.deepEqual(
          row.cells.map((c) => Number(c)),
          api.matrix[i],
          `row ${api.regions[i]}`,
        );
      });
      for (const r of regions.filter((x) => x.partner)) {
        const tw = await json(`/api/v1/regions/${r.code}/twinning`);
        const root = await page(`/twinning?region=${r.code}`);
        const shown = root.querySelectorAll('li[data-score]').map((li) => {
          const text = li.querySelector('.muted')?.text ?? '';
          return Number(text.match(/(?:similarity|score) ([\d.]+)/)?.[1]);
        });
        const kinds = [tw.peers, tw.mentors, tw.practices, tw.initiatives] as { score: number }[][];
        assert.deepEqual(
          shown,
          kinds.flat().map((x) => x.score),
          r.code,
        );
      }
    });

    test("about: the codebook figures and the languages it claims are the atlas's own", async () => {
      const text = (await page('/about')).text;
      const categories = (await json('/api/v1/barrier-categories')).total as number;
      assert.match(text, new RegExp(`the ${categoryOf.size} barriers in ${categories} categories`));
      for (const name of Object.values(LOCALE_NAMES)) assert.ok(text.includes(name), name);
      assert.doesNotMatch(text, /not yet done/i);
    });

    test('region and country fact sheets: good practices from the place', async () => {
      for (const r of regions) {
        const root = await page(`/regions/${encodeURIComponent(r.code)}`);
        const section = root
          .querySelectorAll('h2')
          .find((h) => /^Good practices from/.test(h.text.trim()));
        assert.ok(section, `${r.code}: a good-practices section`);
        const list = section.nextElementSibling;
        const shown = list?.tagName === 'UL' ? list.querySelectorAll(':scope > li').length : 0;
        assert.equal(shown, practicesFrom(r), `${r.code}: good practices from the place`);
      }
    });
  });
}
