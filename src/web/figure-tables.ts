/**
 * The data behind each chart and table of the public pages, as the downloads write it (CSV,
 * XLSX) and the charts draw it: built from the same service views the pages render, with the
 * same labels, so a file's figures are the page's figures.
 */
import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import {
  type BarriersByStakeholder,
  type Prevalence,
  UNKNOWN_GROUP,
} from '../domain/prevalence.ts';
import type { Finding } from '../domain/quality.ts';
import { EUROPEAN_HOME } from '../domain/region.ts';
import type { BarrierOverview } from '../services/barriers.ts';
import type { Comparison, RegionSummary } from '../services/compare.ts';
import type { PracticeCatalogue } from '../services/good-practices.ts';
import type { RegionView } from '../services/regions.ts';
import type { CrossTabFigure } from './charts.tsx';
import {
  barrierLabel,
  codeLabel,
  domainLabel,
  type RegionNames,
  typeLabel,
} from './components.tsx';
import { placeName, t } from './i18n.ts';
import { comparisonRows } from './pages/compare.tsx';
import { CHART_GROUPS } from './tokens.ts';

/** A cell of a figure's table: text, a count, or nothing (a figure not on record). */
export type FigureCell = string | number | null;

/** One table of a figure: a header row (codes where there are codes), rows of cells. */
export interface FigureTable {
  /** Short name: the sheet's name in a workbook (at most 31 characters). */
  readonly name: string;
  readonly headers: readonly string[];
  /** A second header row in a workbook (the names beside the codes), when the columns have codes. */
  readonly labels?: readonly FigureCell[];
  readonly rows: readonly (readonly FigureCell[])[];
  /** How many leading columns hold text (names and codes); the rest are figures. */
  readonly textColumns: number;
}

/** The matrix column of statements that name no region (as services/barriers.ts keys it). */
const NO_REGION = '(none)';

/** The barrier × region matrix: codings per barrier and region, with both footer rows of the page. */
export function matrixTable(o: BarrierOverview, names: RegionNames): FigureTable {
  const m = o.matrix;
  const regionName = (r: string) =>
    r === NO_REGION ? t('barriers.noRegion') : (names.get(r) ?? r);
  return {
    name: t('barriers.matrixSheet'),
    headers: ['barrier_code', t('barriers.colBarrier'), ...m.columns, 'total'],
    labels: ['', '', ...m.columns.map(regionName), t('barriers.total')],
    rows: [
      ...m.rows.map((b, i) => [b, barrierLabel(b), ...(m.cells[i] ?? []), m.rowTotals[i] ?? 0]),
      ['codings', t('barriers.rowCodings'), ...m.columnTotals, m.total],
      // The footer rows of the page: the kinds of evidence the matrix counts, each item once.
      ...(o.kind === 'all' || o.kind === 'statements'
        ? [['statements', t('barriers.rowStatements'), ...o.statementsPerColumn, o.statements]]
        : []),
      ...(o.kind === 'statements'
        ? []
        : [['challenges', t('evidence.rowChallenges'), ...o.challengesPerColumn, o.challenges]]),
    ],
    textColumns: 2,
  };
}

/** Percent as the page rounds it (no decimals), as a number. */
const percentOf = (share: number) => Math.round(share * 100);

/** The ranked barrier table of /barriers/prevalence. */
export function prevalenceTable(p: Prevalence): FigureTable {
  return {
    name: t('prevalence.sheetBarriers'),
    headers: [
      t('prevalence.colRank'),
      'barrier_code',
      t('prevalence.colBarrier'),
      t('prevalence.colRegions'),
      t('prevalence.colSharePercent'),
      t('prevalence.colStatements'),
      t('prevalence.colBoth'),
      t('prevalence.colStatementsOnly'),
      t('prevalence.colChallengesOnly'),
    ],
    rows: p.barriers.map((b, i) => [
      i + 1,
      b.code,
      barrierLabel(b.code),
      b.regions,
      percentOf(b.share),
      b.statements,
      b.both,
      b.statementsOnly,
      b.challengesOnly,
    ]),
    textColumns: 3,
  };
}

/** The categories table of /barriers/prevalence. */
export function prevalenceCategoriesTable(p: Prevalence): FigureTable {
  return {
    name: t('prevalence.sheetCategories'),
    headers: [
      'category_code',
      t('prevalence.colCategory'),
      t('prevalence.colRegions'),
      t('prevalence.colSharePercent'),
    ],
    rows: p.categories.map((c) => [
      c.code,
      codeLabel('barrierCategory', c.code),
      c.regions,
      percentOf(c.share),
    ]),
    textColumns: 2,
  };
}

/** How many pairs of barriers the prevalence page lists. */
export const PAIRS_SHOWN = 15;

/** The pairs table of /barriers/prevalence (the pairs the page lists). */
export function prevalencePairsTable(p: Prevalence): FigureTable {
  return {
    name: t('prevalence.sheetPairs'),
    headers: ['barrier_a', 'barrier_b', t('prevalence.colPair'), t('prevalence.colRegionsBoth')],
    rows: p.pairs
      .slice(0, PAIRS_SHOWN)
      .map((x) => [x.a, x.b, `${barrierLabel(x.a)} + ${barrierLabel(x.b)}`, x.regions]),
    textColumns: 3,
  };
}

