/**
 * Issue 17, prevalence: a region's barriers ranked by the evidence behind them, and statements by
 * barrier and stakeholder group, on both databases. Every figure is computed here from the raw
 * reference JSON (data/reference/evidence.json, regional-reports.json), never by the atlas's
 * code, and read back from the API, the page HTML and the CSV download.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type HTMLElement, parse } from 'node-html-parser';
import { upsertEvidence } from '../../src/repositories/evidence.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface RawEvidence {
  key: string;
  region?: string | null;
  barriers: string[];
  stakeholderGroup?: string;
}
interface RawReport {
  region: string;
  challenges?: { barrier: string }[];
}

const raw = <T>(file: string): T => JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8'));
const EVIDENCE = raw<RawEvidence[]>('evidence.json');
const REPORTS = raw<RawReport[]>('regional-reports.json');
const REGIONS = raw<{ code: string }[]>('regions.json').map((r) => r.code);
const BARRIER_CODES = raw<{ barriers: { code: string }[] }>('barriers.json').barriers.map(
  (b) => b.code,
);
const GROUPS = [
  'industry',
  'healthcare_provider',
  'research_academia',
  'public_authority_other',
  'patient_organisation',
];

/** Statements the second half adds, with stakeholder groups (one without a region). */
const WITH_GROUPS = [
  { key: 't-ind', region: 'ES51', barriers: ['B01', 'B05'], stakeholderGroup: 'industry' },
  { key: 't-hcp', region: 'BE2', barriers: ['B05'], stakeholderGroup: 'healthcare_provider' },
  { key: 't-pat', region: null, barriers: ['B17'], stakeholderGroup: 'patient_organisation' },
  { key: 't-none', region: 'ES51', barriers: ['B05'] },
] as const;

type Kind = 'all' | 'statements' | 'challenges';
interface Ranked {
  rank: number;
  code: string;
  statements: number;
  challenges: number;
  items: number;
  regions: number;
}

/** A region's ranking counted over the raw records: statements per barrier, each listed challenge. */
function expectedRanking(evidence: readonly RawEvidence[], code: string, kind: Kind): Ranked[] {
  const across = regionsReporting(evidence, kind);
  const counts = new Map<string, { statements: number; challenges: number }>();
  const at = (b: string) => {
    const c = counts.get(b) ?? { statements: 0, challenges: 0 };
    counts.set(b, c);
    return c;
  };
  for (const e of evidence)
    if (e.region === code) for (const b of new Set(e.barriers)) at(b).statements++;
  for (const r of REPORTS)
    if (r.region === code) for (const c of r.challenges ?? []) at(c.barrier).challenges++;
  return [...counts.entries()]
    .map(([b, c]) => ({
      code: b,
      ...c,
      items:
        kind === 'statements'
          ? c.statements
          : kind === 'challenges'
            ? c.challenges
            : c.statements + c.challenges,
    }))
    .filter((r) => r.items > 0)
    .sort((a, b) => b.items - a.items || a.code.localeCompare(b.code))
    .map((r, i) => ({ rank: i + 1, ...r, regions: across.regions(r.code) }));
}

/** Regions reporting each barrier by a kind: a statement with a region coded to it, or a challenge. */
function regionsReporting(evidence: readonly RawEvidence[], kind: Kind) {
  const by = new Map<string, Set<string>>();
  const all = new Set<string>();
  const add = (b: string, r: string) => {
    by.set(b, (by.get(b) ?? new Set()).add(r));
    all.add(r);
  };
  if (kind !== 'challenges')
    for (const e of evidence) {
      const region = e.region;
      if (region) for (const b of e.barriers) add(b, region);
    }
  if (kind !== 'statements')
    for (const r of REPORTS) for (const c of r.challenges ?? []) add(c.barrier, r.region);
  return { of: all.size, regions: (b: string) => by.get(b)?.size ?? 0 };
}

