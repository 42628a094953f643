/**
 * Twinning at scale (issue 17): a synthetic atlas of `--regions` partner regions (default 300)
 * and `--evidence` statements (default 100,000) coded to one or two barriers each, on top of the
 * reference data, served by `atlas serve`. Measures, one request at a time, /health (the baseline
 * of this machine in the same run), a region's suggestions (/api/v1/regions/{code}/twinning,
 * regions drawn at random) and the similarity matrix. Goal: a region's suggestions under 50 ms
 * p95. Writes bench/results/twinning.json (with the machine's description).
 *
 * Usage: npm run bench:twinning [-- --regions 300 --evidence 100000 --requests 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { BARRIERS } from '../src/domain/codes.ts';
import { seedReference } from '../src/services/seed.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { startServer } from '../test/helpers/server.ts';
import { percentile, writeResults } from './stats.ts';

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: '300' },
    evidence: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
  },
});
const regionCount = Number(values.regions);
const evidenceCount = Number(values.evidence);
const requests = Number(values.requests);

/** A small deterministic generator, so runs are comparable. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

async function build(file: string): Promise<string[]> {
  const db = openDatabase(`sqlite:${file}`);
  await migrateToLatest(db);
  await seedReference(db, REFERENCE_DIR);
  await db.close();
  const sqlite = new Database(file);
  const now = new Date().toISOString();
  const codes = Array.from({ length: regionCount }, (_, i) => `SY${String(i).padStart(3, '0')}`);
  const rnd = random(42);
  // Each region leans towards a few barriers, as real regions do, so profiles differ.
  const leaning = codes.map(() => [0, 1, 2].map(() => Math.floor(rnd() * BARRIERS.length)));
  sqlite.transaction(() => {
    const region = sqlite.prepare(
      `INSERT INTO regions (code, name, native_name, level, parent_code, country_code, is_partner, created_at, updated_at, version)
       VALUES (?, ?, NULL, 'nuts2', NULL, 'ES', 1, ?, ?, 1)`,
    );
    for (const c of codes) region.run(c, `Synthetic region ${c}`, now, now);
    const ev = sqlite.prepare(
      `INSERT INTO evidence (key, statement, region_code, stakeholder_group, campaign_slug, respondent_ref, created_at, updated_at, version)
       VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, 1)`,
    );
    const link = sqlite.prepare(
      'INSERT INTO evidence_barriers (evidence_id, barrier_code) VALUES (?, ?)',
    );
    for (let i = 0; i < evidenceCount; i++) {
      const r = Math.floor(rnd() * codes.length);
      const lean = leaning[r] as number[];
      const pick = () =>
        rnd() < 0.6
          ? (lean[Math.floor(rnd() * lean.length)] as number)
          : Math.floor(rnd() * BARRIERS.length);
      const barriers = new Set([pick(), ...(rnd() < 0.3 ? [pick()] : [])]);
      const id = ev.run(`syn-${i}`, `Synthetic statement ${i}`, codes[r], now, now).lastInsertRowid;
      for (const b of barriers) link.run(id, (BARRIERS[b] as { code: string }).code);
    }
  })();
  sqlite.close();
  return codes;
}

async function timed(url: string, n: number, path: (i: number) => string) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path(i)}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path(i)}: ${res.status}`);
    ms.push(performance.now() - t0);
  }
  return { n, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-twinning-'));
const file = join(dir, 'atlas.db');
const t0 = performance.now();
const codes = await build(file);
console.log(
  `built ${regionCount} regions and ${evidenceCount} statements in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const server = await startServer(REFERENCE_DIR, {
  databaseUrl: `sqlite:${file}`,
  env: { API_RATE_LIMIT: '0' },
  // A machine shared with other work may take long to start a server on 100,000 statements.
  startTimeoutMs: 180_000,
});
try {
  const rnd = random(7);
  // The first answer computes the profiles for this data version; it is measured apart.
  const first = await timed(server.url, 1, () => `/api/v1/regions/${codes[0]}/twinning`);
  const health = await timed(server.url, requests, () => '/health');
  const region = await timed(
    server.url,
    requests,
    () => `/api/v1/regions/${codes[Math.floor(rnd() * codes.length)]}/twinning`,
  );
  const similarity = await timed(server.url, 10, () => '/api/v1/twinning/similarity');
  const out = {
    regions: regionCount,
    evidence: evidenceCount,
    firstRegionMs: first.p50,
    health,
    region,
    similarity,
    regionP95OverHealthP95: region.p95 / health.p95,
  };
  const f = (x: number) => x.toFixed(1);
  console.log(`first answer (computes the profiles): ${f(first.p50)} ms`);
  for (const [name, m] of Object.entries({ health, region, similarity }))
    console.log(`${name.padEnd(10)} p50 ${f(m.p50)} ms  p95 ${f(m.p95)} ms  max ${f(m.max)} ms`);
  console.log(
    `region suggestions p95 = ${out.regionP95OverHealthP95.toFixed(1)} × /health p95 (goal: under 50 ms p95)`,
  );
  writeResults('twinning', { regions: regionCount, evidence: evidenceCount, requests }, out);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
