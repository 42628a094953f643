/**
 * Search benchmark on SQLite: loads N synthetic initiatives (default 10k and 100k) into a fresh
 * database and times full searches (ranked page of hits + total + all facet counts, i.e.
 * what the list page and the API run) for a mix of realistic queries. As a baseline in the same
 * run it times a bare FTS5 top-10 match, so figures can be compared across noisy machines as a
 * ratio. Prints a table and writes bench/out/search.json.
 *
 * Usage: npm run bench [-- --sizes 10000,100000 --rounds 5]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import type { SearchQuery } from '../src/domain/search.ts';
import { searchInitiatives } from '../src/search/index.ts';
import { seedData } from '../src/services/seed.ts';
import { generateDataset } from './generator.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    rounds: { type: 'string', default: '5' },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const rounds = Number(values.rounds);

function q(text: string, filters: SearchQuery['filters'] = {}): SearchQuery {
  return { text, filters, sort: text ? 'relevance' : 'name', page: 1, pageSize: 20 };
}

/** A mix of what people type: common and rare words, prefixes, phrases, filters, and filters alone. */
const QUERIES: SearchQuery[] = [
  q('oncology'),
  q('genomic'),
  q('gen'),
  q('precision oncology'),
  q('health data sharing'),
  q('rare disease network'),
  q('nanomedicine'),
  q('microbiome'),
  q('patient'),
  q('biobank', { status: ['ongoing'] }),
  q('therapy', { domain: ['ecosystem'], scope: ['regional'] }),
  q('clinical', { country: ['DE', 'ES'] }),
  q('training', { theme: ['education'] }),
  q('', { domain: ['policy_regulation'] }),
  q('', { region: ['ES51'], status: ['ongoing', 'planned'] }),
  q(''),
];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Times every query `rounds` times (after one warm-up round); returns all times and each query's median. */
async function timeAll(
  fn: (query: SearchQuery) => Promise<unknown>,
): Promise<{ all: number[]; perQuery: number[] }> {
  for (const query of QUERIES) await fn(query); // warm-up: page cache and prepared statements
  const byQuery: number[][] = QUERIES.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, query] of QUERIES.entries()) {
      const t = performance.now();
      await fn(query);
      byQuery[k]?.push(performance.now() - t);
    }
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return { all: sorted(byQuery.flat()), perQuery: byQuery.map((xs) => percentile(sorted(xs), 50)) };
}

const results: Record<string, unknown>[] = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
  const db = openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db);
    const data = generateDataset(size, 2026);
    const loadStart = performance.now();
    let lastShown = 0;
    await seedData(db, data, {
      onProgress(done, total) {
        if (done - lastShown >= total / 10 || done === total) {
          lastShown = done;
          process.stderr.write(`  loading ${size}: ${done}/${total}\r`);
        }
      },
    });
    const loadMs = performance.now() - loadStart;
    const matches = new Map<SearchQuery, number>();
    process.stderr.write('\n');

    const { all: full, perQuery } = await timeAll(async (query) => {
      const r = await searchInitiatives(db, query);
      matches.set(query, r.total);
    });
    const { all: baseline } = await timeAll(async (query) => {
      if (!query.text) return;
      const terms = query.text
        .split(' ')
        .map((t) => `"${t}"*`)
        .join(' ');
      await sql`select rowid from initiative_fts where initiative_fts match ${terms} order by rank limit 10`.execute(
        db.kysely,
      );
    });
    const row = {
      initiatives: size,
      loadSeconds: +(loadMs / 1000).toFixed(1),
      loadRowsPerSecond: Math.round(size / (loadMs / 1000)),
      searches: full.length,
      p50ms: +percentile(full, 50).toFixed(2),
      p95ms: +percentile(full, 95).toFixed(2),
      maxMs: +(full[full.length - 1] ?? 0).toFixed(2),
      baselineFtsTop10P50ms: +percentile(baseline, 50).toFixed(2),
      ratioP50ToBaseline: +(percentile(full, 50) / percentile(baseline, 50)).toFixed(1),
    };
    results.push(row);
    console.log(JSON.stringify(row));
    console.table(
      QUERIES.map((query, k) => ({
        text: query.text,
        filters: JSON.stringify(query.filters),
        matches: matches.get(query),
        medianMs: +(perQuery[k] ?? 0).toFixed(2),
      })),
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('\nSearch on SQLite (full search = 20 ranked hits + total + every facet count)');
console.table(results);
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./out/search.json', import.meta.url),
  `${JSON.stringify({ when: new Date().toISOString(), node: process.version, rounds, results }, null, 2)}\n`,
);
