/**
 * Page weight and server render time of the main pages on the reference data: each page is
 * fetched 30 times over real HTTP with gzip; the weight counts the compressed bytes of the page
 * plus the stylesheet and scripts it loads. The health route is the baseline for time.
 * Usage: npm run bench:pages. Writes bench/out/pages.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { startServer } from '../test/helpers/server.ts';

const ROUNDS = 30;
const PAGES = [
  '/health',
  '/',
  '/initiatives',
  '/initiatives?q=cancer&status=ongoing',
  '/initiatives/atmp-catalonia',
  '/regions/ES51',
  '/barriers',
  '/good-practices',
  '/compare?region=ES51&region=SE232',
  '/data-quality',
];

/** Fetches a path with gzip and returns the compressed size, the body and the time taken. */
function fetchRaw(
  base: string,
  path: string,
): Promise<{ bytes: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const { gunzipSync } = await import('node:zlib');
        const body =
          res.headers['content-encoding'] === 'gzip'
            ? gunzipSync(raw).toString('utf8')
            : raw.toString('utf8');
        resolve({ bytes: raw.length, body, ms: performance.now() - started });
      });
    }).on('error', reject);
  });
}

const server = await startServer(REFERENCE_DIR);
const results: Record<string, unknown>[] = [];
try {
  for (const path of PAGES) {
    const first = await fetchRaw(server.url, path);
    const assets = [...first.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    let weight = first.bytes;
    for (const a of assets) weight += (await fetchRaw(server.url, a)).bytes;
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) times.push((await fetchRaw(server.url, path)).ms);
    times.sort((a, b) => a - b);
    results.push({
      path,
      htmlKB: +(first.bytes / 1024).toFixed(1),
      totalKB: +(weight / 1024).toFixed(1),
      p50ms: +(times[Math.floor(ROUNDS / 2)] ?? 0).toFixed(1),
      p95ms: +(times[Math.floor(ROUNDS * 0.95)] ?? 0).toFixed(1),
    });
  }
} finally {
  await server.stop();
}
console.table(results);
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./out/pages.json', import.meta.url),
  `${JSON.stringify({ when: new Date().toISOString(), rounds: ROUNDS, results }, null, 2)}\n`,
);
