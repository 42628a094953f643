/**
 * The twinning pages with transfer conditions and mentors by strengths (issue 17), in headless
 * chromium: no axe violations in English and in two other languages, and no sideways scrolling
 * at 375 px or 1280 px.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

const PAGES = [
  '/twinning?region=RO21',
  '/twinning?region=ITH5&lang=lt',
  '/twinning?barrier=B05&has=reimbursement_route&lang=el',
  '/regions/ITH5',
];

describe('twinning with transfer conditions in headless chromium', () => {
  const site = referenceSiteWithBrowser();

  for (const path of PAGES) {
    test(`${path}: zero axe violations`, async () => {
      const context = await site.browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(`${site.server.url}${path}`);
      assert.equal(response?.status(), 200);
      await assertNoAxeViolations(page);
      await context.close();
    });
  }

  test('the conditions are readable at 375 px and 1280 px without scrolling sideways', async () => {
    for (const width of [375, 1280]) {
      const context = await site.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of PAGES) {
        await page.goto(`${site.server.url}${path}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${path} at ${width} px is ${overflow}px wider than the viewport`);
      }
      // A caveat is visible text, not only an attribute.
      await page.goto(`${site.server.url}/twinning?region=RO21&lang=en`);
      const caveat = page
        .locator('li[data-condition="data_platform"][data-status="unmet"]')
        .first();
      assert.ok(await caveat.isVisible());
      assert.match((await caveat.textContent()) ?? '', /Caveat, not met:/);
      await context.close();
    }
  });
});
