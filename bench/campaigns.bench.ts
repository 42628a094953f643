/**
 * A survey campaign at scale (issue 15), through the real app served over loopback HTTP and
 * measured against the same run's /health (the machines are shared and noisy: read the ratios):
 *  - `--regions` (default 300) synthetic regions, one coordinator with a write token each, invited
 *    to a campaign of the D3.1 questionnaire (preciseu-initiative-survey v1, 5-10 initiatives);
 *  - every coordinator opens its response (GET), saves it three times growing to 10 initiatives
 *    (PUT with If-Match of the last revision, the full answers each time) and submits it, with at
 *    most `--concurrency` (default 50) coordinators in flight: p50/p95 of saves and submits;
 *  - the dashboard at that size, `--requests` (default 50) times each: the curators' page
 *    /campaigns/{slug} (signed in) and GET /api/v1/campaigns/{slug}/dashboard (token).
 * Any answer that is not 2xx fails the bench with its body; at the end every response must read
 * back as submitted and the dashboard's totals must say so. Writes bench/out/campaigns.json.
 *
 * On a fresh SQLite file by default; with --database-url postgres://… it works in a schema of its
 * own in that database (created, then dropped), never touching the database's other tables.
 *
 * Usage: npm run bench:campaigns [-- --regions 300 --concurrency 50 --requests 50
 *        --database-url postgres://postgres@127.0.0.1:5432/test]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import pg from 'pg';
import type { Db } from '../src/db/connect.ts';
import type { Actor } from '../src/domain/accounts.ts';
import { FUNDING_KINDS, SCOPES, STATUSES } from '../src/domain/codes.ts';
import type { ResponseAnswers, ResponseItem } from '../src/domain/questionnaires.ts';
import { createApp } from '../src/http/app.ts';
import { upsertRegion } from '../src/repositories/regions.ts';
import { createAccount, createTokenFor } from '../src/services/accounts.ts';
import { createCampaign, moveCampaign } from '../src/services/campaigns.ts';
import { openAtlasDatabase } from '../src/services/database.ts';
import { seedReference } from '../src/services/seed.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '50' },
    requests: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
  },
});
const regionCount = Number(values.regions);
const concurrency = Number(values.concurrency);
const requests = Number(values.requests);
if (!(regionCount >= 1 && regionCount <= 1000)) throw new Error('--regions takes 1 to 1000');
const PASSWORD = 'correct horse battery staple';
const SLUG = 'bench-survey';
const COUNTRY = 'XB';
const SIZES = [4, 7, 10]; // initiatives after each of the three saves
const code = (i: number) => `${COUNTRY}${i.toString().padStart(3, '0')}`;

/** A fresh database: a SQLite file, or a schema of its own in the PostgreSQL database given. */
async function freshDatabase(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const given = values['database-url'];
  if (!given) {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-campaigns-'));
    const { db } = await openAtlasDatabase(`sqlite:${join(dir, 'bench.db')}`);
    return { db, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_campaigns_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: given });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create schema ${schema}`);
  const sep = given.includes('?') ? '&' : '?';
  const url = `${given}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  try {
    const { db } = await openAtlasDatabase(url);
    return { db, drop: () => admin(`drop schema ${schema} cascade`) };
  } catch (e) {
    await admin(`drop schema ${schema} cascade`);
    throw e;
  }
}

