/**
 * Contributors (issue 14), against `atlas serve` on the reference data, one request at a time
 * and measured against /health in the same run:
 *  - sign-in p95: the form's POST, argon2id (19 MiB, 2 passes) included;
 *  - a signed-in request's cost: /initiatives with a session cookie against without, p50/p95;
 *  - throughput of /initiatives with `--sessions` (default 100) signed-in browsers taking turns,
 *    `--concurrency` (default 8) requests in flight, against anonymous requests the same way.
 * Not yet measured (the features are not built): publishing a 1,000-row import and the history
 * page of a record with 1,000 versions. Writes bench/out/accounts.json.
 *
 * Usage: npm run bench:accounts [-- --requests 200 --sessions 100 --concurrency 8]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REFERENCE_DIR, ROOT } from '../test/helpers/fixtures.ts';
import { startServer } from '../test/helpers/server.ts';
import { summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    sessions: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
  },
});
const requests = Number(values.requests);
const sessionCount = Number(values.sessions);
const concurrency = Number(values.concurrency);
const PASSWORD = 'correct horse battery staple';

/** The cookies a response sets, as a Cookie header. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !/=$/.test(c ?? ''))
    .join('; ');

async function signIn(url: string, email: string): Promise<{ ms: number; cookie: string }> {
  const page = await fetch(`${url}/sign-in`);
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const t0 = performance.now();
  const res = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page) },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  const ms = performance.now() - t0;
  if (res.status !== 303) throw new Error(`sign-in of ${email}: ${res.status}`);
  return { ms, cookie: cookiesOf(res) };
}

async function timed(url: string, n: number, path: string, cookie?: (i: number) => string) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers: cookie ? { cookie: cookie(i) } : {} });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    ms.push(performance.now() - t0);
  }
  return summary(ms);
}

/** Requests per second of `total` GETs with `concurrency` in flight. */
async function throughput(
  url: string,
  path: string,
  total: number,
  cookie?: (i: number) => string,
) {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const res = await fetch(`${url}${path}`, { headers: cookie ? { cookie: cookie(i) } : {} });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}

const server = await startServer(REFERENCE_DIR, { env: { API_RATE_LIMIT: '0' } });
try {
  const atlas = (input: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      input,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  for (let i = 0; i < sessionCount; i++)
    atlas(
      `${PASSWORD}\n`,
      'users',
      'create',
      '--email',
      `user${i}@example.org`,
      '--role',
      'curator',
    );
  const health = await timed(server.url, requests, '/health');
  const signIns: number[] = [];
  const cookies: string[] = [];
  for (let i = 0; i < sessionCount; i++) {
    const s = await signIn(server.url, `user${i}@example.org`);
    signIns.push(s.ms);
    cookies.push(s.cookie);
  }
  const signInSummary = summary(signIns);
  const anonymous = await timed(server.url, requests, '/initiatives');
  const signedIn = await timed(
    server.url,
    requests,
    '/initiatives',
    (i) => cookies[i % cookies.length] ?? '',
  );
  const total = Math.max(requests, sessionCount * 2);
  const anonymousRps = await throughput(server.url, '/initiatives', total);
  const signedInRps = await throughput(
    server.url,
    '/initiatives',
    total,
    (i) => cookies[i % cookies.length] ?? '',
  );
  const out = {
    sessions: sessionCount,
    concurrency,
    health,
    signIn: signInSummary,
    listAnonymous: anonymous,
    listSignedIn: signedIn,
    anonymousRps,
    signedInRps,
    signInP95OverHealthP95: signInSummary.p95 / health.p95,
    signedInP50OverAnonymousP50: signedIn.p50 / anonymous.p50,
    signedInRpsOverAnonymousRps: signedInRps / anonymousRps,
  };
  const f = (x: number) => x.toFixed(1);
  for (const [name, m] of Object.entries({ health, signIn: signInSummary, anonymous, signedIn }))
    console.log(`${name.padEnd(10)} p50 ${f(m.p50)} ms  p95 ${f(m.p95)} ms  max ${f(m.max)} ms`);
  console.log(`sign-in p95 = ${out.signInP95OverHealthP95.toFixed(1)} × /health p95`);
  console.log(
    `a signed-in list page costs ${out.signedInP50OverAnonymousP50.toFixed(2)} × an anonymous one (p50)`,
  );
  console.log(
    `/initiatives with ${sessionCount} sessions: ${f(signedInRps)} req/s against ${f(anonymousRps)} anonymous (${out.signedInRpsOverAnonymousRps.toFixed(2)} ×)`,
  );
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/accounts.json', `${JSON.stringify(out, null, 2)}\n`);
} finally {
  await server.stop();
}