const SEGMENT_KEYS: Readonly<Record<string, string>> = {
  both: 'prevalence.segBoth',
  statementsOnly: 'prevalence.segStatementsOnly',
  challengesOnly: 'prevalence.segChallengesOnly',
  regions: 'prevalence.segRegions',
};

/** The prevalence chart: barriers (ranked) split into the regions behind each kind of evidence. */
export function prevalenceChart(p: Prevalence): CrossTabFigure {
  const rows = p.barriers.filter((b) => b.regions > 0);
  const split = (b: (typeof rows)[number]) =>
    p.kind === 'all' ? [b.both, b.statementsOnly, b.challengesOnly] : [b.regions];
  const cells = rows.map(split);
  const columns = p.kind === 'all' ? ['both', 'statementsOnly', 'challengesOnly'] : ['regions'];
  const table: CrossTab = {
    rows: rows.map((b) => b.code),
    columns,
    cells,
    rowTotals: cells.map((r) => r.reduce((a, x) => a + x, 0)),
    columnTotals: columns.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0)),
    total: cells.flat().reduce((a, x) => a + x, 0),
  };
  return {
    table,
    rowLabel: barrierLabel,
    columnLabel: (c) => t(SEGMENT_KEYS[c] ?? c),
    axisTitle: t('prevalence.axisRegions'),
  };
}

/** A region's initiatives by domain × type (its chart and table), with the totals row. */
export function initiativesTable(table: CrossTab): FigureTable {
  return {
    name: t('chart.sheetInitiatives'),
    headers: [
      'domain_code',
      t('regions.colDomain'),
      ...table.columns.map(typeLabel),
      t('regions.total'),
    ],
    labels: ['', '', ...table.columns, ''],
    rows: [
      ...table.rows.map((r, i) => [
        r,
        domainLabel(r),
        ...(table.cells[i] ?? []),
        table.rowTotals[i] ?? 0,
      ]),
      ['total', t('regions.total'), ...table.columnTotals, table.total],
    ],
    textColumns: 2,
  };
}

/** The chart of a region's initiatives. */
export function initiativesChart(v: RegionView): CrossTabFigure {
  return { table: v.initiatives, rowLabel: domainLabel, columnLabel: typeLabel };
}

/** The title of a region's initiatives figure (the table's caption). */
export function initiativesTitle(v: RegionView): string {
  return t(v.initiativeBasis === 'based' ? 'regions.tableCaptionBased' : 'regions.tableCaption', {
    name: placeName(v.region.code, v.region.name),
  });
}

/** The interview table of a fact sheet: interviews per stakeholder group and the printed total. */
export function interviewsTable(v: RegionView): FigureTable {
  const row = v.interviews;
  const groups = STAKEHOLDER_GROUPS.filter((g) => g.code !== 'patient_organisation');
  return {
    name: t('chart.sheetInterviews'),
    headers: ['group_code', t('regions.colStakeholderGroup'), t('regions.interviews')],
    rows: [
      ...groups.map((g) => [
        g.code,
        codeLabel('stakeholderGroup', g.code),
        row?.byGroup[g.code] ?? null,
      ]),
      ['printed_total', t('regions.printedTotal'), row?.printedTotal ?? null],
    ],
    textColumns: 2,
  };
}

/** The findings of the data-quality check, one row each: kind, message and the records involved. */
export function findingsTable(findings: readonly Finding[]): FigureTable {
  return {
    name: t('dataQuality.sheetFindings'),
    headers: [
      'kind',
      t('dataQuality.colKind'),
      t('dataQuality.colMessage'),
      t('dataQuality.colStated'),
      t('dataQuality.colFound'),
      'records',
      t('dataQuality.colRecords'),
    ],
    rows: findings.map((f) => [
      f.kind,
      t(`dataQuality.kind_${f.kind}`),
      f.message,
      f.stated ?? null,
      f.found ?? null,
      f.records.map((r) => `${r.entity}:${r.key}`).join('; '),
      f.records.map((r) => r.label).join('; '),
    ]),
    textColumns: 7,
  };
}

/** The good practices a /good-practices query lists: each with its place and barriers. */
export function practicesTable(
  practices: PracticeCatalogue['practices'],
  names: RegionNames,
): FigureTable {
  return {
    name: t('goodPractices.sheetPractices'),
    headers: [
      'slug',
      t('goodPractices.colName'),
      'country',
      t('goodPractices.countryLegend'),
      'region',
      'barriers',
      t('goodPractices.barriersAddressed'),
      t('goodPractices.exemplaryBySource'),
    ],
    rows: practices.map((p) => [
      p.slug,
      p.name,
      p.country ?? EUROPEAN_HOME,
      names.get(p.country ?? EUROPEAN_HOME) ?? p.country,
      p.region,
      p.barriers.join('; '),
      p.barriers.map((b) => barrierLabel(b)).join('; '),
      p.exemplary ? t('about.yes') : t('about.no'),
    ]),
    textColumns: 8,
  };
}

