/**
 * Report files and the import page's apply as heavy jobs (issue 19). On PostgreSQL, two real
 * instances on one database with separate cache folders (no shared volume): a report asked of A,
 * which takes no jobs, is made by B's worker and then served by A from the database; an import
 * applied through A's page is done by B, and A's status link leads to the drafts it made. On
 * SQLite, one instance: the same requests answer 202 at once and the jobs finish in its worker
 * threads.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Db, openDatabase } from '../../src/db/connect.ts';
import { countVersions } from '../../src/repositories/record-versions.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { postgresSkipReason } from '../helpers/databases.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { eventually, onServer, schemaUrl } from '../helpers/postgres-instances.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const REPORT = '/reports/fact-sheet?region=ES51&format=docx';
const startTimeoutMs = 120_000;

/** The files of a folder; none when it was never made. */
const filesOf = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/** Where a job's status link leads once it is done (its 303), asked of `server`. */
async function finished(server: RunningServer, status: string): Promise<string> {
  return eventually(90_000, async () => {
    const r = await fetch(`${server.url}${status}`, { redirect: 'manual' });
    await r.arrayBuffer();
    if (r.status >= 400) throw new Error(`${status}: ${r.status}`);
    return r.status === 303 ? (r.headers.get('location') ?? '') : undefined;
  });
}

/** Asks `server` for the report file: a 202 with a status link (nobody waits). */
async function askReport(server: RunningServer): Promise<string> {
  const asked = await fetch(`${server.url}${REPORT}`, { headers: { accept: 'application/json' } });
  assert.equal(asked.status, 202, await asked.clone().text());
  const body = (await asked.json()) as { status: string; statusUrl: string };
  const status = asked.headers.get('location') ?? '';
  assert.equal(body.statusUrl, status);
  assert.match(status, /^\/jobs\/[\w-]+$/);
  return status;
}

/** The address both instances answer for behind their proxy: reports name it, so it is one. */
const SITE = 'http://atlas.example.org';

/** The report file as `server` serves it. */
async function reportFile(server: RunningServer): Promise<Buffer> {
  const r = await fetch(`${server.url}${REPORT}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), DOCX);
  assert.equal(
    r.headers.get('content-disposition'),
    'attachment; filename="permed-atlas-fact-sheet-ES51-en.docx"',
  );
  const body = Buffer.from(await r.arrayBuffer());
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  return body;
}

/** A spreadsheet of `names.length` initiatives of ES51, one a row. */
function spreadsheet(names: readonly string[]): string {
  return [
    'Name,Website,Country,Submitting region,Geographical scope,Status,Domain,Type',
    ...names.map(
      (n, i) => `${n},https://example.org/jobs-${i},Spain,ES51,Regional,Ongoing,R&I,Partnership`,
    ),
  ].join('\n');
}

