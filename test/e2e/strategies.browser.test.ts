/**
 * The strategy pages in headless chromium (issue 17): the public list, the upload form (and its
 * error summary after an empty send) and the review page, at 375 px in English, Spanish and
 * German and at 1280 px in English: one h1, no sideways scrolling, no axe violation; the form's problems link to
 * their fields.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { createApp } from '../../src/http/app.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { seedReference } from '../../src/services/seed.ts';
import { seedStrategies, uploadStrategy } from '../../src/services/strategies.ts';
import { assertPageBasics, launchBrowser, signedInPage } from '../helpers/browser.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { TEST_PASSWORD } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const WIDTHS = [375, 1280] as const;
const LANGS = ['en', 'es', 'de'] as const;

for (const dialect of DIALECTS) {
  describe(`strategy pages in chromium on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let server: ReturnType<typeof serve>;
    let browser: Browser;
    let base = '';
    let reviewId = 0;

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      await seedStrategies(t.db, REFERENCE_DIR);
      const a = await createAccount(
        t.db,
        {
          email: 'cura@example.org',
          password: TEST_PASSWORD,
          role: 'curator',
          displayName: 'Cura',
        },
        'cli',
      );
      const curator = { kind: 'account', id: a.id, role: 'curator', regions: [] } as const;
      const text = [
        'Priority A: Tourism. Hotels on the coast will be renovated and cycling routes opened.',
        'Priority B: Health. Personalised medicine is a priority: genomic testing, pharmacogenomics and a biobank for precision oncology, with health data shared safely.',
      ].join('\n\n');
      reviewId = (
        await uploadStrategy(
          t.db,
          curator,
          {
            region: 'SE232',
            title: 'A strategy with a rather long title to see it wrap on a phone',
          },
          { kind: 'text', text },
        )
      ).id;
      server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await t?.dispose();
    });

    test('the list, the form and the review page at 375 and 1280 px in three languages', async () => {
      for (const width of WIDTHS) {
        const page = await signedInPage(browser, base, 'cura@example.org', width, TEST_PASSWORD);
        // Every language at the phone's width; the wide one in English.
        for (const lang of width === 375 ? LANGS : (['en'] as const)) {
          for (const path of ['/strategies', '/strategies/new', `/strategies/${reviewId}/review`]) {
            const res = await page.goto(`${base}${path}?lang=${lang}`);
            assert.equal(res?.status(), 200, path);
            await assertPageBasics(page, `${path} ${lang} ${width}px`);
          }
        }
        await page.context().close();
      }
    });

    test('an empty send shows the error summary, each problem linking to its field', async () => {
      const page = await signedInPage(browser, base, 'cura@example.org', 375, TEST_PASSWORD);
      await page.goto(`${base}/strategies/new`);
      await page.locator('form.stacked-form button[type=submit]').click();
      await page.waitForSelector('.error-summary');
      const links = await page
        .locator('.error-summary a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links.sort(), ['#field-file', '#field-region', '#field-title']);
      for (const href of links) assert.equal(await page.locator(href ?? '').count(), 1, href ?? '');
      await assertPageBasics(page, 'the form with problems');
      await page.context().close();
    });
  });
}