/** The stakeholder table counted over the raw records: rows in codebook order, unknown last. */
function expectedStakeholders(evidence: readonly RawEvidence[]) {
  const columns = [...GROUPS, 'unknown'];
  const col = (e: RawEvidence) => columns.indexOf(e.stakeholderGroup ?? 'unknown');
  const cells = BARRIER_CODES.map((b) => {
    const row = columns.map(() => 0);
    for (const e of evidence) if (new Set(e.barriers).has(b)) row[col(e)] = (row[col(e)] ?? 0) + 1;
    return row;
  });
  const perColumn = columns.map(() => 0);
  for (const e of evidence) perColumn[col(e)] = (perColumn[col(e)] ?? 0) + 1;
  return {
    rows: BARRIER_CODES,
    columns,
    cells,
    rowTotals: cells.map((r) => r.reduce((a, b) => a + b, 0)),
    columnTotals: columns.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0)),
    total: cells.flat().reduce((a, b) => a + b, 0),
    statementsPerColumn: perColumn,
    statements: evidence.length,
    withGroup: evidence.filter((e) => e.stakeholderGroup).length,
  };
}

/** The integer a page's cell shows ("1,234"). */
const num = (text: string) => Number(text.replace(/[^\d]/g, ''));
const csv = (body: string) => parseCsv(body, { bom: true }) as string[][];

/** The rows of a page table: data-code and the numbers of its td cells. */
function tableRows(table: HTMLElement | null) {
  return (table?.querySelectorAll('tbody tr') ?? []).map((tr) => ({
    code: tr.getAttribute('data-code'),
    href: tr.querySelector('th a')?.getAttribute('href'),
    cells: tr.querySelectorAll('td').map((td) => num(td.text)),
  }));
}

