/**
 * The "records as of" field of the report form in a browser, at phone and desktop widths: labelled,
 * axe-clean, no sideways scrolling; a day before the first record brings the form back with the
 * problem beside the field (400); a day the records existed, typed into the date field and sent,
 * opens the report that says under its title which day it shows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertPageBasics, launchBrowser } from '../helpers/browser.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;
before(async () => {
  server = await startServer(REFERENCE_DIR);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const open = async (width: number) => {
  const context = await (browser ?? assert.fail('no browser')).newContext({
    viewport: { width, height: 900 },
  });
  return { context, page: await context.newPage() };
};
const url = (path: string) => `${server?.url ?? assert.fail('no server')}${path}`;

describe('the report form: records as of a day', () => {
  for (const width of [375, 1280]) {
    test(`at ${width} px: the field is labelled, a day before the records is a problem beside it`, async () => {
      const { context, page } = await open(width);
      await page.goto(url('/reports?kind=mapping'));
      const field = page.getByLabel('Records as of');
      assert.equal(await field.getAttribute('type'), 'date');
      await assertPageBasics(page, `form at ${width}`);
      const bad = await page.goto(url('/reports/mapping?asOf=2001-01-01'));
      assert.equal(bad?.status(), 400);
      const problem = (await page.locator('#field-asOf-error').textContent()) ?? '';
      assert.match(problem, /no records existed before .*; the earliest is from/);
      assert.equal(await page.getByLabel('Records as of').getAttribute('aria-invalid'), 'true');
      await assertPageBasics(page, `form with the problem at ${width}`);
      await context.close();
    });
  }

  test('a day typed into the field opens the report as of that day', async () => {
    const { context, page } = await open(1280);
    await page.goto(url('/reports?kind=fact-sheet'));
    await page.getByLabel('Catalonia (ES51)').check();
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Records as of').fill(today);
    await page.locator('form.report-form button[type=submit]').click();
    await page.waitForURL(/\/reports\/fact-sheet\?/);
    assert.match(page.url(), new RegExp(`asOf=${today}`));
    const subtitle = (await page.locator('.report-subtitle').textContent()) ?? '';
    assert.match(subtitle, /Records as of /);
    await context.close();
  });
});
