/**
 * Import benchmark: rows per second and peak memory of CSV imports (the D3.1 appendix's columns
 * and labels, so every row is normalised) applied to SQLite and PostgreSQL, each against the raw
 * parse speed and peak memory of csv-parse on the same file in the same run (ratios). The fast
 * path (services/import-batch.ts) is measured at every size; the record-by-record path it
 * replaced (batchRows 0) at the --row-by-row-sizes, as the same-run "before". Each measurement
 * runs in its own process on a fresh database, so that its peak resident memory is its own.
 * Also times the refusal of a zip bomb.
 *
 * With --compare-tree DIR (a checkout of another commit with the same schema, e.g. from
 * `git archive`), the apply (and dry run) is also measured with that tree's code on the same file,
 * interleaved with this tree's, as a same-run "before" of a change.
 *
 * Usage: npm run bench:import [-- --sizes 10000,100000 --dialects sqlite,postgres
 *        --row-by-row-sizes 10000 --plan-sizes 10000 --heap-mb 512 --compare-tree DIR]
 * Prints one line a size and dialect and writes bench/results/import.json.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import pg from 'pg';
import yazl from 'yazl';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { openTable } from '../src/io/table.ts';
import { importInitiatives } from '../src/services/imports.ts';
import { seedReference } from '../src/services/seed.ts';
import { prng } from './generator.ts';
import { writeResults } from './stats.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    // Sizes whose apply is measured also on the record-by-record path (slow: 10k only by default).
    'row-by-row-sizes': { type: 'string', default: '10000' },
    // Sizes whose dry run is measured (none by default).
    'plan-sizes': { type: 'string', default: '' },
    'heap-mb': { type: 'string' },
    // Another checkout whose apply is measured on the same files (see the header).
    'compare-tree': { type: 'string' },
    child: { type: 'string' },
    'write-csv': { type: 'string' },
    file: { type: 'string' },
    db: { type: 'string' },
  },
});

/** What one measured step did: rows, seconds and the process's peak resident memory. */
interface Measure {
  rows: number;
  seconds: number;
  /** CPU time of the process (user + system): steadier than the wall clock on a shared machine. */
  cpuSeconds: number;
  maxRssMb: number;
}

