/**
 * Soak benchmark of issue 12: a real server on a large SQLite atlas (test/helpers/large-data.ts)
 * under 100 readers (pages and API calls, most of them distinct so the result cache does not answer
 * them all) and 20 clients asking for heavy work (search-result exports of distinct queries, the
 * data-quality page, the bulk downloads) for --seconds seconds. Reports per class of request the
 * answers by status, failures (5xx other than 503 busy, and dropped connections), p50/p95/p99,
 * /health polled every 100 ms, and the server's RSS sampled every second. Loopback only; every
 * loop ends when the time is up. Writes bench/out/soak.json.
 *
 * Usage: npm run bench:soak [-- --size 200000 --seconds 60 --readers 100 --heavy 20]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FIXTURE_DIR } from '../test/helpers/fixtures.ts';
import { buildLargeAtlas } from '../test/helpers/large-data.ts';
import { startServer } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '200000' },
    seconds: { type: 'string', default: '60' },
    readers: { type: 'string', default: '100' },
    heavy: { type: 'string', default: '20' },
  },
});
const seconds = Number(values.seconds);

/** Latencies and statuses of one class of request. */
class Tally {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  failures = 0;
  /** Records one answer (status 0: the connection failed). */
  add(ms: number, status: number): void {
    this.latencies.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 0 || (status >= 500 && status !== 503)) this.failures++;
  }
  /** Count, failures, statuses and percentiles, for the report. */
  summary() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const p = (q: number) =>
      sorted.length === 0
        ? null
        : (sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] ?? null);
    const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    return {
      requests: sorted.length,
      failures: this.failures,
      statuses: Object.fromEntries(this.statuses),
      p50: round(p(50)),
      p95: round(p(95)),
      p99: round(p(99)),
      max: round(sorted[sorted.length - 1] ?? null),
    };
  }
}

/** One timed GET; the body is read whole (a file download included). */
async function timed(
  url: string,
  tally: Tally,
  signal: AbortSignal,
): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const r = await fetch(url, { signal, redirect: 'manual' });
    await r.arrayBuffer();
    tally.add(performance.now() - started, r.status);
    return r;
  } catch {
    if (!signal.aborted) tally.add(performance.now() - started, 0);
    return undefined;
  }
}

const WORDS = ['cancer', 'genomic', 'data', 'rare', 'health', 'research', 'network', 'patient'];
const READER_PATHS = (i: number) => [
  '/',
  `/initiatives?q=${WORDS[i % WORDS.length]}&page=${(i % 40) + 1}`,
  `/api/v1/initiatives?q=${WORDS[(i + 3) % WORDS.length]}&page=${(i % 50) + 1}`,
  '/regions/ES51',
  '/barriers',
  `/api/v1/initiatives?country=ES&page=${(i % 30) + 1}`,
];
const HEAVY_PATHS = (i: number) => [
  `/initiatives.csv?q=${WORDS[i % WORDS.length]}+${WORDS[(i * 3 + 1) % WORDS.length]}`,
  '/data-quality',
  '/downloads',
  `/initiatives.json?q=${WORDS[(i + 1) % WORDS.length]}`,
];

const atlas = await buildLargeAtlas(Number(values.size));
console.log(`built ${atlas.initiatives} initiatives`);
const server = await startServer(FIXTURE_DIR, {
  databaseUrl: atlas.databaseUrl,
  env: { HEAVY_RATE_LIMIT: '0', API_RATE_LIMIT: '0', HEAVY_WAIT_MS: '2000' },
});
const stop = new AbortController();
const deadline = Date.now() + seconds * 1000;
const pages = new Tally();
const heavy = new Tally();
const health = new Tally();
const rss: { atSecond: number; mb: number }[] = [];
try {
  const readers = Array.from({ length: Number(values.readers) }, async (_, r) => {
    for (let i = r; Date.now() < deadline; i++) {
      const paths = READER_PATHS(i);
      await timed(`${server.url}${paths[i % paths.length]}`, pages, stop.signal);
    }
  });
  const heavies = Array.from({ length: Number(values.heavy) }, async (_, h) => {
    for (let i = h; Date.now() < deadline; i++) {
      const paths = HEAVY_PATHS(i);
      const r = await timed(`${server.url}${paths[i % paths.length]}`, heavy, stop.signal);
      // A 202 or a busy 503 asks the client to come back; it waits a second, as a browser would.
      if (r && (r.status === 202 || r.status === 503))
        await new Promise((ok) => setTimeout(ok, 1000));
    }
  });
  const poller = (async () => {
    while (Date.now() < deadline) {
      await timed(`${server.url}/health`, health, stop.signal);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  })();
  const sampler = (async () => {
    const start = Date.now();
    while (Date.now() < deadline) {
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
      const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
      rss.push({ atSecond: Math.round((Date.now() - start) / 1000), mb: Math.round(kb / 1024) });
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  })();
  await Promise.all([...readers, ...heavies, poller, sampler]);
} finally {
  stop.abort();
  await server.stop();
  atlas.dispose();
}
const report = {
  size: Number(values.size),
  seconds,
  readers: Number(values.readers),
  heavyClients: Number(values.heavy),
  pages: pages.summary(),
  heavy: heavy.summary(),
  health: health.summary(),
  rssMb: {
    first: rss[0]?.mb,
    max: Math.max(...rss.map((s) => s.mb)),
    last: rss.at(-1)?.mb,
    samples: rss,
  },
};
console.log(JSON.stringify({ ...report, rssMb: { ...report.rssMb, samples: undefined } }, null, 2));
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/soak.json', `${JSON.stringify(report, null, 2)}\n`);
