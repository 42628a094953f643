import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/http/app.ts';
import { openApiDocument } from '../../src/http/v1/index.ts';
import { seedReference } from '../../src/services/seed.ts';
import { axeViolations, launchBrowser, watchPageProblems } from '../helpers/browser.ts';
import { freshSqlite, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR, ROOT } from '../helpers/fixtures.ts';

describe('API reference page in headless chromium (CSP enforced)', () => {
  let testDb: TestDb;
  let server: ServerType;
  let url: string;
  let browser: Browser;

  before(async () => {
    testDb = await freshSqlite();
    await seedReference(testDb.db, FIXTURE_DIR);
    server = serve({ fetch: createApp(testDb.db).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await testDb?.dispose();
  });

  test('renders the operations of /api/v1/openapi.json from local assets, without CSP violations or errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const res = await page.goto(`${url}/api/v1/docs`);
      assert.equal(res?.status(), 200);
      const csp = res?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /style-src 'self'/);
      assert.equal(await page.title(), 'API reference (v1) – PerMed Atlas');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(
        (await page.locator('h1').first().textContent())?.trim(),
        'PerMed Atlas open data API, version 1',
      );
      assert.equal(await page.locator('a[href="/"]').count(), 1, 'a link back to the site');
      assert.equal(await page.locator('a.skip-link[href="#swagger-ui"]').count(), 1);

      const operation = page.locator('.opblock-summary-path[data-path="/api/v1/regions/{code}"]');
      await operation.waitFor({ timeout: 15_000 });
      assert.equal(
        await page.locator('.opblock-summary-path').count(),
        // One line per operation: a path with GET and POST (or PATCH) has two.
        Object.values(openApiDocument().paths ?? {}).flatMap((item) =>
          ['get', 'post', 'patch', 'put', 'delete'].filter((m) => m in (item ?? {})),
        ).length,
        'every operation of the document is listed',
      );
      await page.waitForLoadState('networkidle');
      // WCAG 2.1 A/AA by axe-core. Swagger UI puts a button inside the operation's summary
      // button (nested-interactive); that is its markup, not ours to change, so it is the one
      // rule let through. Everything else (contrast included, fixed in docs.css) must pass.
      const violations = (await axeViolations(page)).filter((v) => v.id !== 'nested-interactive');
      assert.deepEqual(violations, []);

      // Opening the operation renders its parameters (Swagger UI's React tree at work).
      await operation.click();
      await page.locator('.parameters-col_name', { hasText: 'code' }).waitFor();

      // Try it out: Swagger UI calls the API from the page and shows the answer.
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.locator('input[placeholder="code"]').fill('SE232');
      await page.getByRole('button', { name: 'Execute' }).click();
      const answer = page.locator(
        '.responses-wrapper .live-responses-table tbody .response-col_status',
      );
      await answer.first().waitFor({ timeout: 10_000 });
      assert.equal((await answer.first().textContent())?.trim(), '200');
      await page.locator('.responses-wrapper pre', { hasText: '"SE232"' }).first().waitFor();

      mkdirSync(`${ROOT}/bench/out`, { recursive: true });
      await page.screenshot({ path: `${ROOT}/bench/out/api-docs.png`, fullPage: true });

      assert.deepEqual(await problems(), []);
      const foreign = requested.filter((u) => !u.startsWith(url) && !u.startsWith('data:'));
      assert.deepEqual(foreign, [], 'every asset comes from the site itself');
    } finally {
      await context.close();
    }
  });

  test('the problem watch does see a CSP violation (an inline script)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      await page.goto(`${url}/api/v1/docs`);
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'void 0';
        document.body.append(s);
      });
      await page.waitForTimeout(100);
      assert.ok((await problems()).some((p) => /script-src/.test(p)));
    } finally {
      await context.close();
    }
  });

  test('assets are versioned and cacheable; unknown assets are 404', async () => {
    const page = await (await fetch(`${url}/api/v1/docs`)).text();
    const bundle = page.match(/src="([^"]+swagger-ui-bundle\.js)"/)?.[1];
    assert.ok(bundle, 'the page loads the bundle');
    const r = await fetch(`${url}${bundle}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(r.headers.get('cache-control') ?? '', /immutable/);
    const missing = await fetch(`${url}${bundle.replace('swagger-ui-bundle.js', 'nope.js')}`);
    assert.equal(missing.status, 404);
    const oldVersion = await fetch(`${url}/api/v1/docs/assets/0.0.1/swagger-ui-bundle.js`);
    assert.equal(oldVersion.status, 404);
  });
});
