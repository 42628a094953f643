import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidParameter } from '../domain/errors.ts';
import { REFERENCE_FILES } from '../io/reference.ts';
import { type Command, configFor, EXIT, parse, UsageError, withDatabase } from './common.ts';

/** The files a reference folder must hold. */
const REQUIRED = [REFERENCE_FILES.sources, REFERENCE_FILES.regions, REFERENCE_FILES.initiatives];

/**
 * Refuses a folder that lacks a required reference file, naming what chose the folder (--dir,
 * or REFERENCE_DIR when --dir is not given), so the user knows which to change.
 */
async function checkFolder(dir: string, fromOption: boolean): Promise<void> {
  const missing: string[] = [];
  for (const file of REQUIRED) {
    await access(join(dir, file)).catch(() => missing.push(file));
  }
  if (missing.length === 0) return;
  const what =
    missing.length === REQUIRED.length ? 'holds no reference files' : `lacks ${missing.join(', ')}`;
  if (fromOption) {
    throw new UsageError(
      `--dir ${dir} ${what}; give --dir the folder that holds ${REQUIRED.join(', ')}`,
    );
  }
  throw invalidParameter(
    'REFERENCE_DIR',
    `REFERENCE_DIR ${dir} ${what}; set REFERENCE_DIR (or give --dir) to the folder that holds ${REQUIRED.join(', ')}`,
  );
}

/** The report as a table: one row per kind of record, counts right-aligned under their heading. */
function reportLines(
  report: Record<string, { created: number; updated: number; unchanged: number }>,
) {
  const heads = ['Records', 'created', 'updated', 'unchanged'] as const;
  const rows = Object.entries(report).map(([kind, c]) => [
    kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
    String(c.created),
    String(c.updated),
    String(c.unchanged),
  ]);
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(heads), ...rows.map(line)];
}

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
    const { values } = parse(args, { dir: { type: 'string' }, json: { type: 'boolean' } }, false);
    const { seedReference } = await import('../services/seed.ts');
    // Checked before the database is opened, so a wrong folder leaves it as it was.
    const dir = values.dir ?? configFor(io).REFERENCE_DIR;
    await checkFolder(dir, values.dir !== undefined);
    return withDatabase(io, async (db) => {
      const report = await seedReference(db, dir);
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else for (const l of reportLines(report)) io.out(l);
      return EXIT.ok;
    });
  },
};
