import { type Command, EXIT, parse, withDatabase } from './common.ts';

/** `atlas db seed`: loads the reference dataset. */
export const dbSeed: Command = {
  name: 'db seed',
  summary: 'load the reference dataset (data/reference/) into the database',
  help: `Usage: atlas db seed [--dir DIR] [--json]

Validates the reference files and loads them in one transaction: everything or nothing.
Records that already exist and are unchanged are left alone, so seeding twice changes nothing;
changed records get a new version and a history entry.

Options:
  --dir DIR   folder with sources.json, regions.json, initiatives.json (default: REFERENCE_DIR,
              which defaults to data/reference)
  --json      print the report as JSON`,
  async run(args, io) {
    const { seedReference } = await import('../services/seed.ts');
    const { values } = parse(args, { dir: { type: 'string' }, json: { type: 'boolean' } }, false);
    return withDatabase(io, async (db, config) => {
      const dir = values.dir ?? config.REFERENCE_DIR;
      const report = await seedReference(db, dir);
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else {
        for (const [kind, c] of Object.entries(report)) {
          io.out(
            `${kind.padEnd(12)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`,
          );
        }
      }
      return EXIT.ok;
    });
  },
};
