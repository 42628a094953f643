import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import { createApp } from '../../src/http/app.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { countVersions } from '../../src/repositories/record-versions.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { dataVersion } from '../../src/services/data-version.ts';
import { HeavyWork } from '../../src/services/heavy-work.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { eventually } from '../helpers/postgres-instances.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * The import page's apply does not plan the file on its request (issue 19): the plan a person
 * saw is remembered with its decisions, data version and verdict, and the apply queues the job at
 * once. The job plans again before it writes: when the records changed so that a row now waits
 * for a decision, it writes nothing and its status link leads to the plan page, which says why.
 */

const HEADER = 'Name,Website,Country,Submitting region,Geographical scope,Status,Domain,Type';
const row = (name: string, site: string) =>
  `${name},https://example.org/${site},Spain,ES51,Regional,Ongoing,R&I,Partnership`;
const slugOf = (name: string) => name.toLowerCase().replaceAll(' ', '-');

/**
 * The database as the routes see it, with every read of an uploaded file's content counted by
 * the upload's key: planning a file reads it, so these reads count the plans made on requests.
 * (The heavy jobs run on the database itself, so the job's own plan is not counted.)
 */
function countingFileReads(db: Db): { db: Db; reads: (key: string) => number } {
  const seen = new Map<string, number>();
  const plugin: KyselyPlugin = {
    transformQuery({ node }): RootOperationNode {
      const text = node.kind === 'SelectQueryNode' ? JSON.stringify(node) : '';
      // findJobFile: the file's body and media type (hasJobFile selects the key only).
      if (text.includes('"job_results"') && text.includes('"media_type"'))
        for (const m of text.matchAll(/"(upload-\d+-[0-9a-f]{32}\.[a-z]+)"/g))
          seen.set(m[1] as string, (seen.get(m[1] as string) ?? 0) + 1);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    db: { ...db, kysely: db.kysely.withPlugin(plugin) },
    reads: (key) => seen.get(key) ?? 0,
  };
}

for (const dialect of DIALECTS) {
  describe(`the import page's apply on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let heavy: HeavyWork;
    let server: ReturnType<typeof serve>;
    let base: string;
    let counted: ReturnType<typeof countingFileReads>;
    let accountId: number;
    const dir = mkdtempSync(join(tmpdir(), 'atlas-apply-plan-'));

    before(async () => {
      t = await dialect.open();
      await seedData(t.db, await readReferenceData(REFERENCE_DIR));
      const a = await createAccount(
        t.db,
        { email: 'curator-apply@example.org', password: TEST_PASSWORD, role: 'curator' },
        'cli',
      );
      accountId = a.id;
      counted = countingFileReads(t.db);
      // Jobs in the server's thread on the database itself; nobody waits for them (202).
      heavy = new HeavyWork({ db: t.db, workers: 0, queue: 4 });
      const app = createApp(counted.db, { heavy, heavyWaitMs: 0 });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((r) => server.close(r));
      await heavy.close();
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    async function signedIn(): Promise<Browser> {
      const browser = new Browser(base);
      assert.equal((await browser.signIn('curator-apply@example.org')).status, 303);
      return browser;
    }

    /** Uploads `lines` as a CSV: the plan page's id of the upload, its key and the page. */
    async function upload(browser: Browser, lines: readonly string[]) {
      const form = new FormData();
      form.set('_csrf', await browser.csrf('/contribute/import'));
      form.set('file', new File([[HEADER, ...lines].join('\n')], 'apply.csv'));
      const res = await browser.fetch('/contribute/import', { method: 'POST', body: form });
      const page = await res.text();
      assert.equal(res.status, 200, page);
      const id = page.match(/\/contribute\/import\/([^/"]+)\/plan/)?.[1];
      assert.ok(id, 'the plan page names the upload');
      const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      return { id, key: `upload-${accountId}-${id}`, page, csrf };
    }

    /** Where a job's status link leads once it is done (its 303). */
    async function finished(browser: Browser, status: string): Promise<string> {
      return eventually(30_000, async () => {
        const r = await browser.fetch(status);
        const text = await r.text();
        if (r.status >= 400) throw new Error(`${status}: ${r.status} ${text}`);
        return r.status === 303 ? (r.headers.get('location') ?? '') : undefined;
      });
    }

    /** The drafts of `names` in the database. */
    async function draftsOf(names: readonly string[]): Promise<number> {
      let n = 0;
      for (const name of names)
        n += await countVersions(t.db.kysely, 'initiative', slugOf(name), ['draft']);
      return n;
    }

    test('a clean plan is applied by a job queued at once: the apply’s request does not plan the file again', async () => {
      const browser = await signedIn();
      const names = ['Apply queue genomics hub', 'Apply queue biobank network'];
      const planned = await upload(
        browser,
        names.map((n, i) => row(n, `queue-${i}`)),
      );
      assert.match(planned.page, /id="count-create">2</);
      assert.equal(counted.reads(planned.key), 1, 'the upload is planned once, for its page');
      const replanned = await browser.post(`/contribute/import/${planned.id}/plan`, {
        _csrf: planned.csrf,
        name: 'apply.csv',
      });
      assert.equal(replanned.status, 200, await replanned.text());
      assert.equal(counted.reads(planned.key), 2, 'planning again reads the file again');

      const applied = await browser.post(`/contribute/import/${planned.id}/apply`, {
        _csrf: planned.csrf,
        name: 'apply.csv',
      });
      const waiting = await applied.text();
      assert.equal(applied.status, 202, waiting);
      assert.match(waiting, /plans the file again against the records as they are now/);
      assert.equal(counted.reads(planned.key), 2, 'the apply’s request planned nothing');
      const status = applied.headers.get('location') ?? '';
      assert.match(status, /^\/jobs\//);
      const done = await finished(browser, status);
      assert.equal(done, '/review?entity=initiative&state=draft&imported=2');
      assert.equal(await draftsOf(names), 2, 'the job wrote one draft per row');
      assert.equal(counted.reads(planned.key), 2, 'nor did its status link');
    });

    test('records changed since the plan: the job writes nothing and the plan page says why', async () => {
      const browser = await signedIn();
      const names = ['Apply changed pharmacy pilot', 'Apply changed cohort study'];
      const planned = await upload(browser, [
        row(names[0] as string, 'changed-0'),
        row(names[1] as string, 'changed-1'),
      ]);
      assert.match(planned.page, /id="count-create">2</);
      assert.match(planned.page, /id="count-decide">0</);

      // Someone publishes the second row's initiative meanwhile: that row now may duplicate it.
      const before = (await dataVersion(t.db)).key;
      const file = join(dir, `published-${dialect.name}.csv`);
      writeFileSync(file, [HEADER, row(names[1] as string, 'changed-1')].join('\n'));
      const published = await importInitiatives(t.db, file, { apply: true, actor: 'test' });
      assert.equal(published.applied, true);
      assert.notEqual((await dataVersion(t.db)).key, before, 'the data version moved');

      const applied = await browser.post(`/contribute/import/${planned.id}/apply`, {
        _csrf: planned.csrf,
        name: 'apply.csv',
      });
      assert.equal(applied.status, 202, await applied.text());
      assert.equal(counted.reads(planned.key), 1, 'the apply’s request planned nothing');
      const done = await finished(browser, applied.headers.get('location') ?? '');
      assert.equal(done, `/contribute/import/${planned.id}/plan?refused=changed`);
      assert.equal(await draftsOf(names), 0, 'nothing was written');

      const shown = await browser.fetch(done);
      const page = await shown.text();
      assert.equal(shown.status, 200, page);
      const notice = page.match(
        /<div class="notice" id="apply-refused" role="alert">(.*?)<\/div>/s,
      );
      assert.ok(notice, 'the plan page says why nothing was imported');
      assert.match(notice[1] as string, /Nothing was imported\./);
      assert.match(notice[1] as string, /records changed after you saw the plan/);
      assert.match(notice[1] as string, /1 row is blocked or waits for a decision/);
      assert.match(page, /id="count-decide">1</, 'the plan as it is now: the row waits');
      assert.doesNotMatch(page, /\/apply"/, 'and it offers no apply');

      // Deciding what the plan asks (skip the duplicate) makes it clean, and the apply then writes.
      const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      const decided = await browser.post(`/contribute/import/${planned.id}/plan`, {
        _csrf: csrf,
        name: 'apply.csv',
        duplicates: 'skip',
      });
      const decidedPage = await decided.text();
      assert.match(decidedPage, /id="count-skip">1</);
      assert.doesNotMatch(decidedPage, /apply-refused/);
      const again = await browser.post(`/contribute/import/${planned.id}/apply`, {
        _csrf: csrf,
        name: 'apply.csv',
        duplicates: 'skip',
      });
      assert.equal(again.status, 202, await again.text());
      assert.equal(
        await finished(browser, again.headers.get('location') ?? ''),
        '/review?entity=initiative&state=draft&imported=1',
      );
      assert.equal(await draftsOf([names[0] as string]), 1);
    });

    test('decisions never planned: the job refuses a plan that waits, saying these decisions were not shown', async () => {
      const browser = await signedIn();
      const names = ['Apply unseen registry', 'Apply unseen registry'];
      const planned = await upload(browser, [
        row(names[0] as string, 'unseen'),
        row(names[1] as string, 'unseen'),
      ]);
      // The second row repeats the first: the plan waits for a decision and offers no apply.
      assert.match(planned.page, /id="count-decide">1</);
      assert.doesNotMatch(planned.page, /\/apply"/);
      // An apply sent anyway, with a decision the page never planned (about continuation rows,
      // so row 3 still waits): queued, then refused by the job.
      const applied = await browser.post(`/contribute/import/${planned.id}/apply`, {
        _csrf: planned.csrf,
        continuations: 'keep',
      });
      assert.equal(applied.status, 202, await applied.text());
      const done = await finished(browser, applied.headers.get('location') ?? '');
      assert.equal(done, `/contribute/import/${planned.id}/plan?refused=unseen`);
      const page = await (await browser.fetch(done)).text();
      assert.match(page, /These decisions had not been planned yet/);
      assert.match(
        page,
        /<option value="keep" selected="">keep as separate rows/,
        'the plan shown has those decisions',
      );
      assert.equal(await draftsOf([names[0] as string]), 0);

      // The same plan known to wait, applied again: shown again at once, with no job.
      const stuck = await browser.post(`/contribute/import/${planned.id}/apply`, {
        _csrf: planned.csrf,
        continuations: 'keep',
      });
      assert.equal(stuck.status, 303);
      assert.equal(
        stuck.headers.get('location'),
        `/contribute/import/${planned.id}/plan?refused=stuck`,
      );
      assert.equal(heavy.load().running + heavy.load().waiting, 0);
    });

    test('an upload that is gone (or another account’s) is a 404 at once, without a job', async () => {
      const browser = await signedIn();
      const csrf = await browser.csrf('/contribute/import');
      const res = await browser.post(`/contribute/import/${'0'.repeat(32)}.csv/apply`, {
        _csrf: csrf,
      });
      assert.equal(res.status, 404);
      assert.match(await res.text(), /upload the file again/);
    });
  });
}
