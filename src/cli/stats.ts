import { type Command, EXIT, parse, UsageError, withData } from './common.ts';

/** `atlas stats`: counts of initiatives by domain × type, region, country and status. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'count initiatives by domain × type, region, country and status',
  help: `Usage: atlas stats [--json | --markdown]

Prints counts computed from the records: where the initiatives come from (each source's table
rows and text), how many have a reporting region and where those without one come from, then
domain × structural type (with totals), by reporting region, by home country, by status and by
source section.

Options:
  --json       machine-readable output
  --markdown   the same tables as Markdown`,
  async run(args, io) {
    const { renderStatsMarkdown, renderStatsText, statsReport } = await import(
      '../reports/stats.ts'
    );
    const { regionNames } = await import('../services/regions.ts');
    const { getStats } = await import('../services/stats.ts');
    const { values } = parse(
      args,
      { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
      false,
    );
    if (values.json && values.markdown) throw new UsageError('choose one of --json and --markdown');
    return withData(io, 'stats', async (db) => {
      const stats = await getStats(db);
      if (values.json) {
        io.out(JSON.stringify(stats, null, 2));
        return EXIT.ok;
      }
      const report = statsReport(stats, await regionNames(db));
      io.out(values.markdown ? renderStatsMarkdown(report) : renderStatsText(report));
      return EXIT.ok;
    });
  },
};
