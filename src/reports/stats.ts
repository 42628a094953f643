import { DOMAINS, labelOf, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import type { SourceOrigin } from '../services/initiatives.ts';
import type { Stats } from '../services/stats.ts';

/** A table of a report: a heading, column headers and rows of cells. */
export interface ReportTable {
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** How many leading columns hold text (aligned left); the others hold numbers. Default 1. */
  readonly textColumns?: number;
}

/** The view model of the statistics report; renderers see only this. */
export interface StatsReport {
  readonly title: string;
  readonly total: number;
  /** Sentences under the total: where the initiatives come from. */
  readonly origins: readonly string[];
  readonly tables: readonly ReportTable[];
}

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/** Section names as a phrase: section “7 Appendix”, sections “A” and “B”. */
function sectionsPhrase(sections: readonly (string | null)[]): string {
  const named = sections.filter((x): x is string => x !== null).map((x) => `“${x}”`);
  if (named.length === 0) return '';
  const list =
    named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  return ` in ${named.length === 1 ? 'section' : 'sections'} ${list}`;
}

/** One sentence per source on how many initiatives were taken from it, from its tables or text. */
export function originSentences(bySource: readonly SourceOrigin[]): string[] {
  return bySource.map((o) => {
    if (o.source === null)
      return `${plural(o.n, 'initiative cites', 'initiatives cite')} no source.`;
    const rows = o.sections.filter((x) => x.rows).map((x) => x.section);
    const parts = [
      ...(o.fromRows > 0
        ? [
            `${plural(o.fromRows, 'row', 'rows')} of ${rows.length > 1 ? 'its tables' : 'its table'}${sectionsPhrase(rows)}`,
          ]
        : []),
      ...(o.fromText > 0
        ? [o.fromRows > 0 ? `${o.fromText} named only in its text` : `${o.fromText} from its text`]
        : []),
    ];
    return `From ${o.title} (${o.source}): ${parts.join(' and ')}.`;
  });
}

/** How many of a source's initiatives have no reporting region, from its rows and from its text. */
function withoutRegion(o: SourceOrigin): { rows: number; text: number; all: number } {
  const none = (rows: boolean) =>
    o.sections.filter((x) => x.rows === rows).reduce((a, x) => a + x.n - x.withRegion, 0);
  return { rows: none(true), text: none(false), all: o.n - o.withRegion };
}

/** One source's share of the initiatives without a reporting region, as a phrase. */
function withoutRegionPhrase(o: SourceOrigin, short: boolean): string {
  const k = withoutRegion(o);
  if (o.source === null) return `${k.all} citing no source`;
  const name = short ? o.source : `${o.title} (${o.source})`;
  const mixed = o.fromRows > 0 && o.fromText > 0;
  if (!mixed) return `${k.all} from ${name}`;
  if (k.rows === 0) return `${k.all} from ${name}, named only in its text`;
  if (k.text === 0) return `${k.all} from ${name}, rows of its table`;
  return `${k.all} from ${name} (${k.rows} rows of its table, ${k.text} named only in its text)`;
}

/**
 * The sentence that reconciles the sources with the region table: how many initiatives have a
 * reporting region and, of those that have none, how many come from which source (and whether
 * from its table or its text).
 */
export function reportingRegionSentence(bySource: readonly SourceOrigin[]): string {
  const total = bySource.reduce((a, o) => a + o.n, 0);
  const withRegion = bySource.reduce((a, o) => a + o.withRegion, 0);
  const lead = 'a reporting region (the partner region that submitted them)';
  if (withRegion === total) return `All ${total} have ${lead}.`;
  const parts = bySource
    .filter((o) => o.n > o.withRegion)
    .map((o) => withoutRegionPhrase(o, false));
  return `${withRegion} have ${lead}; ${total - withRegion} have none: ${parts.join('; ')}.`;
}

/** Each source's sections as table rows: source, section, table rows or text, initiatives, of them with a reporting region. */
function originRows(bySource: readonly SourceOrigin[], total: number) {
  return [
    ...bySource.flatMap((o) =>
      o.sections.map((x, k) => [
        k > 0 ? '' : o.source === null ? 'No source' : `${o.title} (${o.source})`,
        x.section ?? 'no section named',
        x.rows ? 'table rows' : 'text',
        x.n,
        x.withRegion,
      ]),
    ),
    ['Total', '', '', total, bySource.reduce((a, o) => a + o.withRegion, 0)],
  ];
}

/** The label of the region table's row of initiatives without a reporting region. */
function noRegionLabel(bySource: readonly SourceOrigin[]): string {
  const parts = bySource.filter((o) => o.n > o.withRegion).map((o) => withoutRegionPhrase(o, true));
  return `No reporting region (${parts.join('; ')})`;
}

/** Builds the statistics report from the counts and the names of regions. */
export function statsReport(stats: Stats, regionNames: ReadonlyMap<string, string>): StatsReport {
  const dt = stats.domainByType;
  const place = (code: string) => `${regionNames.get(code) ?? code} (${code})`;
  return {
    title: 'PerMed Atlas: initiatives in figures',
    total: stats.total,
    origins: [
      ...originSentences(stats.bySource),
      ...(stats.total > 0 ? [reportingRegionSentence(stats.bySource)] : []),
    ],
    tables: [
      {
        heading: 'By domain × structural type',
        header: ['Domain', ...dt.columns.map((c) => labelOf(STRUCTURAL_TYPES, c)), 'Total'],
        rows: [
          ...dt.rows.map((r, i) => [
            labelOf(DOMAINS, r),
            ...(dt.cells[i] ?? []),
            dt.rowTotals[i] ?? 0,
          ]),
          ['Total', ...dt.columnTotals, dt.total],
        ],
      },
      {
        heading: 'By reporting region',
        header: ['Region', 'Initiatives'],
        rows: [
          ...stats.byRegion.map((r) => [place(r.key), r.n]),
          ...(stats.withoutReportingRegion > 0
            ? [[noRegionLabel(stats.bySource), stats.withoutReportingRegion]]
            : []),
          ['Total', stats.total],
        ],
      },
      {
        heading: `By home (${stats.countries} countries, and EU for EU institutions and European networks)`,
        header: ['Home', 'Initiatives'],
        rows: stats.byCountry.map((r) => [place(r.key), r.n]),
      },
      {
        heading: 'By status',
        header: ['Status', 'Initiatives'],
        rows: stats.byStatus.map((r) => [labelOf(STATUSES, r.key), r.n]),
      },
      {
        heading:
          'By source (each initiative once, under the document and section it was taken from)',
        header: ['Source', 'Section', 'Taken from', 'Initiatives', 'With a reporting region'],
        rows: originRows(stats.bySource, stats.total),
        textColumns: 3,
      },
    ],
  };
}

/** Plain text for a terminal: aligned columns, numbers right-aligned. */
export function renderStatsText(report: StatsReport): string {
  const table = (t: ReportTable) => {
    const cells = [t.header, ...t.rows].map((r) => r.map(String));
    const widths = t.header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
    const left = t.textColumns ?? 1;
    const lines = cells.map((r) =>
      r
        .map((c, j) => (j < left ? c.padEnd(widths[j] ?? 0) : c.padStart(widths[j] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
    return `${t.heading}\n${lines.join('\n')}`;
  };
  return [
    [`Initiatives: ${report.total}`, ...report.origins].join('\n'),
    ...report.tables.map(table),
  ].join('\n\n');
}

/** Markdown, for pasting into documents and issue trackers. */
export function renderStatsMarkdown(report: StatsReport): string {
  const cell = (c: string | number) => String(c).replaceAll('|', '\\|');
  const table = (t: ReportTable) =>
    [
      `## ${t.heading}`,
      '',
      `| ${t.header.map(cell).join(' | ')} |`,
      `| ${t.header.map((_, j) => (j < (t.textColumns ?? 1) ? '---' : '---:')).join(' | ')} |`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  return [
    `# ${report.title}`,
    '',
    `Initiatives: ${report.total}`,
    '',
    ...report.origins.map((o) => `- ${o}`),
    '',
    report.tables.map(table).join('\n\n'),
  ].join('\n');
}
