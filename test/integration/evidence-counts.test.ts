/**
 * Issue 17, one evidence model: the barrier × region matrix, the barrier pages, compare and the
 * API count the same evidence (interview statements, fact-sheet challenges, accepted campaign
 * answers) under the same filter, on both databases. Every expectation is counted here from the
 * raw reference JSON (data/reference/evidence.json, regional-reports.json), never by the atlas's
 * code, and read back from the API, the pages' HTML and the downloads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type HTMLElement, parse } from 'node-html-parser';
import { BARRIERS } from '../../src/domain/codes.ts';
import { upsertRegionalReport } from '../../src/repositories/regional-reports.ts';
import { upsertSource } from '../../src/repositories/sources.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface RawEvidence {
  key: string;
  region?: string | null;
  barriers: string[];
}
interface RawReport {
  region: string;
  challenges?: { barrier: string }[];
}
type Kind = 'all' | 'statements' | 'challenges' | 'answers';
type Item = { kind: 'statement' | 'challenge' | 'answer'; region: string; barriers: string[] };

const raw = <T>(file: string): T => JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8'));
const EVIDENCE = raw<RawEvidence[]>('evidence.json');
const REPORTS = raw<RawReport[]>('regional-reports.json');
const PARTNERS = new Set(
  raw<{ code: string; partner: boolean }[]>('regions.json')
    .filter((r) => r.partner)
    .map((r) => r.code),
);
const CATEGORY_OF = new Map(BARRIERS.map((b) => [b.code, b.category]));

/** The reference records as items: each statement (its barriers, once each), each challenge. */
function referenceItems(): Item[] {
  return [
    ...EVIDENCE.filter((e) => e.region).map((e) => ({
      kind: 'statement' as const,
      region: e.region as string,
      barriers: [...new Set(e.barriers)],
    })),
    ...REPORTS.flatMap((r) =>
      (r.challenges ?? []).map((c) => ({
        kind: 'challenge' as const,
        region: r.region,
        barriers: [c.barrier],
      })),
    ),
  ];
}

const counted = (kind: Kind, i: Item) =>
  kind === 'all' ||
  (kind === 'statements' && i.kind === 'statement') ||
  (kind === 'challenges' && i.kind !== 'statement') ||
  (kind === 'answers' && i.kind === 'answer');

/** The matrix counted over the items: cell "barrier region" → items, and each column's items. */
function expectedMatrix(items: readonly Item[], kind: Kind) {
  const cells = new Map<string, number>();
  const statements = new Map<string, number>();
  const challenges = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const i of items.filter((x) => counted(kind, x))) {
    for (const b of i.barriers) add(cells, `${b} ${i.region}`);
    add(i.kind === 'statement' ? statements : challenges, i.region);
  }
  const columns = new Set([...cells.keys()].map((k) => k.split(' ')[1] as string));
  return { cells, statements, challenges, columns };
}

/** Regions reporting a barrier by the kind. */
const regionsOf = (items: readonly Item[], kind: Kind, barrier: string) =>
  [
    ...new Set(
      items.filter((i) => counted(kind, i) && i.barriers.includes(barrier)).map((i) => i.region),
    ),
  ].sort();

interface MatrixJson {
  kind: Kind;
  rows: string[];
  columns: string[];
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  statementsPerColumn: number[];
  statements: number;
  challengesPerColumn: number[];
  challenges: number;
}