/** Uploads the spreadsheet through `browser`'s import page and applies it: the status link. */
async function applyThroughPage(browser: Browser, csv: string): Promise<string> {
  const form = new FormData();
  form.set('_csrf', await browser.csrf('/contribute/import'));
  form.set('file', new File([csv], 'jobs.csv', { type: 'text/csv' }));
  const planned = await browser.fetch('/contribute/import', { method: 'POST', body: form });
  const page = await planned.text();
  assert.equal(planned.status, 200, page);
  const id = page.match(/\/contribute\/import\/([^/"]+)\/apply/)?.[1];
  assert.ok(id, 'the plan offers to apply');
  const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const applied = await browser.post(`/contribute/import/${id}/apply`, {
    _csrf: csrf,
    name: 'jobs.csv',
  });
  const answer = await applied.text();
  assert.equal(applied.status, 202, answer);
  assert.match(answer, /role="status"/, 'a page that says the import is under way');
  return applied.headers.get('location') ?? '';
}

/** The drafts of `slugs` in the database (one open version each once imported). */
async function draftsOf(db: Db, slugs: readonly string[]): Promise<number> {
  let n = 0;
  for (const slug of slugs) n += await countVersions(db.kysely, 'initiative', slug, ['draft']);
  return n;
}

const NAMES = [
  'Jobs queue genomics hub',
  'Jobs queue biobank network',
  'Jobs queue pharmacy pilot',
];
const SLUGS = NAMES.map((n) => n.toLowerCase().replaceAll(' ', '-'));

describe('report files and imports as jobs on SQLite (worker threads of one instance)', () => {
  let server: RunningServer | undefined;
  let db: Db;
  before(async () => {
    server = await startServer(undefined, { env: { HEAVY_WAIT_MS: '0' }, startTimeoutMs });
    db = openDatabase(server.databaseUrl);
    await createAccount(
      db,
      { email: 'curator@example.org', password: TEST_PASSWORD, role: 'curator' },
      'cli',
    );
  });
  after(async () => {
    await server?.stop();
    await db?.close();
  });

  test('a report file: 202 and a status link, then the file', async () => {
    assert.ok(server);
    assert.match(server.output(), /heavy jobs run in this process/);
    const status = await askReport(server);
    assert.equal(await finished(server, status), REPORT);
    await reportFile(server);
  });

  test('an import applied through the page: a job whose link leads to the drafts it made', async () => {
    assert.ok(server);
    const browser = new Browser(server.url);
    assert.equal((await browser.signIn('curator@example.org')).status, 303);
    assert.equal(await draftsOf(db, SLUGS), 0);
    const status = await applyThroughPage(browser, spreadsheet(NAMES));
    const done = await finished(server, status);
    const drafts = await draftsOf(db, SLUGS);
    assert.equal(drafts, NAMES.length, 'one draft per row of the file');
    assert.equal(done, `/review?entity=initiative&state=draft&imported=${drafts}`);
  });
});

describe('report files and imports as jobs of two instances on PostgreSQL', {
  skip: postgresSkipReason,
}, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = schemaUrl(schema);
  // Each instance has a cache folder of its own: what one makes reaches the other through the database.
  const folders = mkdtempSync(join(tmpdir(), 'atlas-jobs-'));
  const cacheA = join(folders, 'a');
  const cacheB = join(folders, 'b');
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let db: Db;

  before(async () => {
    await onServer(`create schema ${schema}`);
    a = await startServer(undefined, {
      databaseUrl: url,
      env: { CACHE_DIR: cacheA, JOB_WORKER: 'off', HEAVY_WAIT_MS: '0', PUBLIC_URL: SITE },
      startTimeoutMs,
    });
    db = openDatabase(url);
    await createAccount(
      db,
      { email: 'curator@example.org', password: TEST_PASSWORD, role: 'curator' },
      'cli',
    );
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await db?.close();
    await onServer(`drop schema if exists ${schema} cascade`);
    await onServer(`drop schema if exists ${schema}_jobs cascade`);
    rmSync(folders, { recursive: true, force: true });
  });

  // Both behind one proxy with one PUBLIC_URL, as a deployment runs them: a report names its
  // site's address, so two instances answering for two addresses make two different files.
  test('a report asked of A (no worker) waits; B’s worker makes it; A serves it from the database', async () => {
    assert.ok(a);
    const status = await askReport(a);
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await fetch(`${a.url}${status}`, { headers: { accept: 'application/json' } });
    assert.equal(waiting.status, 202);
    assert.equal(((await waiting.json()) as { status: string }).status, 'queued');

    b = await startServer(undefined, {
      databaseUrl: url,
      env: { CACHE_DIR: cacheB, HEAVY_WAIT_MS: '0', PUBLIC_URL: SITE },
      startTimeoutMs,
    });
    assert.equal(await finished(b, status), REPORT);
    assert.equal(await finished(a, status), REPORT, 'A knows the job B finished');
    const made = filesOf(cacheB).filter((f) => f.startsWith('report-') && f.endsWith('.docx'));
    assert.equal(made.length, 1, 'B made the file, in its own cache folder');
    assert.ok(!filesOf(cacheA).includes(made[0] ?? ''), 'A has not got it yet');

    const served = await reportFile(a);
    const { rows } = await sql<{ size: number }>`select size
      from job_results where key = ${made[0] ?? ''}`.execute(db.kysely);
    assert.equal(rows.length, 1, 'the file is kept in the database');
    const pieces = await sql<{ bytes: Uint8Array }>`select bytes from job_result_chunks
      where key = ${made[0] ?? ''} order by seq`.execute(db.kysely);
    const stored = Buffer.concat(pieces.rows.map((p) => Buffer.from(p.bytes)));
    assert.ok(served.equals(stored), 'A serves the bytes B stored');
    assert.equal(Number(rows[0]?.size), served.length);
    assert.ok(existsSync(join(cacheA, made[0] ?? '')), 'A keeps its copy for the next request');
    assert.ok(served.equals(await reportFile(b)), 'both serve the same file');
  });

  test('an import applied through A’s page is done by B; A’s status link leads to its drafts', async () => {
    assert.ok(a && b);
    const browser = new Browser(a.url);
    assert.equal((await browser.signIn('curator@example.org')).status, 303);
    const names = NAMES.map((n) => `${n} two`);
    const slugs = names.map((n) => n.toLowerCase().replaceAll(' ', '-'));
    assert.equal(await draftsOf(db, slugs), 0);
    const status = await applyThroughPage(browser, spreadsheet(names));
    assert.match(status, /^\/jobs\/[0-9a-f-]{36}$/);
    const done = await finished(a, status);
    const drafts = await draftsOf(db, slugs);
    assert.equal(drafts, names.length, 'one draft per row of the file');
    assert.equal(done, `/review?entity=initiative&state=draft&imported=${drafts}`);
    const { rows } = await sql<{ n: number }>`select count(*) as n from job_results
      where kind = 'upload'`.execute(db.kysely);
    assert.equal(Number(rows[0]?.n), 0, 'the applied upload is forgotten');
    assert.doesNotMatch(a.output(), /error:/);
  });
});
