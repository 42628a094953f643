/**
 * Throughput of the open data API under load: autocannon (50 connections, 10 s a route by default)
 * against a real `atlas serve` in a child process, so the load generator does not share the
 * server's event loop. Two datasets: the reference data, and N synthetic initiatives
 * (bench/generator.ts, 100k by default) loaded into a temporary SQLite database. For each it
 * measures GET /health (the baseline: routing, one count query) and a filtered list call, and
 * reports req/s, p50, p99 and list/health in the same run, so figures compare across machines.
 * The same list call again is served from the search's result cache, so where the result has
 * more pages than that cache keeps, every page in turn is measured too: the uncached search.
 * Rate limiting is off for the server (API_RATE_LIMIT=0). Writes bench/out/api.json.
 *
 * Usage: npm run bench:api [-- --duration 10 --connections 50 --synthetic 100000
 *        --list-path '/api/v1/initiatives?country=ES&status=ongoing']
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { RESULT_CACHE_SIZE } from '../src/services/search.ts';
import { seedData } from '../src/services/seed.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { type RunningServer, startServer } from '../test/helpers/server.ts';
import { generateDataset } from './generator.ts';

/** The filtered list call of the versioned API (--list-path measures another). */
const LIST_PATH = '/api/v1/initiatives?country=ES&status=ongoing';
const BASELINE_PATH = '/health';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    synthetic: { type: 'string', default: '100000' },
    'list-path': { type: 'string', default: LIST_PATH },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const syntheticSize = Number(values.synthetic);
const listPath = values['list-path'] ?? LIST_PATH;
for (const [name, v] of [
  ['--duration', duration],
  ['--connections', connections],
  ['--synthetic', syntheticSize],
] as const) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number ≥ 0, not ${v}`);
}

interface Measure {
  readonly path: string;
  readonly requestsPerSecond: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** The median of the sequential warm-up requests: the time of one request on an idle server. */
  readonly aloneP50ms: number;
}

const WARM_UP = 20;

/**
 * One autocannon run against a path, after WARM_UP sequential requests (JIT, page cache,
 * prepared statements). The warm-up is sequential on purpose: a concurrent one leaves requests
 * queued in the server that the measured run would then wait behind.
 */
async function measure(base: string, paths: readonly string[]): Promise<Measure> {
  const alone: number[] = [];
  let next = 0;
  const nextPath = () => paths[next++ % paths.length] as string;
  for (let i = 0; i < WARM_UP; i++) {
    const t = performance.now();
    await (
      await fetch(`${base}${nextPath()}`, { headers: { 'accept-encoding': 'identity' } })
    ).text();
    alone.push(performance.now() - t);
  }
  alone.sort((a, b) => a - b);
  const r = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
  return {
    path:
      paths.length === 1 ? (paths[0] as string) : `${paths[0]} … (${paths.length} paths in turn)`,
    aloneP50ms: +(alone[WARM_UP / 2] ?? 0).toFixed(1),
    timeouts: r.timeouts,
    requestsPerSecond: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** Measures the baseline and the list call on a running server. */
async function run(dataset: string, server: RunningServer): Promise<Record<string, unknown>> {
  const check = await fetch(`${server.url}${listPath}`);
  if (check.status !== 200)
    throw new Error(
      `${listPath} answers ${check.status}; is the route there? Check the path given with --list-path`,
    );
  const { total = 0 } = (await check.json()) as { total?: number };
  process.stderr.write(`  ${dataset}: ${BASELINE_PATH} for ${duration} s…\n`);
  const health = await measure(server.url, [BASELINE_PATH]);
  process.stderr.write(`  ${dataset}: ${listPath} for ${duration} s…\n`);
  const list = await measure(server.url, [listPath]);
  // The same query again is answered from the search's result cache; every page of the result
  // in turn (when there are more pages than the cache keeps) measures the search itself.
  const pages = Math.min(Math.ceil(total / 20), 1000);
  let cold: Measure | undefined;
  if (pages > RESULT_CACHE_SIZE) {
    process.stderr.write(`  ${dataset}: its ${pages} pages in turn for ${duration} s…\n`);
    const sep = listPath.includes('?') ? '&' : '?';
    cold = await measure(
      server.url,
      Array.from({ length: pages }, (_, k) => `${listPath}${sep}page=${k + 1}`),
    );
  }
  for (const m of [health, list, ...(cold ? [cold] : [])])
    if (m.non2xx > 0 || m.errors > 0)
      process.stderr.write(
        `  warning: ${m.path} had ${m.non2xx} non-2xx and ${m.errors} errors (${m.timeouts} timeouts, autocannon gives up after 10 s)\n`,
      );
  return {
    dataset,
    listMatches: total,
    healthReqPerS: health.requestsPerSecond,
    healthP50ms: health.p50ms,
    healthP99ms: health.p99ms,
    listReqPerS: list.requestsPerSecond,
    listP50ms: list.p50ms,
    listP99ms: list.p99ms,
    listToHealthThroughput: +(list.requestsPerSecond / health.requestsPerSecond).toPrecision(2),
    uncachedReqPerS: cold?.requestsPerSecond ?? null,
    uncachedP50ms: cold?.p50ms ?? null,
    uncachedP99ms: cold?.p99ms ?? null,
    uncachedAloneP50ms: cold?.aloneP50ms ?? null,
    uncachedErrors: cold?.errors ?? null,
    measures: [health, list, ...(cold ? [cold] : [])],
  };
}

const env = { API_RATE_LIMIT: '0' };
const results: Record<string, unknown>[] = [];

const reference = await startServer(REFERENCE_DIR, { env });
try {
  results.push(await run('reference', reference));
} finally {
  await reference.stop();
}

if (syntheticSize > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-api-'));
  try {
    const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
    const db = openDatabase(databaseUrl);
    try {
      await migrateToLatest(db);
      let shown = 0;
      await seedData(db, generateDataset(syntheticSize, 2026), {
        onProgress(done, total) {
          if (done - shown >= total / 10 || done === total) {
            shown = done;
            process.stderr.write(`  loading ${syntheticSize}: ${done}/${total}\r`);
          }
        },
      });
      process.stderr.write('\n');
    } finally {
      await db.close();
    }
    const server = await startServer(REFERENCE_DIR, { databaseUrl, env });
    try {
      results.push(await run(`synthetic ${syntheticSize.toLocaleString('en')}`, server));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `\nAPI under load: autocannon, ${connections} connections, ${duration} s a route, server in a child process (list: ${listPath})`,
);
console.table(results.map(({ measures: _, ...row }) => row));
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./out/api.json', import.meta.url),
  `${JSON.stringify(
    {
      when: new Date().toISOString(),
      node: process.version,
      connections,
      durationSeconds: duration,
      listPath,
      results,
    },
    null,
    2,
  )}\n`,
);
