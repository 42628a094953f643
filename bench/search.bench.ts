/**
 * Search benchmark on SQLite and PostgreSQL: loads N synthetic initiatives (default 10k and 100k)
 * into a fresh database and times full searches (ranked page of hits + total + all facet counts,
 * i.e. what the list page and the API run) for a mix of realistic queries, uncached, two ways in
 * the same run: the straightforward search (every facet count re-runs the full-text match,
 * src/search/reference.ts), the fast path (src/search/index.ts), and the fast path with a
 * filtered browse by name taken in SQL instead of walking the name order (sqlNames: the way
 * before issue 18's fix). As a baseline in the same run
 * it times the bare full-text query (FTS5 / tsvector top-20), so figures can be compared across
 * noisy machines as ratios. Prints tables and writes bench/results/search.json.
 *
 * Usage: npm run bench [-- --sizes 10000,100000 --rounds 5 --dialects sqlite,postgres --keep]
 * --keep keeps each loaded database (a file under the temporary folder, a PostgreSQL schema
 * bench_search_<size>) and reuses it on the next run instead of loading it again.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { type SearchQuery, searchTerms } from '../src/domain/search.ts';
import { prepareFacetTable, searchInitiatives } from '../src/search/index.ts';
import { referenceSearch } from '../src/search/reference.ts';
import { seedData } from '../src/services/seed.ts';
import { generateDataset } from './generator.ts';
import { writeResults } from './stats.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    rounds: { type: 'string', default: '5' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    keep: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const rounds = Number(values.rounds);
const dialects = (values.dialects ?? '').split(',') as ('sqlite' | 'postgres')[];
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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

type Timed = { all: number[]; perQuery: number[]; byQuery: number[][] };

/**
 * Times each way of answering every query `rounds` times (after one warm-up round), the ways
 * interleaved query by query so that a busy moment of a shared machine weighs on all of them
 * alike; returns each way's times and each query's median.
 */
