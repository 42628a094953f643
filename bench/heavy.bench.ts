/**
 * /health latency during heavy requests (issue 12): builds a large SQLite atlas
 * (test/helpers/large-data.ts), starts `atlas serve` on it, measures /health alone (the
 * baseline on this machine), then while the heaviest request of each kind is served (xlsx export
 * of everything, data-quality check, bulk-download generation, each uncached). With
 * --workers 0 the work runs in the server's own thread, as before heavy work had its pool.
 * Prints one line per measurement and writes bench/out/heavy.json.
 *
 * Usage: npm run bench:heavy [-- --size 200000 --workers 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FIXTURE_DIR } from '../test/helpers/fixtures.ts';
import {
  describeMeasurement,
  HEAVY_REQUESTS,
  type HealthDuringWork,
  healthAlone,
  healthDuringWork,
} from '../test/helpers/heavy-load.ts';
import { buildLargeAtlas } from '../test/helpers/large-data.ts';
import { startServer } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '200000' },
    workers: { type: 'string', default: '1' },
    baseline: { type: 'string', default: '5' },
  },
});
const size = Number(values.size);
const workers = String(Number(values.workers));

const atlas = await buildLargeAtlas(size);
console.log(
  `built ${atlas.initiatives} initiatives in ${((atlas.seedMs + atlas.copyMs) / 1000).toFixed(1)} s (seed ${(atlas.seedMs / 1000).toFixed(1)} s, copy ${(atlas.copyMs / 1000).toFixed(1)} s)`,
);
const server = await startServer(FIXTURE_DIR, {
  databaseUrl: atlas.databaseUrl,
  env: { HEAVY_RATE_LIMIT: '0', HEAVY_WORKERS: workers, HEAVY_WAIT_MS: '2000' },
});
const results: HealthDuringWork[] = [];
try {
  results.push(await healthAlone(server.url, Number(values.baseline) * 1000));
  console.log(describeMeasurement(results[0] as HealthDuringWork));
  for (const { kind, path } of HEAVY_REQUESTS) {
    const m = await healthDuringWork(server.url, kind, path);
    results.push(m);
    console.log(describeMeasurement(m));
  }
} finally {
  await server.stop();
  atlas.dispose();
}
mkdirSync('bench/out', { recursive: true });
writeFileSync(
  'bench/out/heavy.json',
  `${JSON.stringify(
    {
      size,
      workers: Number(workers),
      results: results.map(({ latencies: _l, ...r }) => r),
    },
    null,
    2,
  )}\n`,
);