/** Runs `task` for 0..n-1 with at most `limit` in flight. */
async function bounded(n: number, limit: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

/** The regions, a curator, and per region a coordinator with a write token; the campaign, opened. */
async function setUp(db: Db) {
  await seedReference(db, REFERENCE_DIR);
  const ctx = { now: new Date().toISOString(), actor: 'bench' };
  await db.kysely.transaction().execute(async (q) => {
    const country = { code: COUNTRY, name: 'Benchland', level: 'country' as const };
    await upsertRegion(q, { ...country, country: COUNTRY, partner: false, sources: [] }, ctx);
    for (let i = 0; i < regionCount; i++)
      await upsertRegion(
        q,
        {
          code: code(i),
          name: `Bench region ${i}`,
          level: 'nuts2',
          parent: COUNTRY,
          country: COUNTRY,
          partner: true,
          sources: [],
        },
        ctx,
      );
  });
  const cura = await createAccount(
    db,
    { email: 'curator@example.org', password: PASSWORD, role: 'curator' },
    'cli',
  );
  const curator: Actor = { kind: 'account', id: cura.id, role: 'curator', regions: [] };
  const scopes = ['read', 'write'] as const;
  const curatorToken = (await createTokenFor(db, cura.email, { name: 'bench', scopes })).token;
  const tokens: string[] = new Array(regionCount);
  await bounded(regionCount, 8, async (i) => {
    const email = `coordinator${i}@example.org`;
    await createAccount(
      db,
      { email, password: PASSWORD, role: 'coordinator', regions: [code(i)] },
      'cli',
    );
    tokens[i] = (await createTokenFor(db, email, { name: 'bench', scopes })).token;
  });
  const day = 86_400_000;
  await createCampaign(db, curator, {
    slug: SLUG,
    kind: 'initiative_mapping',
    title: 'Benchmark initiative survey',
    questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
    opensAt: new Date(Date.now() - day).toISOString().slice(0, 10),
    closesAt: new Date(Date.now() + 30 * day).toISOString().slice(0, 10),
    regions: Array.from({ length: regionCount }, (_, i) => code(i)),
    rules: { minItemsPerRegion: 5, maxItemsPerRegion: 10 },
  });
  await moveCampaign(db, curator, SLUG, 'open');
  return { curatorToken, tokens };
}

/** Region i's answers with n initiatives, every required answer given. */
function answersOf(i: number, n: number): ResponseAnswers {
  const pick = <T>(xs: readonly { code: T }[], k: number) =>
    (xs[k % xs.length] as { code: T }).code;
  const initiatives: ResponseItem[] = Array.from({ length: n }, (_, k) => ({
    carry: 'new',
    answers: {
      name: `Initiative ${k + 1} of bench region ${i}`,
      objectives: `Objective ${k + 1}: to bring genomic testing to the patients of region ${i}, with a registry and training of the professionals involved.`,
      link: `https://example.org/${code(i)}/${k + 1}`,
      scopes: [pick(SCOPES, k)],
      status: pick(STATUSES, k),
      funding: [pick(FUNDING_KINDS, i + k)],
      funding_note: 'Regional health budget and a European grant',
    },
  }));
  return { initiatives };
}

/** A request that must succeed: a non-2xx answer throws with its body. */
async function call(url: string, path: string, token: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const t0 = performance.now();
  const res = await fetch(`${url}${path}`, { ...init, headers });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status < 200 || res.status > 299)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return { ms, body: JSON.parse(text) as Record<string, unknown> };
}

/** One coordinator's round: open, three saves growing to 10 initiatives, submit. */
async function coordinatorRound(url: string, token: string, i: number, t: Timings) {
  const path = `/api/v1/campaigns/${SLUG}/responses/${code(i)}`;
  const opened = await call(url, path, token);
  t.open.push(opened.ms);
  let revision = opened.body.revision as number;
  for (const n of SIZES) {
    const saved = await call(url, path, token, {
      method: 'PUT',
      headers: { 'if-match': `"${revision}"` },
      body: JSON.stringify({ answers: answersOf(i, n) }),
    });
    t.save.push(saved.ms);
    if (saved.body.revision !== revision + 1)
      throw new Error(`${path}: revision ${saved.body.revision} after ${revision}`);
    revision = saved.body.revision as number;
  }
  const submitted = await call(url, `${path}/submit`, token, {
    method: 'POST',
    headers: { 'if-match': `"${revision}"` },
  });
  t.submit.push(submitted.ms);
  if (submitted.body.state !== 'submitted')
    throw new Error(`${path}/submit: state ${submitted.body.state}`);
}

interface Timings {
  open: number[];
  save: number[];
  submit: number[];
}