async function timeAll<K extends string>(
  ways: Record<K, (query: SearchQuery) => Promise<unknown>>,
): Promise<Record<K, Timed>> {
  const names = Object.keys(ways) as K[];
  for (const query of QUERIES) for (const k of names) await ways[k](query); // warm-up
  const times = new Map(names.map((k) => [k, QUERIES.map((): number[] => [])]));
  for (let r = 0; r < rounds; r++) {
    for (const [n, query] of QUERIES.entries()) {
      for (const k of names) {
        const t = performance.now();
        await ways[k](query);
        times.get(k)?.[n]?.push(performance.now() - t);
      }
    }
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const out = {} as Record<K, Timed>;
  for (const k of names) {
    const byQuery = times.get(k) ?? [];
    out[k] = {
      all: sorted(byQuery.flat()),
      perQuery: byQuery.map((xs) => percentile(sorted(xs), 50)),
      byQuery,
    };
  }
  return out;
}

/** The bare full-text query of a dialect: the top 20 matches by the engine's own rank. */
async function bare(db: Db, query: SearchQuery): Promise<void> {
  const terms = searchTerms(query.text);
  if (terms.length === 0) return;
  if (db.dialect === 'sqlite') {
    const match = terms.map((t) => `"${t.replaceAll('-', ' ')}"*`).join(' ');
    await sql`select rowid from initiative_fts where initiative_fts match ${match}
      order by rank limit 20`.execute(db.kysely);
    return;
  }
  const tsq = terms.map((t) => `${t.replaceAll('-', ' <-> ')}:*`).join(' & ');
  await sql`select id from initiatives where search_vector @@ to_tsquery('simple', ${tsq})
    order by ts_rank_cd(search_vector, to_tsquery('simple', ${tsq})) desc limit 20`.execute(
    db.kysely,
  );
}

/** Opens the database of one dialect and size: kept from an earlier run (--keep) or new. */
async function openBenchDb(dialect: 'sqlite' | 'postgres', size: number) {
  const keep = values.keep === true;
  if (dialect === 'sqlite') {
    const dir = keep ? join(tmpdir(), 'atlas-bench-search') : mkdtempSync(join(tmpdir(), 'atlas-'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `search-${size}.db`);
    const existed = existsSync(file);
    const db = openDatabase(`sqlite:${file}`);
    const drop = async () => {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    };
    return { db, existed, drop };
  }
  const schema = keep ? `bench_search_${size}` : `bench_search_${size}_${process.pid}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  const found = await admin(`select 1 from pg_namespace where nspname = '${schema}'`);
  await admin(`create schema if not exists ${schema}`);
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const url = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = openDatabase(url);
  const drop = async () => {
    if (!keep) await admin(`drop schema ${schema} cascade`);
  };
  return { db, existed: (found.rowCount ?? 0) > 0, drop };
}

/** How many initiatives the database holds (0 for a new one). */
async function countInitiatives(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from initiatives`.execute(db.kysely);
  return Number(r.rows[0]?.n ?? 0);
}

/** Loads `size` synthetic initiatives unless the database already holds them; returns seconds. */
async function load(db: Db, size: number): Promise<number | undefined> {
  await migrateToLatest(db);
  if ((await countInitiatives(db)) === size) return undefined;
  const data = generateDataset(size, 2026);
  const loadStart = performance.now();
  let lastShown = 0;
  await seedData(db, data, {
    onProgress(done, total) {
      if (done - lastShown >= total / 10 || done === total) {
        lastShown = done;
        process.stderr.write(`  loading ${db.dialect} ${size}: ${done}/${total}\r`);
      }
    },
  });
  process.stderr.write('\n');
  if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
  return +((performance.now() - loadStart) / 1000).toFixed(1);
}

const round2 = (n: number) => +n.toFixed(2);

/** p50 and p95 of some times, and their ratios to the bare query's p50. */
function summary(all: number[], baseP50: number) {
  const p50 = percentile(all, 50);
  const p95 = percentile(all, 95);
  return {
    p50ms: round2(p50),
    p95ms: round2(p95),
    p50xBare: +(p50 / baseP50).toFixed(1),
    p95xBare: +(p95 / baseP50).toFixed(1),
  };
}

/** Browses by name (no words): every initiative, one filter, two filters, a later page. */
const BROWSES: SearchQuery[] = [
  q(''),
  q('', { domain: ['policy_regulation'] }),
  q('', { region: ['ES51'], status: ['ongoing', 'planned'] }),
  q('', { country: ['DE'], theme: ['education'] }),
  { ...q('', { domain: ['policy_regulation'] }), page: 5 },
];

/**
 * Times the full search of each browse by name with the name order walked (the fast path) and
 * with the filtered page taken in SQL (before issue 18's fix), interleaved, 6 × rounds times
 * each: the difference is a few milliseconds, so more rounds than the mix to see it on a busy
 * machine. Prints each browse's medians and returns them.
 */
async function timeBrowses(db: Db) {
  const ways = {
    walk: (query: SearchQuery) => searchInitiatives(db, query),
    sql: (query: SearchQuery) => searchInitiatives(db, query, { nameWalk: false }),
  };
  const times = BROWSES.map(() => ({ walk: [] as number[], sql: [] as number[] }));
  for (let r = 0; r <= rounds * 6; r++) {
    for (const [n, query] of BROWSES.entries()) {
      for (const k of ['walk', 'sql'] as const) {
        const t = performance.now();
        await ways[k](query);
        if (r > 0) times[n]?.[k].push(performance.now() - t); // round 0 warms up
      }
    }
  }
  const median = (xs: number[]) =>
    round2(
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      ),
    );
  const rows = BROWSES.map((query, n) => ({
    filters: JSON.stringify(query.filters),
    page: query.page,
    walkMedianMs: median(times[n]?.walk ?? []),
    sqlMedianMs: median(times[n]?.sql ?? []),
  }));
  console.log(`browse by name on ${db.dialect}, full search, ${rounds * 6} rounds:`);
  console.table(rows);
  return rows;
}

/** Times the bare query, the reference search and the fast path on one loaded database. */
async function measure(db: Db, size: number, loadSeconds: number | undefined) {
  const matches = new Map<SearchQuery, number>();
  // The fast path's facet table is read once per data version (searches meanwhile count the
  // straightforward way); the figures are of the steady state after it.
  const buildStart = performance.now();
  await prepareFacetTable(db);
  const buildMs = performance.now() - buildStart;
  const {
    bare: base,
    ref,
    fast,
    sqlNames,
  } = await timeAll({
    bare: (query) => bare(db, query),
    ref: async (query) => {
      matches.set(query, (await referenceSearch(db, query)).total);
    },
    fast: async (query) => {
      const r = await searchInitiatives(db, query);
      if (r.total !== matches.get(query)) throw new Error(`totals differ for ${query.text}`);
    },
    // The fast path with a filtered browse by name taken in SQL (every match read and sorted by
    // its place in the name order) instead of walking the name order: before issue 18's fix.
    sqlNames: (query) => searchInitiatives(db, query, { nameWalk: false }),
  });
  // The bare query's times of the queries with words (it has nothing to do without).
  const baseline = base.byQuery
    .filter((_, n) => QUERIES[n]?.text)
    .flat()
    .sort((a, b) => a - b);
  const baseP50 = percentile(baseline, 50);
  const row = {
    dialect: db.dialect,
    initiatives: size,
    loadSeconds,
    facetTableBuildMs: Math.round(buildMs),
    bareTop20P50ms: round2(baseP50),
    bareTop20P95ms: round2(percentile(baseline, 95)),
    before: summary(ref.all, baseP50),
    after: summary(fast.all, baseP50),
    afterSqlNames: summary(sqlNames.all, baseP50),
    browseByName: await timeBrowses(db),
  };
  console.log(JSON.stringify(row));
  console.table(
    QUERIES.map((query, k) => ({
      text: query.text,
      filters: JSON.stringify(query.filters),
      matches: matches.get(query),
      beforeMedianMs: round2(ref.perQuery[k] ?? 0),
      afterMedianMs: round2(fast.perQuery[k] ?? 0),
      sqlNamesMedianMs: round2(sqlNames.perQuery[k] ?? 0),
    })),
  );
  return row;
}

const results: Record<string, unknown>[] = [];
for (const dialect of dialects) {
  for (const size of sizes) {
    const { db, drop } = await openBenchDb(dialect, size);
    try {
      const loadSeconds = await load(db, size);
      if (values['load-only']) continue;
      results.push(await measure(db, size, loadSeconds));
    } finally {
      await db.close();
      await drop();
    }
  }
}

console.log('\nFull search = 20 ranked hits + total + every facet count; ratios to the bare p50');
console.table(
  results.map((r) => ({
    dialect: r.dialect,
    initiatives: r.initiatives,
    bareP50: r.bareTop20P50ms,
    ...Object.fromEntries(
      Object.entries(r.before as object).map(([k, v]) => [`before ${k}`, v as number]),
    ),
    ...Object.fromEntries(
      Object.entries(r.after as object).map(([k, v]) => [`after ${k}`, v as number]),
    ),
    ...Object.fromEntries(
      Object.entries(r.afterSqlNames as object).map(([k, v]) => [`sqlNames ${k}`, v as number]),
    ),
  })),
);
writeResults('search', { sizes, dialects, rounds }, results);
