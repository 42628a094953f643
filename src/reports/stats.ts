import { DOMAINS, labelOf, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import type { Stats } from '../services/stats.ts';

/** A table of a report: a heading, column headers and rows of cells. */
export interface ReportTable {
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** The view model of the statistics report; renderers see only this. */
export interface StatsReport {
  readonly title: string;
  readonly total: number;
  readonly tables: readonly ReportTable[];
}

/** Builds the statistics report from the counts and the names of regions. */
export function statsReport(stats: Stats, regionNames: ReadonlyMap<string, string>): StatsReport {
  const dt = stats.domainByType;
  const place = (code: string) => `${regionNames.get(code) ?? code} (${code})`;
  return {
    title: 'PerMed Atlas: initiatives in figures',
    total: stats.total,
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
            ? [
                [
                  'No reporting region (not from a region’s report, e.g. ICPerMed)',
                  stats.withoutReportingRegion,
                ],
              ]
            : []),
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
    ],
  };
}

/** Plain text for a terminal: aligned columns, numbers right-aligned. */
export function renderStatsText(report: StatsReport): string {
  const table = (t: ReportTable) => {
    const cells = [t.header, ...t.rows].map((r) => r.map(String));
    const widths = t.header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
    const lines = cells.map((r) =>
      r.map((c, j) => (j === 0 ? c.padEnd(widths[j] ?? 0) : c.padStart(widths[j] ?? 0))).join('  '),
    );
    return `${t.heading}\n${lines.join('\n')}`;
  };
  return [`Initiatives: ${report.total}`, ...report.tables.map(table)].join('\n\n');
}

/** Markdown, for pasting into documents and issue trackers. */
export function renderStatsMarkdown(report: StatsReport): string {
  const cell = (c: string | number) => String(c).replaceAll('|', '\\|');
  const table = (t: ReportTable) =>
    [
      `## ${t.heading}`,
      '',
      `| ${t.header.map(cell).join(' | ')} |`,
      `| ${t.header.map((_, j) => (j === 0 ? '---' : '---:')).join(' | ')} |`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  return [
    `# ${report.title}`,
    '',
    `Initiatives: ${report.total}`,
    '',
    report.tables.map(table).join('\n\n'),
  ].join('\n');
}