/** The /regions table: what the atlas holds about each partner region. */
export function regionsTable(summaries: readonly RegionSummary[]): FigureTable {
  return {
    name: t('chart.sheetRegions'),
    headers: [
      'region_code',
      t('regions.colRegion'),
      t('regions.initiativesReported'),
      t('regions.colStatements'),
      t('regions.colPractices'),
      t('regions.interviews'),
      t('regions.colWorkshopParticipants'),
    ],
    rows: summaries.map((s) => [
      s.code,
      placeName(s.code, s.name),
      s.initiatives,
      s.statements,
      s.practices,
      s.interviews,
      s.workshopParticipants,
    ]),
    textColumns: 2,
  };
}

/** The comparison table of /compare: one row per figure, one column per chosen region. */
export function compareTable(c: Comparison): FigureTable {
  return {
    name: t('chart.sheetCompare'),
    headers: [t('compare.colFigure'), ...c.chosen.map((x) => x.summary.code)],
    labels: ['', ...c.chosen.map((x) => placeName(x.summary.code, x.summary.name))],
    rows: comparisonRows(c).map((r) => [r.label, ...r.values]),
    textColumns: 1,
  };
}

/** A map's table: each place with initiatives and its count, most first (as the map's own table). */
export function mapTable(
  counts: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
): FigureTable {
  const rows = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    name: t('chart.sheetMap'),
    headers: ['code', t('chart.colPlace'), t('chart.axisInitiatives')],
    rows: rows.map(([code, n]) => [code, names.get(code) ?? code, n]),
    textColumns: 2,
  };
}

/** Region × region similarity of barrier profiles (0 to 1), as the /twinning page shows it. */
export function similarityTable(s: {
  regions: readonly { code: string; name: string }[];
  matrix: readonly (readonly number[])[];
}): FigureTable {
  return {
    name: t('chart.sheetSimilarity'),
    headers: ['code', t('twinning.colRegion'), ...s.regions.map((r) => r.code)],
    labels: ['', '', ...s.regions.map((r) => placeName(r.code, r.name))],
    rows: s.regions.map((r, i) => [r.code, placeName(r.code, r.name), ...(s.matrix[i] ?? [])]),
    textColumns: 2,
  };
}

/** A region's barriers ranked by the evidence behind them, as its fact sheet's table shows them. */
export function regionBarriersTable(v: RegionView): FigureTable {
  return {
    name: t('regions.barrierRankingSheet'),
    headers: [
      t('regions.rankColRank'),
      'barrier_code',
      t('regions.rankColBarrier'),
      t('regions.rankColStatements'),
      t('regions.rankColChallenges'),
      t('regions.rankColItems'),
      t('regions.rankColRegions', { n: v.barriers.regionsWithEvidence }),
    ],
    rows: v.barriers.barriers.map((b) => [
      b.rank,
      b.code,
      barrierLabel(b.code),
      b.statements,
      b.challenges,
      b.items,
      b.regions,
    ]),
    textColumns: 3,
  };
}

/** A stakeholder group's column heading: the group's label, or "unknown" for statements of none. */
export function stakeholderColumnLabel(code: string): string {
  return code === UNKNOWN_GROUP
    ? t('prevalence.groupUnknown')
    : codeLabel('stakeholderGroup', code);
}

/** The barrier × stakeholder group table of /barriers/prevalence, with both footer rows. */
export function stakeholderTable(x: BarriersByStakeholder): FigureTable {
  const m = x.table;
  return {
    name: t('prevalence.sheetStakeholders'),
    headers: ['barrier_code', t('prevalence.colBarrier'), ...m.columns, 'total'],
    labels: ['', '', ...m.columns.map(stakeholderColumnLabel), t('prevalence.total')],
    rows: [
      ...m.rows.map((b, i) => [b, barrierLabel(b), ...(m.cells[i] ?? []), m.rowTotals[i] ?? 0]),
      ['codings', t('prevalence.rowCodings'), ...m.columnTotals, m.total],
      ['statements', t('prevalence.rowStatements'), ...x.statementsPerColumn, x.statements],
    ],
    textColumns: 2,
  };
}

/** The chart of the stakeholder table: each barrier with statements, split by group. */
export function stakeholderChart(x: BarriersByStakeholder): CrossTabFigure {
  const keep = x.table.rows.flatMap((_, i) => ((x.table.rowTotals[i] ?? 0) > 0 ? [i] : []));
  const cells = keep.map((i) => x.table.cells[i] ?? []);
  return {
    table: {
      ...x.table,
      rows: keep.map((i) => x.table.rows[i] ?? ''),
      cells,
      rowTotals: keep.map((i) => x.table.rowTotals[i] ?? 0),
    },
    rowLabel: barrierLabel,
    columnLabel: stakeholderColumnLabel,
    axisTitle: t('prevalence.axisStatements'),
    colors: CHART_GROUPS,
  };
}
