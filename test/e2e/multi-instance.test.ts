/**
 * Two instances of the atlas, as two real server processes, on one PostgreSQL database (issue
 * 19): a change published through one is seen by the other at once (its caches follow the data
 * version in the database); a heavy job asked of an instance that takes no jobs is done by the
 * other's worker and answered by both; the API rate limit counts a client's requests to both.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/db/connect.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { POSTGRES_URL, postgresSkipReason } from '../helpers/databases.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** Requests per minute per client to /api/v1 on both instances. */
const API_LIMIT = 6;

/** Runs `admin` SQL on the server itself (outside the test's schema). */
async function onServer(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** Asks until `check` gives a value or `ms` pass. */
async function eventually<T>(ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two instances on one PostgreSQL database', { skip: postgresSkipReason }, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const url = `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const shared = mkdtempSync(join(tmpdir(), 'atlas-instances-'));
  /** What both instances are given: one database, one cache and downloads volume, one limit. */
  const env = {
    CACHE_DIR: join(shared, 'cache'),
    DOWNLOADS_DIR: join(shared, 'downloads'),
    API_RATE_LIMIT: String(API_LIMIT),
    // The test itself is the reverse proxy: X-Forwarded-For names the client a request counts for.
    TRUSTED_PROXIES: '127.0.0.1',
  };
  /** Two servers start on a machine that may be busy with other tests. */
  const startTimeoutMs = 120_000;
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let db: Db;
  const tokens: Record<string, string> = {};

  before(async () => {
    await onServer(`create schema ${schema}`);
    // A takes no jobs and answers heavy requests at once with 202 and a status link.
    a = await startServer(undefined, {
      databaseUrl: url,
      env: { ...env, JOB_WORKER: 'off', HEAVY_WAIT_MS: '0' },
      startTimeoutMs,
    });
    db = openDatabase(url);
    await createAccount(
      db,
      { email: 'curator@example.org', password: 'correct horse battery staple', role: 'curator' },
      'cli',
    );
    tokens.curator = (
      await createTokenFor(db, 'curator@example.org', { name: 'test', scopes: ['read', 'write'] })
    ).token;
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await db?.close();
    await onServer(`drop schema if exists ${schema} cascade`);
    await onServer(`drop schema if exists ${schema}_jobs cascade`);
    rmSync(shared, { recursive: true, force: true });
  });

  test('a heavy job asked of A, which takes no jobs, waits; B starts and does it; both answer with its file', async () => {
    assert.ok(a);
    assert.match(
      a.output(),
      /heavy jobs queued in the database \(schema \w+_jobs; worked on by other instances only\)/,
    );
    const asked = await fetch(`${a.url}/initiatives.csv?sort=name`, {
      headers: { accept: 'application/json', 'x-forwarded-for': '198.51.100.1' },
    });
    assert.equal(asked.status, 202, await asked.clone().text());
    const status = asked.headers.get('location') ?? '';
    assert.match(status, /^\/jobs\/[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await fetch(`${a.url}${status}`, { headers: { accept: 'application/json' } });
    assert.equal(waiting.status, 202);
    assert.equal((await waiting.json()).status, 'queued', 'no worker has taken it');

    b = await startServer(undefined, { databaseUrl: url, env, startTimeoutMs });
    assert.match(b.output(), /this instance works on them/);
    const onB = b;
    const done = await eventually(60_000, async () => {
      const r = await fetch(`${onB.url}${status}`, { redirect: 'manual' });
      return r.status === 303 ? r : undefined;
    });
    assert.equal(done.headers.get('location'), '/initiatives.csv?sort=name');
    const onA = await fetch(`${a.url}${status}`, { redirect: 'manual' });
    assert.equal(onA.status, 303, 'A knows the job B finished');

    const { rows } = await sql<{ n: number }>`select count(*) as n from initiatives`.execute(
      db.kysely,
    );
    for (const server of [a, b]) {
      const file = await fetch(`${server.url}/initiatives.csv?sort=name`, {
        headers: { 'x-forwarded-for': '198.51.100.1' },
      });
      assert.equal(file.status, 200);
      const table = parseCsv(await file.text(), { bom: true }) as string[][];
      assert.equal(table.length - 1, Number(rows[0]?.n), 'one row per initiative');
    }
    assert.doesNotMatch(a.output(), /error:/);
  });

  test('a change published through A is on B at once, though B had the old page and list cached', async () => {
    assert.ok(a && b);
    const onA = apiCaller(() => a?.url ?? '', tokens);
    const headers = { 'x-forwarded-for': '198.51.100.2' };
    const reader = { 'x-forwarded-for': '198.51.100.3' };
    const search = '/api/v1/initiatives?q=tumour%20registry%20multi&pageSize=50';
    const listed = async (server: RunningServer) =>
      (await (await fetch(`${server.url}${search}`, { headers: reader })).json()) as {
        total: number;
        items: { slug: string }[];
      };
    const before = await listed(b);
    const page = async () => (await fetch(`${b?.url}/initiatives?q=tumour+registry+multi`)).text();
    const pageBefore = await page();
    assert.doesNotMatch(pageBefore, /Multi-instance tumour registry/);

    const record = catalanInitiative('multi-instance-registry', {
      name: 'Multi-instance tumour registry',
    });
    const created = await onA('POST', '/api/v1/initiatives', 'curator', record, headers);
    assert.equal(created.status, 201, await created.clone().text());
    const tag = (await created.json()).tag as string;
    const submitted = await onA(
      'POST',
      '/api/v1/initiatives/multi-instance-registry/submit',
      'curator',
      undefined,
      { ...headers, 'if-match': `"${tag}"` },
    );
    assert.equal(submitted.status, 200, await submitted.clone().text());
    const published = await onA(
      'POST',
      '/api/v1/initiatives/multi-instance-registry/publish',
      'curator',
      { note: 'two-instance test' },
      headers,
    );
    assert.equal(published.status, 200, await published.clone().text());

    const after = await listed(b);
    assert.equal(after.total, before.total + 1);
    assert.ok(after.items.some((i) => i.slug === 'multi-instance-registry'));
    const { rows } = await sql<{ name: string }>`select name from initiatives
      where slug = ${'multi-instance-registry'}`.execute(db.kysely);
    const shown = await fetch(`${b.url}/api/v1/initiatives/multi-instance-registry`, {
      headers: reader,
    });
    assert.equal(shown.status, 200);
    assert.equal((await shown.json()).name, rows[0]?.name);
    assert.match(await page(), /Multi-instance tumour registry/);
  });

  test('the API rate limit counts a client’s requests to A and B together', async () => {
    assert.ok(a && b);
    const client = { 'x-forwarded-for': '203.0.113.9' };
    const other = { 'x-forwarded-for': '203.0.113.10' };
    const answers: { server: string; status: number; remaining: string | null }[] = [];
    for (let i = 0; i < API_LIMIT + 2; i++) {
      const server = i % 2 === 0 ? a : b;
      const r = await fetch(`${server.url}/api/v1/initiatives?pageSize=1`, { headers: client });
      await r.arrayBuffer();
      answers.push({
        server: server === a ? 'A' : 'B',
        status: r.status,
        remaining: r.headers.get('ratelimit-remaining'),
      });
    }
    assert.deepEqual(
      answers.map((x) => x.status),
      [...Array(API_LIMIT).fill(200), 429, 429],
      JSON.stringify(answers),
    );
    assert.deepEqual(
      answers.slice(0, API_LIMIT).map((x) => Number(x.remaining)),
      Array.from({ length: API_LIMIT }, (_, i) => API_LIMIT - 1 - i),
      'each instance counts on from the other',
    );
    const refused = await fetch(`${b.url}/api/v1/initiatives?pageSize=1`, { headers: client });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal((await refused.json()).code, 'rate_limited');
    const { rows } = await sql<{ hits: number }>`select hits from rate_limit_hits
      where key = ${'requests:203.0.113.9'}`.execute(db.kysely);
    assert.equal(Number(rows[0]?.hits), API_LIMIT + 3, 'every request counted in the database');
    const another = await fetch(`${a.url}/api/v1/initiatives?pageSize=1`, { headers: other });
    assert.equal(another.status, 200, 'another client behind the same proxy has its own budget');
  });
});