for (const dialect of DIALECTS) {
  describe(`barriers by region and by stakeholder group on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const text = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    /** Checks every region's ranking through the API (each kind), the fact sheet and its CSV. */
    async function checkRegions(evidence: readonly RawEvidence[]) {
      for (const code of REGIONS) {
        for (const kind of ['all', 'statements', 'challenges'] as const) {
          const api = await site.json(`/api/v1/regions/${code}/barriers?evidence=${kind}`);
          const expected = expectedRanking(evidence, code, kind);
          assert.deepEqual(
            api.barriers.map(({ label, ...r }: Ranked & { label: string }) => r),
            expected,
            `${code} ${kind}`,
          );
          assert.equal(api.statements, evidence.filter((e) => e.region === code).length, code);
          const challenges = REPORTS.filter((r) => r.region === code).flatMap(
            (r) => r.challenges ?? [],
          );
          assert.equal(api.challenges, challenges.length, code);
          assert.equal(api.regionsWithEvidence, regionsReporting(evidence, kind).of, code);
        }
        const expected = expectedRanking(evidence, code, 'all');
        const root = parse(await text(`/regions/${code}`));
        const rows = tableRows(root.querySelector('table.region-barriers'));
        assert.deepEqual(
          rows,
          expected.map((r) => ({
            code: r.code,
            href: `/barriers/${r.code}`,
            cells: [r.rank, r.statements, r.challenges, r.items, r.regions],
          })),
          `page of ${code}`,
        );
        const file = await site.request(`/figures/regions/${code}/barriers.csv`);
        assert.equal(file.status, 200, code);
        const [header, ...records] = csv(await file.text());
        assert.equal(header?.[1], 'barrier_code');
        assert.deepEqual(
          records.map((r) =>
            [r[0], r[1], r[3], r[4], r[5], r[6]].map((c) => (c === r[1] ? c : Number(c))),
          ),
          expected.map((r) => [r.rank, r.code, r.statements, r.challenges, r.items, r.regions]),
          `CSV of ${code}`,
        );
      }
    }

    /** Checks the stakeholder table through the API, the prevalence page and its CSV. */
    async function checkStakeholders(evidence: readonly RawEvidence[]) {
      const expected = expectedStakeholders(evidence);
      const api = await site.json('/api/v1/statistics/barriers-by-stakeholder');
      assert.deepEqual(api, expected);
      for (const query of ['', '?evidence=challenges']) {
        const root = parse(await text(`/barriers/prevalence${query}`));
        const table = root.querySelector('table.stakeholders');
        assert.deepEqual(
          table
            ?.querySelectorAll('thead th[data-group]')
            .map((th) => th.getAttribute('data-group')),
          expected.columns,
        );
        assert.deepEqual(
          tableRows(table),
          expected.rows.map((b, i) => ({
            code: b,
            href: `/barriers/${b}`,
            cells: [...(expected.cells[i] ?? []), expected.rowTotals[i]],
          })),
        );
        const foot = (name: string) =>
          table
            ?.querySelector(`tfoot tr[data-total="${name}"]`)
            ?.querySelectorAll('td')
            .map((td) => num(td.text));
        assert.deepEqual(foot('codings'), [...expected.columnTotals, expected.total]);
        assert.deepEqual(foot('statements'), [
          ...expected.statementsPerColumn,
          expected.statements,
        ]);
        // The page says what it counts and where statements without a group go.
        const lead = root.querySelector('#stakeholders-lead')?.text ?? '';
        assert.match(
          lead,
          new RegExp(
            `Of the ${expected.statements} statements on record, ${expected.withGroup} name`,
          ),
        );
        assert.match(lead, /counted in the column "Unknown"/);
      }
      const [header, ...records] = csv(
        await (await site.request('/figures/prevalence-stakeholders.csv')).text(),
      );
      assert.deepEqual(header?.slice(2, -1), expected.columns);
      assert.deepEqual(
        records.map((r) => r[0]),
        [...expected.rows, 'codings', 'statements'],
      );
      assert.deepEqual(
        records.map((r) => r.slice(2).map(Number)),
        [
          ...expected.cells.map((r, i) => [...r, expected.rowTotals[i]]),
          [...expected.columnTotals, expected.total],
          [...expected.statementsPerColumn, expected.statements],
        ],
      );
    }

    test('Catalonia by hand: funding first (2 statements, 1 challenge), then B08 and B10', async () => {
      const api = await site.json('/api/v1/regions/ES51/barriers');
      assert.deepEqual(
        api.barriers
          .slice(0, 3)
          .map((b: Ranked) => [b.rank, b.code, b.statements, b.challenges, b.regions]),
        [
          [1, 'B05', 2, 1, 9],
          [2, 'B08', 1, 1, 9],
          [3, 'B10', 1, 1, 9],
        ],
      );
      assert.equal(api.regionsWithEvidence, 10);
      // ATMP regulatory complexity: 6 regions by statements alone (issue 17).
      const byStatements = await site.json('/api/v1/regions/ES51/barriers?evidence=statements');
      assert.equal(byStatements.barriers.find((b: Ranked) => b.code === 'B08')?.regions, 6);
      assert.equal(api.barriers.length, 10);
      assert.equal(api.statements, 7);
      assert.equal(api.challenges, 5);
      // Health data fragmentation: on Catalonia's fact sheet, in no statement of it.
      const b01 = api.barriers.find((b: Ranked) => b.code === 'B01');
      assert.deepEqual([b01.statements, b01.challenges], [0, 1]);
    });

    test('every region on the reference data: API, fact sheet and CSV', async () => {
      await checkRegions(EVIDENCE);
    });

    test('the reference statements name no stakeholder group: all are unknown', async () => {
      assert.ok(EVIDENCE.every((e) => !e.stakeholderGroup));
      await checkStakeholders(EVIDENCE);
      const x = await site.json('/api/v1/statistics/barriers-by-stakeholder');
      assert.equal(x.withGroup, 0);
      assert.equal(x.statementsPerColumn.at(-1), EVIDENCE.length);
    });

    test('statements with groups: each in its column, the others unknown; regions follow', async () => {
      for (const e of WITH_GROUPS) {
        await upsertEvidence(
          site.db.kysely,
          {
            ...e,
            barriers: [...e.barriers],
            statement: `A test statement ${e.key}.`,
            sources: [{ source: 'preciseu-d6-1', section: 'a test section' }],
          } as Parameters<typeof upsertEvidence>[1],
          { now: '2026-12-06T00:00:00Z', actor: 'test' },
        );
      }
      const evidence = [
        ...EVIDENCE,
        ...WITH_GROUPS.map((e) => ({ ...e, barriers: [...e.barriers] })),
      ];
      await checkStakeholders(evidence);
      const x = await site.json('/api/v1/statistics/barriers-by-stakeholder');
      assert.equal(x.withGroup, 3);
      const b05 = x.rows.indexOf('B05');
      assert.equal(x.cells[b05][x.columns.indexOf('industry')], 1);
      assert.equal(x.cells[b05][x.columns.indexOf('healthcare_provider')], 1);
      await checkRegions(evidence);
    });

    test('an unknown region is a 404 in the API and the download; an unknown kind a 400', async () => {
      const api = await site.request('/api/v1/regions/XX/barriers');
      assert.equal(api.status, 404);
      assert.equal((await api.json()).detail, 'there is no region "XX"; see the list of regions');
      assert.equal((await site.request('/figures/regions/XX/barriers.csv')).status, 404);
      assert.equal(
        (await site.request('/api/v1/regions/ES51/barriers?evidence=quotes')).status,
        400,
      );
    });
  });
}
