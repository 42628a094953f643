/**
 * The quotations, paraphrase labels and engagement notes (issue 13) in headless chromium, on the
 * reference data served from SQLite and, when it answers, PostgreSQL: at 375 px and 1280 px a
 * barrier page and the fact sheets with a note show them readably (no sideways scrolling, no text
 * under 12 px) and pass axe, in English and Spanish.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { assertNoAxeViolations, launchBrowser } from '../helpers/browser.ts';
import { freshPostgres, postgresSkipReason } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const WIDTHS = [375, 1280] as const;

/** Pages with what each must show: statements with quotations, or an engagement note. */
const PAGES = [
  { path: '/barriers/B04', shows: 'li.evidence .evidence-quote blockquote' },
  { path: '/regions/EL43', shows: '#interview-note' },
  { path: '/regions/DE1', shows: '#workshop-note' },
  { path: '/barriers/B09?lang=es', shows: 'li.evidence .also-coded a' },
] as const;

const BACKENDS = [
  { name: 'sqlite', skip: undefined, database: async () => undefined },
  {
    name: 'postgres',
    skip: postgresSkipReason,
    // An empty, migrated schema of its own: the server seeds the reference data into it.
    database: () => freshPostgres(),
  },
] as const;

for (const backend of BACKENDS) {
  describe(`quotations and engagement notes in chromium (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    let server: RunningServer;
    let browser: Browser;
    let dispose: (() => Promise<void>) | undefined;
    before(async () => {
      const db = await backend.database();
      dispose = db?.dispose;
      server = await startServer(REFERENCE_DIR, db ? { databaseUrl: db.url } : {});
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      await dispose?.();
    });

    /** A page at a width (phones: 375 px); CSP is bypassed only so that axe can be injected. */
    async function open(path: string, width: number): Promise<Page> {
      const context = await browser.newContext({
        bypassCSP: true,
        viewport: { width, height: 900 },
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path}`);
      assert.equal(response?.status(), 200, path);
      return page;
    }

    for (const p of PAGES)
      for (const width of WIDTHS) {
        test(`${p.path} at ${width} px: shown, readable, no sideways scrolling, zero axe violations`, async () => {
          const page = await open(p.path, width);
          const label = `${p.path} at ${width} px`;
          assert.ok(await page.locator(p.shows).first().isVisible(), `${label}: ${p.shows}`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px)`);
          const smallest = await page.evaluate(() =>
            Math.min(
              ...Array.from(
                document.querySelectorAll(
                  '.evidence-quote blockquote, .evidence-quote figcaption, .paraphrase, .also-coded, .data-note',
                ),
                (el) => Number.parseFloat(getComputedStyle(el).fontSize),
              ),
            ),
          );
          assert.ok(smallest >= 12, `${label}: no text under 12 px (${smallest} px)`);
          await assertNoAxeViolations(page);
          await page.context().close();
        });
      }

    test('the note link beside the printed total leads to the note, by keyboard', async () => {
      const page = await open('/regions/EL43', 375);
      const link = page.locator('table.interviews a.note-ref');
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/#interview-note$/);
      assert.ok(await page.locator('#interview-note').isVisible());
      await page.context().close();
    });
  });
}
