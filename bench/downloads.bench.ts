/**
 * Bulk downloads benchmark on SQLite: loads the reference dataset and, for each size, N synthetic
 * initiatives (bench/generator.ts) into a fresh database, then times a full regeneration of the
 * bulk downloads (every file, checksums, manifest) and the check a request makes when nothing
 * changed. Prints one line per size and writes bench/out/downloads.json.
 *
 * Usage: npm run bench:downloads [-- --sizes 0,10000 --rounds 3]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { readReferenceData } from '../src/io/reference.ts';
import { currentDownloads, regenerateDownloads } from '../src/services/bulk-downloads.ts';
import { seedData } from '../src/services/seed.ts';
import { generateDataset } from './generator.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '0,10000' },
    rounds: { type: 'string', default: '3' },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const rounds = Number(values.rounds);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const results: Record<string, unknown>[] = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-downloads-'));
  const db = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db);
    await seedData(db, await readReferenceData('data/reference'));
    if (size > 0) await seedData(db, generateDataset(size, 2026));
    const options = { dir: join(dir, 'downloads') };
    const times: number[] = [];
    let manifest = await regenerateDownloads(db, options); // warm-up
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      manifest = await regenerateDownloads(db, options);
      times.push(performance.now() - t);
    }
    const checks: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t = performance.now();
      await currentDownloads(db, options);
      checks.push(performance.now() - t);
    }
    const row = {
      initiatives: manifest.counts.initiatives,
      regenerationSeconds: +(median(times) / 1000).toFixed(2),
      unchangedCheckMs: +median(checks).toFixed(2),
      files: Object.fromEntries(manifest.files.map((f) => [f.name, f.byteSize])),
    };
    results.push(row);
    console.log(JSON.stringify(row));
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
mkdirSync('bench/out', { recursive: true });
writeFileSync(
  'bench/out/downloads.json',
  `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`,
);
