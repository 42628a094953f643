import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.ts';
import type { HeavyWork } from '../../src/services/heavy-work.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { editFirstInitiative, seededPool, type TestPool } from '../helpers/pool.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** Follows a job's status link until it redirects; returns where to. */
async function whenDone(app: Hono, status: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const res = await app.request(status, { headers: { accept: 'application/json' } });
    if (res.status === 303) return res.headers.get('location') ?? '';
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { statusUrl: string }).statusUrl, status);
    await new Promise((r) => setTimeout(r, 50));
  }
  return assert.fail(`${status} never finished`);
}

for (const dialect of DIALECTS) {
  describe(`heavy routes on ${dialect.name}`, { skip: dialect.skip }, () => {
    let pool: TestPool;
    let t: TestDb;
    let heavy: HeavyWork;
    /** Answers at once unless the result is already there: every new job is a 202. */
    let app: Hono;

    before(async () => {
      pool = await seededPool(dialect.open, FIXTURE_DIR, 0);
      ({ t, heavy } = pool);
      app = createApp(t.db, { heavy, heavyWaitMs: 0, downloadsDir: join(pool.dir, 'downloads') });
    });
    after(async () => {
      await pool?.dispose();
    });

    test('an export not ready at once is a 202 with a status link that leads back to the file', async () => {
      const first = await app.request('/initiatives.csv?sort=name');
      assert.equal(first.status, 202);
      assert.equal(first.headers.get('retry-after'), '5');
      const status = first.headers.get('location') ?? '';
      assert.match(status, /^\/jobs\/[\w-]+$/);
      const page = await first.text();
      assert.match(page, /Being prepared/);
      assert.ok(page.includes(`href="${status}"`), 'the page links its status');
      assert.equal(await whenDone(app, status), '/initiatives.csv?sort=name');
      const file = await app.request('/initiatives.csv?sort=name');
      assert.equal(file.status, 200);
      assert.match(file.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(
        file.headers.get('content-disposition') ?? '',
        /attachment; filename="permed-atlas-initiatives-/,
      );
      assert.match(await file.text(), /^\uFEFF?Slug,Name,/);
    });

    test('a bad parameter is a 400 at once, and an unknown job a 404', async () => {
      assert.equal((await app.request('/initiatives.xlsx?sort=sideways')).status, 400);
      const gone = await app.request('/jobs/nothing-here');
      assert.equal(gone.status, 404);
      assert.match(await gone.text(), /There is no job &quot;nothing-here&quot;/);
    });

    test('a full queue answers 503 "busy" with Retry-After, and the accepted job goes on', async () => {
      const running = await app.request('/initiatives.json?q=cancer', {
        headers: { accept: 'application/json' },
      });
      assert.equal(running.status, 202);
      const refused = await app.request('/initiatives.geojson?q=cancer');
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '10');
      assert.match(await refused.text(), /try again in 10 seconds/);
      const { statusUrl } = (await running.json()) as { statusUrl: string };
      await whenDone(app, statusUrl);
      const retried = await app.request('/initiatives.geojson?q=cancer');
      assert.equal(retried.status, 202, 'accepted once the queue has room');
      await whenDone(app, retried.headers.get('location') ?? '');
    });

    test('the data-quality page is made in the pool, then served from its file', async () => {
      const first = await app.request('/data-quality');
      assert.equal(first.status, 202);
      assert.equal(await whenDone(app, first.headers.get('location') ?? ''), '/data-quality');
      const page = await app.request('/data-quality');
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h1>Data quality<\/h1>/);
    });

    test('bulk downloads: a 202 before the first set; later, the previous set while a newer one is made', async () => {
      const first = await app.request('/downloads');
      assert.equal(first.status, 202);
      await whenDone(app, first.headers.get('location') ?? '');
      const made = await app.request('/downloads');
      assert.equal(made.status, 200);
      assert.doesNotMatch(await made.text(), /newer version/);
      const oldSums = await (await app.request('/downloads/SHA256SUMS')).text();

      await editFirstInitiative(t, FIXTURE_DIR);
      const stale = await app.request('/downloads');
      assert.equal(stale.status, 200, 'the previous set is served meanwhile');
      const html = await stale.text();
      assert.match(html, /A newer version of these files/);
      const status = html.match(/href="(\/jobs\/[\w-]+)"/)?.[1] ?? '';
      assert.equal((await app.request('/downloads/SHA256SUMS')).status, 200);
      await whenDone(app, status);
      const fresh = await app.request('/downloads');
      assert.doesNotMatch(await fresh.text(), /newer version/);
      assert.notEqual(await (await app.request('/downloads/SHA256SUMS')).text(), oldSums);
    });

    test('the expensive routes share a per-address limit: 429 with Retry-After, as a page or a problem', async () => {
      const limited = createApp(t.db, { heavy, heavyRateLimit: 2 });
      assert.equal((await limited.request('/data-quality')).status, 200);
      assert.equal((await limited.request('/catalog.ttl')).status, 200);
      const over = await limited.request('/initiatives.csv?sort=name');
      assert.equal(over.status, 429);
      assert.match(over.headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(over.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await over.text(), /Too many requests for large files and reports/);
      assert.equal(
        (await limited.request('/initiatives')).status,
        200,
        'other pages are not limited',
      );
      assert.equal((await limited.request('/health')).status, 200);
    });
  });
}
