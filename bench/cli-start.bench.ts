/**
 * CLI start benchmark: the wall time of `atlas --help` and `atlas stats` (on a SQLite database
 * seeded with the reference data) run from the compiled dist/ (what bin/atlas.js runs after
 * `npm ci` or `npm run build`) and from the TypeScript sources through tsx (its fallback), each
 * as the median of N runs and as a ratio against `node -e 0` (a bare Node start) in the same run.
 *
 * Usage: npm run bench:cli [-- --runs 9]
 * Builds dist/ first; prints a table and writes bench/out/cli-start.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const RUNS = Math.max(1, Number(values.runs));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/atlas.js');
const work = mkdtempSync(join(tmpdir(), 'atlas-cli-bench-'));
/** The sources through tsx, as bin/atlas.js runs them when dist/ is missing or stale. */
const FROM_SOURCES = join(work, 'from-sources.mjs');
writeFileSync(
  FROM_SOURCES,
  `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register({ tsconfig: ${JSON.stringify(join(ROOT, 'tsconfig.json'))} });
const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/cli/main.ts')).href)});
process.exitCode = await main(process.argv.slice(2));
`,
);
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(work, 'bench.db')}`,
  REFERENCE_DIR: join(ROOT, 'data/reference'),
};

/** Runs node with `args` and returns its wall time in milliseconds; fails on a non-zero exit. */
function time(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: work, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function main(): void {
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/build.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  time([BIN, 'db', 'seed']);
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'atlas --help (dist)': [BIN, '--help'],
    'atlas --help (tsx)': [FROM_SOURCES, '--help'],
    'atlas stats (dist)': [BIN, 'stats'],
    'atlas stats (tsx)': [FROM_SOURCES, 'stats'],
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(cases).map((k) => [k, []]),
  );
  // Interleaved, so that a slow moment of the machine falls on every case alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(cases)) samples[name]?.push(time(args));
  }
  const baseline = median(samples['node -e 0'] ?? []);
  const rows = Object.entries(samples).map(([name, xs]) => ({
    name,
    medianMs: Math.round(median(xs)),
    ratio: Math.round((median(xs) / baseline) * 10) / 10,
  }));
  console.log(`CLI start, median of ${RUNS} runs (ratio to node -e 0 in the same run):`);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(22)} ${String(r.medianMs).padStart(6)} ms  ${r.ratio}x`);
  }
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/out/cli-start.json'),
    `${JSON.stringify({ runs: RUNS, node: process.version, rows }, null, 2)}\n`,
  );
}

try {
  main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
