import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { seedData, seedReference } from '../src/services/seed.ts';
import { POSTGRES_URL } from '../test/helpers/databases.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { type RunningServer, startServer } from '../test/helpers/server.ts';
import { generateDataset } from './generator.ts';
import { writeResults } from './stats.ts';

const PATHS = ['/health', '/api/v1/initiatives', '/initiatives'] as const;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    synthetic: { type: 'string', default: '0' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const synthetic = Number(values.synthetic);
for (const [name, v] of [
  ['--duration', duration],
  ['--connections', connections],
  ['--synthetic', synthetic],
] as const) {
  if (!Number.isInteger(v) || v < 0)
    throw new Error(`${name} must be a whole number ≥ 0, not ${v}`);
}

/** Runs `statement` on the PostgreSQL server (outside the bench's schema). */
async function admin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

interface Measure {
  readonly path: string;
  readonly instances: number;
  readonly requestsPerSecond: number;
  readonly p99ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** One path under load, the connections split evenly over the servers, run at once. */
async function measure(servers: readonly RunningServer[], path: string): Promise<Measure> {
  for (const s of servers)
    for (let i = 0; i < 10; i++) await (await fetch(`${s.url}${path}`)).text();
  const runs = await Promise.all(
    servers.map((s, k) =>
      autocannon({
        url: `${s.url}${path}`,
        connections:
          Math.floor(connections / servers.length) + (k < connections % servers.length ? 1 : 0),
        duration,
      }),
    ),
  );
  return {
    path,
    instances: servers.length,
    requestsPerSecond: Math.round(runs.reduce((n, r) => n + r.requests.average, 0)),
    p99ms: Math.max(...runs.map((r) => r.latency.p99)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/** Every path on these servers, with its ratio to /health. */
async function measureAll(servers: readonly RunningServer[]) {
  const rows: (Measure & { toHealth: number })[] = [];
  for (const path of PATHS) {
    process.stderr.write(`  ${servers.length} instance(s): ${path} for ${duration} s…\n`);
    const m = await measure(servers, path);
    const health = rows[0]?.requestsPerSecond ?? m.requestsPerSecond;
    rows.push({ ...m, toHealth: +(m.requestsPerSecond / health).toPrecision(2) });
    if (m.non2xx > 0 || m.errors > 0)
      process.stderr.write(`  warning: ${path}: ${m.non2xx} non-2xx, ${m.errors} errors\n`);
  }
  return rows;
}

/**
 * The API list on two instances with the rate limit on (a limit no client reaches), its counters
 * in the database and in Redis: what sharing the counters costs, against the same run without.
 */
async function countedLimits() {
  const without = await measure(servers, '/api/v1/initiatives');
  const rows = [
    { counters: 'none (limit off)', reqPerS: without.requestsPerSecond, p99ms: without.p99ms },
  ];
  for (const [counters, extra] of [
    ['PostgreSQL', {}],
    ['Redis', { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' }],
  ] as const) {
    for (const s of servers.splice(0)) await s.stop();
    const limited = { ...env, ...extra, API_RATE_LIMIT: '1000000' };
    for (let i = 0; i < 2; i++)
      servers.push(
        await startServer(REFERENCE_DIR, { databaseUrl, env: limited, startTimeoutMs: 120_000 }),
      );
    process.stderr.write(`  2 instances, rate limit counted in ${counters}…\n`);
    const m = await measure(servers, '/api/v1/initiatives');
    rows.push({ counters, reqPerS: m.requestsPerSecond, p99ms: m.p99ms });
  }
  return rows.map((r) => ({
    ...r,
    toNone: +(r.reqPerS / without.requestsPerSecond).toPrecision(2),
  }));
}

const schema = `bench_${Date.now().toString(36)}`;
const sep = POSTGRES_URL.includes('?') ? '&' : '?';
const databaseUrl = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const env = { API_RATE_LIMIT: '0', HEAVY_RATE_LIMIT: '0' };
await admin(`create schema ${schema}`);
const servers: RunningServer[] = [];
try {
  // Loaded here, so that the servers start on a ready database.
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    await seedReference(db, REFERENCE_DIR);
    if (synthetic > 0) await seedData(db, generateDataset(synthetic, 2026));
  } finally {
    await db.close();
  }
  servers.push(await startServer(REFERENCE_DIR, { databaseUrl, env, startTimeoutMs: 120_000 }));
  const one = await measureAll(servers);
  servers.push(await startServer(REFERENCE_DIR, { databaseUrl, env, startTimeoutMs: 120_000 }));
  const two = await measureAll(servers);
  const counted = await countedLimits();
  const rows = PATHS.map((path, i) => {
    const a = one[i] as Measure & { toHealth: number };
    const b = two[i] as Measure & { toHealth: number };
    return {
      path,
      oneReqPerS: a.requestsPerSecond,
      oneP99ms: a.p99ms,
      oneToHealth: a.toHealth,
      twoReqPerS: b.requestsPerSecond,
      twoP99ms: b.p99ms,
      twoToHealth: b.toHealth,
      twoToOne: +(b.requestsPerSecond / a.requestsPerSecond).toPrecision(2),
    };
  });
  console.log(
    `\nOne and two instances on one PostgreSQL: autocannon, ${connections} connections, ${duration} s a path`,
  );
  console.table(rows);
  console.log('The API list with the rate limit on (never reached), counted where it is shared:');
  console.table(counted);
  writeResults(
    'instances',
    { connections, duration, synthetic, database: 'postgres' },
    { rows, rateLimitCounted: counted, runs: [...one, ...two] },
  );
} finally {
  for (const s of servers) await s.stop();
  await admin(`drop schema if exists ${schema} cascade`);
  await admin(`drop schema if exists ${schema}_jobs cascade`);
}
