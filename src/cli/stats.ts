import { DOMAINS, labelOf, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import { regionNames } from '../services/regions.ts';
import { getStats } from '../services/stats.ts';
import { type Command, EXIT, parse, withDatabase } from './common.ts';

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  return cells
    .map((r) =>
      r.map((c, j) => (j === 0 ? c.padEnd(widths[j] ?? 0) : c.padStart(widths[j] ?? 0))).join('  '),
    )
    .join('\n');
}

/** `atlas stats`: counts of initiatives by domain × type, region, country and status. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'count initiatives by domain × type, region, country and status',
  help: `Usage: atlas stats [--json]

Prints counts computed from the records: domain × structural type (with totals), by reporting
region, by home country and by status.

Options:
  --json   machine-readable output`,
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    return withDatabase(io, async (db) => {
      const stats = await getStats(db);
      if (values.json) {
        io.out(JSON.stringify(stats, null, 2));
        return EXIT.ok;
      }
      const names = await regionNames(db);
      const dt = stats.domainByType;
      io.out(`Initiatives: ${stats.total}\n`);
      io.out('By domain × structural type');
      io.out(
        table(
          ['domain', ...dt.columns.map((c) => labelOf(STRUCTURAL_TYPES, c)), 'total'],
          [
            ...dt.rows.map((r, i) => [
              labelOf(DOMAINS, r),
              ...(dt.cells[i] ?? []),
              dt.rowTotals[i] ?? 0,
            ]),
            ['total', ...dt.columnTotals, dt.total],
          ],
        ),
      );
      io.out('\nBy reporting region');
      io.out(
        table(
          ['region', 'initiatives'],
          stats.byRegion.map((r) => [`${names.get(r.key) ?? r.key} (${r.key})`, r.n]),
        ),
      );
      io.out('\nBy home country');
      io.out(
        table(
          ['country', 'initiatives'],
          stats.byCountry.map((r) => [`${names.get(r.key) ?? r.key} (${r.key})`, r.n]),
        ),
      );
      io.out('\nBy status');
      io.out(
        table(
          ['status', 'initiatives'],
          stats.byStatus.map((r) => [labelOf(STATUSES, r.key), r.n]),
        ),
      );
      return EXIT.ok;
    });
  },
};