/** Checks the API's matrix against the items counted by hand. */
function checkMatrix(api: MatrixJson, items: readonly Item[], kind: Kind) {
  const want = expectedMatrix(items, kind);
  assert.equal(api.kind, kind);
  assert.deepEqual(
    api.rows,
    BARRIERS.map((b) => b.code),
  );
  assert.deepEqual(new Set(api.columns), want.columns, `${kind}: the columns`);
  // Every region with evidence in the reference data is a partner region: no extra column.
  for (const c of api.columns) assert.ok(PARTNERS.has(c), c);
  api.rows.forEach((b, r) => {
    api.columns.forEach((c, j) => {
      assert.equal(api.cells[r]?.[j], want.cells.get(`${b} ${c}`) ?? 0, `${kind}: ${b} × ${c}`);
    });
  });
  api.columns.forEach((c, j) => {
    assert.equal(api.statementsPerColumn[j], want.statements.get(c) ?? 0, `${kind}: ${c}`);
    assert.equal(api.challengesPerColumn[j], want.challenges.get(c) ?? 0, `${kind}: ${c}`);
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  assert.equal(api.statements, sum(want.statements));
  assert.equal(api.challenges, sum(want.challenges));
  assert.equal(api.total, sum(want.cells));
}

const num = (text: string) => Number(text.replace(/[^\d]/g, ''));

/** The numbers of a matrix page: body rows by barrier, and the footer rows by name. */
function pageMatrix(root: HTMLElement) {
  const table = root.querySelector('table.matrix');
  const body = (table?.querySelectorAll('tbody tr') ?? []).map((tr) =>
    tr.querySelectorAll('td').map((td) => num(td.text)),
  );
  const foot = new Map(
    (table?.querySelectorAll('tfoot tr') ?? []).map((tr) => [
      tr.getAttribute('data-total'),
      tr.querySelectorAll('td').map((td) => num(td.text)),
    ]),
  );
  return { body, foot };
}

/** A campaign answer as publishing a region's response writes it: the campaign is its source. */
const ANSWER = {
  region: 'UA-56',
  campaign: 'preciseu-barrier-mapping-2025',
  overview: 'A test response accepted by a curator.',
  challenges: [
    { barrier: 'B08', note: 'Approval routes for advanced therapies are slow.', impact: 'Delays.' },
    { barrier: 'B01', note: 'Hospital records cannot be linked.' },
    { barrier: 'B08', note: 'Few staff know the hospital exemption.' },
  ],
  strengths: [],
  weaknesses: [],
  sources: [{ source: 'preciseu-barrier-mapping-2025', section: 'response of UA-56' }],
};

for (const dialect of DIALECTS) {
  describe(`one evidence count for matrix, barrier pages and compare on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const text = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    test('by hand: ATMP regulatory complexity 6 regions by statements, 9 with fact sheets; Catalonia on health data fragmentation 0 then 1', async () => {
      const items = referenceItems();
      assert.equal(regionsOf(items, 'statements', 'B08').length, 6);
      assert.equal(regionsOf(items, 'all', 'B08').length, 9);
      for (const [kind, regions] of [
        ['statements', 6],
        ['all', 9],
      ] as const) {
        const root = parse(await text(`/barriers/B08?evidence=${kind}`));
        assert.equal(root.querySelector('#reach')?.getAttribute('data-regions'), String(regions));
        assert.match(
          root.querySelector('#reach')?.text ?? '',
          new RegExp(`Reported by ${regions} of`),
        );
      }
      const byStatements: MatrixJson = await site.json(
        '/api/v1/statistics/barriers?evidence=statements',
      );
      const all: MatrixJson = await site.json('/api/v1/statistics/barriers');
      const cell = (m: MatrixJson, b: string, r: string) =>
        m.columns.includes(r) ? (m.cells[m.rows.indexOf(b)]?.[m.columns.indexOf(r)] ?? 0) : 0;
      assert.equal(cell(byStatements, 'B01', 'ES51'), 0);
      assert.equal(cell(all, 'B01', 'ES51'), 1);
      assert.equal(all.kind, 'all');
      // The reference fact sheets are documents: no campaign answer is on record.
      const answers: MatrixJson = await site.json('/api/v1/statistics/barriers?evidence=answers');
      assert.deepEqual([answers.columns, answers.total], [[], 0]);
    });

    test('the matrix of every kind through the API, equal to the counts by hand', async () => {
      for (const kind of ['all', 'statements', 'challenges', 'answers'] as const)
        checkMatrix(
          await site.json(`/api/v1/statistics/barriers?evidence=${kind}`),
          referenceItems(),
          kind,
        );
    });

    test("the matrix page shows the API's cells and footers, says what it counts, and the download equals it", async () => {
      for (const kind of ['all', 'statements', 'challenges'] as const) {
        const api: MatrixJson = await site.json(`/api/v1/statistics/barriers?evidence=${kind}`);
        const root = parse(await text(`/barriers${kind === 'all' ? '' : `?evidence=${kind}`}`));
        const page = pageMatrix(root);
        assert.deepEqual(
          page.body,
          api.cells.map((r, i) => [...r, api.rowTotals[i]]),
          kind,
        );
        assert.deepEqual(page.foot.get('codings'), [...api.columnTotals, api.total]);
        assert.deepEqual(
          page.foot.get('statements'),
          kind === 'challenges' ? undefined : [...api.statementsPerColumn, api.statements],
        );
        assert.deepEqual(
          page.foot.get('challenges'),
          kind === 'statements' ? undefined : [...api.challengesPerColumn, api.challenges],
        );
        assert.equal(root.querySelector('#matrix-counting')?.getAttribute('data-kind'), kind);
        assert.match(root.querySelector('#matrix-counting')?.text ?? '', /^Counting: /);
        assert.equal(
          root.querySelector('nav.view-switch strong')?.getAttribute('aria-current'),
          'page',
        );
        const file = await site.request(
          `/figures/barrier-matrix.csv${kind === 'all' ? '' : `?evidence=${kind}`}`,
        );
        assert.equal(file.status, 200);
        const [header, ...records] = parseCsv(await file.text(), { bom: true }) as string[][];
        assert.deepEqual(header?.slice(2, -1), api.columns);
        assert.deepEqual(
          records.slice(0, api.rows.length).map((r) => r.slice(2).map(Number)),
          api.cells.map((r, i) => [...r, api.rowTotals[i]]),
        );
        const footer = records.slice(api.rows.length).map((r) => r[0]);
        assert.deepEqual(footer, [
          'codings',
          ...(kind === 'challenges' ? [] : ['statements']),
          ...(kind === 'statements' ? [] : ['challenges']),
        ]);
      }
    });

    test("the barrier page lists what it counts: statements and the reports' challenges", async () => {
      const items = referenceItems();
      for (const b of ['B01', 'B08', 'B16']) {
        const root = parse(await text(`/barriers/${b}`));
        const listed = root
          .querySelectorAll('#challenges li[data-kind]')
          .map((li) => li.getAttribute('data-region'));
        const want = items
          .filter((i) => i.kind === 'challenge' && i.barriers.includes(b))
          .map((i) => i.region);
        assert.deepEqual(listed.sort(), want.sort(), b);
        assert.equal(
          root.querySelectorAll('li[id^="statement-"]').length,
          EVIDENCE.filter((e) => e.barriers.includes(b)).length,
          b,
        );
        const only = parse(await text(`/barriers/${b}?evidence=statements`));
        assert.equal(only.querySelectorAll('#challenges li').length, 0);
        const api = await site.json(`/api/v1/barriers/${b}`);
        assert.equal(api.statements, EVIDENCE.filter((e) => e.barriers.includes(b)).length);
      }
    });

    test('compare counts the same evidence by category, by the kind asked', async () => {
      const items = referenceItems();
      for (const kind of ['all', 'statements', 'challenges'] as const) {
        const api = await site.json(
          `/api/v1/statistics/compare?region=ES51&region=BE2&evidence=${kind}`,
        );
        assert.equal(api.kind, kind);
        for (const r of api.regions) {
          const mine = items.filter((i) => i.region === r.code && counted(kind, i));
          const want: Record<string, number> = {};
          for (const c of new Set(BARRIERS.map((b) => b.category))) want[c] = 0;
          for (const i of mine)
            for (const c of new Set(i.barriers.map((b) => CATEGORY_OF.get(b) as string)))
              want[c] = (want[c] ?? 0) + 1;
          assert.deepEqual(r.evidenceByCategory, want, `${kind} ${r.code}`);
          assert.equal(r.challenges, mine.filter((i) => i.kind !== 'statement').length);
        }
        // The page's category rows are the API's figures.
        const root = parse(await text(`/compare?region=ES51&region=BE2&evidence=${kind}`));
        const rows = root.querySelectorAll('table.compare tbody tr');
        for (const c of new Set(BARRIERS.map((b) => b.category))) {
          const row = rows
            .filter((tr) => tr.querySelector('th')?.text.startsWith('– '))
            .find((tr) =>
              api.regions.every(
                (r: { evidenceByCategory: Record<string, number> }, j: number) =>
                  num(tr.querySelectorAll('td')[j]?.text ?? '') === r.evidenceByCategory[c],
              ),
            );
          assert.ok(row, `${kind}: a page row for ${c}`);
        }
        assert.equal(root.querySelector('#counting')?.getAttribute('data-kind'), kind);
      }
      assert.equal(
        (await site.request('/api/v1/statistics/compare?region=ES51&region=BE2&evidence=x')).status,
        400,
      );
      assert.equal((await site.request('/api/v1/statistics/barriers?evidence=quotes')).status, 400);
    });

    test('an accepted campaign answer is its own kind, counted everywhere alike', async () => {
      const ctx = { now: '2026-12-06T00:00:00Z', actor: 'test' };
      await upsertSource(
        site.db.kysely,
        {
          code: ANSWER.campaign,
          title: 'Responses',
          publisher: 'PerMed Atlas campaign',
          year: 2026,
        },
        ctx,
      );
      await upsertRegionalReport(
        site.db.kysely,
        ANSWER as Parameters<typeof upsertRegionalReport>[1],
        ctx,
      );
      const items: Item[] = [
        ...referenceItems(),
        ...ANSWER.challenges.map((c) => ({
          kind: 'answer' as const,
          region: ANSWER.region,
          barriers: [c.barrier],
        })),
      ];
      for (const kind of ['all', 'statements', 'challenges', 'answers'] as const)
        checkMatrix(await site.json(`/api/v1/statistics/barriers?evidence=${kind}`), items, kind);
      const answers: MatrixJson = await site.json('/api/v1/statistics/barriers?evidence=answers');
      assert.deepEqual(answers.columns, ['UA-56']);
      assert.equal(answers.cells[answers.rows.indexOf('B08')]?.[0], 2);
      const root = parse(await text('/barriers/B08?evidence=answers'));
      assert.deepEqual(
        root
          .querySelectorAll('#challenges li')
          .map((li) => [li.getAttribute('data-region'), li.getAttribute('data-kind')]),
        [
          ['UA-56', 'answer'],
          ['UA-56', 'answer'],
        ],
      );
      assert.equal(root.querySelector('#reach')?.getAttribute('data-regions'), '1');
      const prevalence = await site.json('/api/v1/statistics/prevalence?evidence=answers');
      assert.deepEqual(
        prevalence.barriers
          .filter((b: { regions: number }) => b.regions > 0)
          .map((b: { code: string }) => b.code)
          .sort(),
        ['B01', 'B08'],
      );
      assert.equal(regionsOf(items, 'all', 'B08').length, 10);
      const all = parse(await text('/barriers/B08'));
      assert.equal(all.querySelector('#reach')?.getAttribute('data-regions'), '10');
      const ranking = await site.json('/api/v1/regions/UA-56/barriers?evidence=answers');
      assert.deepEqual(
        ranking.barriers.map((b: { code: string; items: number }) => [b.code, b.items]),
        [
          ['B08', 2],
          ['B01', 1],
        ],
      );
    });
  });
}