/** `requests` sequential GETs of a path that must answer 200; their timings and the last body. */
async function sample(url: string, path: string, headers: Record<string, string> = {}) {
  const ms: number[] = [];
  let body = '';
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers });
    body = await res.text();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 2000)}`);
  }
  return { ...summary(ms), body };
}

/** The curator's session cookie, through the sign-in form. */
async function signIn(url: string, email: string): Promise<string> {
  const cookies = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .filter((c) => !/=$/.test(c ?? ''))
      .join('; ');
  const page = await fetch(`${url}/sign-in`);
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies(page) },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return cookies(res);
}

/** Every response reads back as submitted, in the dashboard's totals and rows and on the page. */
async function verify(url: string, curatorToken: string, cookie: string) {
  const { body } = await call(url, `/api/v1/campaigns/${SLUG}/dashboard`, curatorToken);
  const totals = body.totals as Record<string, number>;
  const rows = body.regions as { region: string; state: string; items: { count: number } }[];
  const wrong = rows.filter((r) => r.state !== 'submitted' || r.items.count !== 10);
  if (
    totals.invited !== regionCount ||
    totals.submitted !== regionCount ||
    totals.itemsOk !== regionCount ||
    rows.length !== regionCount ||
    wrong.length
  )
    throw new Error(
      `dashboard after the round: totals ${JSON.stringify(totals)}, ${rows.length} rows, not submitted with 10 initiatives: ${wrong.map((r) => r.region).join(', ')}`,
    );
  const page = await (await fetch(`${url}/campaigns/${SLUG}`, { headers: { cookie } })).text();
  const missing = Array.from({ length: regionCount }, (_, i) => code(i)).filter(
    (c) => !page.includes(c),
  );
  if (missing.length)
    throw new Error(
      `the campaign page does not list ${missing.length} regions, e.g. ${missing[0]}`,
    );
  return totals;
}

const f = (x: number) => x.toFixed(1);
const { db, drop } = await freshDatabase();
try {
  const t0 = performance.now();
  const { curatorToken, tokens } = await setUp(db);
  const setUpMs = performance.now() - t0;
  const server = serve({ fetch: createApp(db).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (let i = 0; i < 20; i++) await (await fetch(`${url}/health`)).arrayBuffer(); // warm-up
    const health = await sample(url, '/health');
    const timings: Timings = { open: [], save: [], submit: [] };
    const t1 = performance.now();
    await bounded(regionCount, concurrency, (i) =>
      coordinatorRound(url, tokens[i] as string, i, timings),
    );
    const roundMs = performance.now() - t1;
    const cookie = await signIn(url, 'curator@example.org');
    const totals = await verify(url, curatorToken, cookie);
    const page = await sample(url, `/campaigns/${SLUG}`, { cookie });
    const api = await sample(url, `/api/v1/campaigns/${SLUG}/dashboard`, {
      authorization: `Bearer ${curatorToken}`,
    });
    const healthAfter = await sample(url, '/health');
    const [open, save, submit] = [timings.open, timings.save, timings.submit].map(summary);
    const { body: _p, ...pageStats } = page;
    const { body: _a, ...apiStats } = api;
    const { body: _h, ...healthStats } = health;
    const { body: _h2, ...healthAfterStats } = healthAfter;
    const ratio = (m: { p50: number; p95: number }) => ({
      p50OverHealthP50: m.p50 / healthStats.p50,
      p95OverHealthP95: m.p95 / healthStats.p95,
    });
    const out = {
      database: db.dialect,
      regions: regionCount,
      initiativesPerRegion: SIZES.at(-1),
      concurrency,
      setUpMs,
      roundMs,
      requestsPerSecond: (regionCount * (SIZES.length + 2)) / (roundMs / 1000),
      /** The server's time per request under load (1 / throughput); latencies above are mostly queueing. */
      msPerRequestUnderLoad: roundMs / (regionCount * (SIZES.length + 2)),
      totals,
      health: healthStats,
      healthAfter: healthAfterStats,
      open: { ...open, ...ratio(open ?? healthStats) },
      save: { ...save, ...ratio(save ?? healthStats) },
      submit: { ...submit, ...ratio(submit ?? healthStats) },
      dashboardPage: { ...pageStats, bytes: Buffer.byteLength(page.body), ...ratio(pageStats) },
      dashboardApi: { ...apiStats, bytes: Buffer.byteLength(api.body), ...ratio(apiStats) },
    };
    const line = (name: string, m: ReturnType<typeof summary>) =>
      console.log(
        `${name.padEnd(22)} n ${String(m.n).padStart(4)}  p50 ${f(m.p50).padStart(7)} ms (${f(m.p50 / healthStats.p50).padStart(6)} × health)  p95 ${f(m.p95).padStart(7)} ms (${f(m.p95 / healthStats.p95).padStart(6)} × health)  max ${f(m.max)} ms`,
      );
    console.log(
      `${db.dialect}: ${regionCount} regions × ${SIZES.at(-1)} initiatives, ${concurrency} coordinators in flight; set-up ${f(setUpMs / 1000)} s, round ${f(roundMs / 1000)} s (${f(out.requestsPerSecond)} requests/s, ${f(out.msPerRequestUnderLoad)} ms each)`,
    );
    line('/health', healthStats);
    line('open (GET)', open as ReturnType<typeof summary>);
    line('save (PUT, If-Match)', save as ReturnType<typeof summary>);
    line('submit (POST)', submit as ReturnType<typeof summary>);
    line(`page /campaigns/{slug}`, pageStats);
    line('API …/dashboard', apiStats);
    line('/health after', healthAfterStats);
    console.log(`dashboard totals read back: ${JSON.stringify(totals)}`);
    mkdirSync('bench/out', { recursive: true });
    writeFileSync('bench/out/campaigns.json', `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    server.close();
  }
} finally {
  await db.close();
  await drop();
}