async function child(mode: string, file: string, dbUrl: string): Promise<Measure> {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let rows = 0;
  if (mode === 'csv-parse') {
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
    for await (const _ of parser) rows++;
    rows--;
  } else if (mode === 'read') {
    const table = await openTable(file);
    for await (const _ of table.rows()) rows++;
  } else if (mode === 'bomb') {
    try {
      await openTable(file);
    } catch {
      rows = 1;
    }
  } else {
    const db = openDatabase(dbUrl);
    const summary = await importInitiatives(db, file, {
      apply: mode !== 'plan',
      acceptSuggestions: true,
      duplicates: 'keep',
      batch: mode === 'apply-rows' ? { batchRows: 0 } : undefined,
    });
    if (summary.refused || summary.actions.blocked > 0)
      throw new Error(`unexpected plan: ${JSON.stringify(summary.actions)}`);
    rows = summary.rows;
    await db.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { rows, seconds, cpuSeconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (values.child) {
  const m = await child(values.child, values.file ?? '', values.db ?? '');
  process.stdout.write(JSON.stringify(m));
  process.exit(0);
}

/** Measures a step in a child process, with this tree's code or that of `tree`. */
function measure(mode: string, file: string, db = '', tree?: string): Measure {
  const script = tree ? join(tree, 'bench', 'import.bench.ts') : import.meta.filename;
  const r = spawnSync(
    process.execPath,
    [
      // --heap-mb caps V8's heap, to show whether a run fits a memory budget at all.
      ...(values['heap-mb'] ? [`--max-old-space-size=${values['heap-mb']}`] : []),
      '--import',
      'tsx',
      script,
      '--child',
      mode,
      '--file',
      file,
      '--db',
      db,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      // The other tree's modules are resolved from its own directory (node_modules linked in).
      ...(tree ? { cwd: tree } : {}),
    },
  );
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measure;
}

const NAMES_A = [
  'Precision',
  'Genomic',
  'Personalised',
  'Regional',
  'National',
  'Digital',
  'Clinical',
  'Translational',
];
const NAMES_B = [
  'Oncology',
  'Medicine',
  'Health Data',
  'Biobank',
  'Cardiology',
  'Rare Disease',
  'Imaging',
  'Pharmacogenomics',
];
const NAMES_C = [
  'Network',
  'Programme',
  'Platform',
  'Strategy',
  'Hub',
  'Consortium',
  'Initiative',
  'Testbed',
];
const DOMAINS = [
  'R&I',
  'Research & Innovation',
  'Ecosystem',
  'Policy&Regulation',
  'Patient Perspective',
];
const SCOPES = [
  'National',
  'Regional',
  'Local; Regional; National',
  'European',
  'International (wider than EU)',
  'Regional; National',
];
const STATUSES = ['Ongoing', 'To be launched', 'Closed', 'Permanent institution'];
const TYPES = [
  'Ongoing project',
  'Permanent institution',
  'Partnership',
  'Study/publication/strategic document',
];
const COUNTRIES = ['Sweden', 'Spain', 'Germany', 'Italy', 'Lithuania', 'Ukraine', 'SE', 'ES', 'DE'];

/** A CSV file shaped like the D3.1 appendix, with a country, type and summary column. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const rand = prng(rows);
  const pick = <T>(v: readonly T[]) => v[Math.floor(rand() * v.length)] as T;
  // Made-up words, as place and project names are: real names differ by more than a number.
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ner',
    'vas',
    'tu',
    'rin',
    'sel',
    'do',
    'ga',
    'pre',
    'zun',
    'hel',
    'bro',
  ];
  const word = () => {
    const w = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(syllables)).join('');
    return w[0]?.toUpperCase() + w.slice(1);
  };
  const out = createWriteStream(path);
  out.write(
    'No,Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type,Summary\n',
  );
  for (let i = 1; i <= rows; i++) {
    const name = `${pick(NAMES_A)} ${pick(NAMES_B)} ${word()} ${pick(NAMES_C)} ${word()}`;
    const link = rand() < 0.1 ? 'N/A' : `https://www.initiative-${i}.example.org/`;
    const summary = `"Work on ${pick(NAMES_B).toLowerCase()} in ${pick(COUNTRIES)}, with partners from ""${pick(NAMES_C)}"" and regional hospitals."`;
    const line = `${i},${name},${pick(DOMAINS)},${link},${pick(COUNTRIES)},"${pick(SCOPES)}",${pick(STATUSES)},${pick(TYPES)},${summary}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

async function zipBomb(path: string): Promise<void> {
  const z = new yazl.ZipFile();
  z.addBuffer(Buffer.from('<workbook/>'), 'xl/workbook.xml');
  z.addBuffer(Buffer.alloc(256 * 1024 * 1024), 'xl/worksheets/sheet1.xml');
  z.end();
  const out = createWriteStream(path);
  z.outputStream.pipe(out);
  await finished(out);
}

// For profiling: write the generated file only.
if (values['write-csv']) {
  await writeCsv(values['write-csv'], Number(values.sizes));
  process.exit(0);
}

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database with the reference data, for one measurement, and how to throw it away. */
async function freshDb(
  dialect: string,
  name: string,
): Promise<{ url: string; dispose: () => Promise<void> }> {
  let url = `sqlite:${join(dir, `${name}.db`)}`;
  let dispose = async () => rmSync(join(dir, `${name}.db`), { force: true });
  if (dialect === 'postgres') {
    const schema = `bench_import_${name.replace(/\W/g, '_')}_${process.pid}`;
    const admin = async (text: string) => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(text);
      await c.end();
    };
    await admin(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    const sep = POSTGRES_URL.includes('?') ? '&' : '?';
    url = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    dispose = () => admin(`drop schema ${schema} cascade`);
  }
  const db = openDatabase(url);
  await migrateToLatest(db);
  await seedReference(db, join(import.meta.dirname, '..', 'data', 'reference'));
  await db.close();
  return { url, dispose };
}

/** Measures one import of the file on a fresh database of the dialect. */
async function measureImport(
  mode: string,
  file: string,
  dialect: string,
  name: string,
  tree?: string,
) {
  const fresh = await freshDb(dialect, name);
  try {
    return measure(mode, file, fresh.url, tree);
  } finally {
    await fresh.dispose();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-import-bench-'));
const results: Record<string, unknown>[] = [];
try {
  const sizesOf = (list: string) => new Set(list.split(',').filter(Boolean).map(Number));
  const rowByRowSizes = sizesOf(values['row-by-row-sizes'] ?? '');
  const planSizes = sizesOf(values['plan-sizes'] ?? '');
  for (const size of (values.sizes ?? '').split(',').map(Number)) {
    const file = join(dir, `landscape-${size}.csv`);
    await writeCsv(file, size);
    // csv-parse alone, in the same run: the yardstick of speed and of memory.
    const base = measure('csv-parse', file);
    const read = measure('read', file);
    const row = (m: Measure | undefined) =>
      m && {
        rowsPerSecond: Math.round(m.rows / m.seconds),
        seconds: Number(m.seconds.toFixed(1)),
        maxRssMb: m.maxRssMb,
        ratioToCsvParse: Number((base.rows / base.seconds / (m.rows / m.seconds)).toFixed(1)),
        // Rows per second of this process's own CPU time (the database server's is not counted).
        rowsPerCpuSecond: Math.round(m.rows / m.cpuSeconds),
        cpuRatioToCsvParse: Number(
          (base.rows / base.cpuSeconds / (m.rows / m.cpuSeconds)).toFixed(1),
        ),
        rssRatioToCsvParse: Number((m.maxRssMb / base.maxRssMb).toFixed(1)),
      };
    for (const dialect of (values.dialects ?? '').split(',').filter(Boolean)) {
      const plan = planSizes.has(size)
        ? await measureImport('plan', file, dialect, `plan-${size}`)
        : undefined;
      const apply = await measureImport('apply', file, dialect, `apply-${size}`);
      const tree = values['compare-tree'];
      // The other tree first, then this one's apply again: the two of this tree bracket it.
      const otherPlan =
        tree && planSizes.has(size)
          ? await measureImport('plan', file, dialect, `other-plan-${size}`, tree)
          : undefined;
      const otherApply = tree
        ? await measureImport('apply', file, dialect, `other-apply-${size}`, tree)
        : undefined;
      const applyAgain = tree
        ? await measureImport('apply', file, dialect, `apply2-${size}`)
        : undefined;
      const rowByRow = rowByRowSizes.has(size)
        ? await measureImport('apply-rows', file, dialect, `rows-${size}`)
        : undefined;
      results.push({
        size,
        dialect,
        csvParse: row(base),
        read: row(read),
        plan: row(plan),
        apply: row(apply),
        applyRowByRow: row(rowByRow),
        ...(tree
          ? {
              compareTree: tree,
              otherPlan: row(otherPlan),
              otherApply: row(otherApply),
              applyAgain: row(applyAgain),
            }
          : {}),
      });
      console.log(JSON.stringify(results.at(-1)));
    }
    rmSync(file, { force: true });
  }
  const bomb = join(dir, 'bomb.xlsx');
  await zipBomb(bomb);
  const refused = measure('bomb', bomb);
  results.push({
    zipBomb: {
      declaredBytes: 256 * 1024 * 1024,
      refused: refused.rows === 1,
      seconds: Number(refused.seconds.toFixed(3)),
      maxRssMb: refused.maxRssMb,
    },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results.at(-1)));
writeResults('import', values, results);
