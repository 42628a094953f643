import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

// The recommendation pages and the "What is recommended" blocks of the barrier and region pages,
// on the shipped reference data: no axe violation and no sideways scrolling at 375 and 1280 px.
const PATHS = [
  '/recommendations',
  '/recommendations?barrier=B11&actor=patient_organisation',
  '/recommendations?source=icpermed-sota&lang=uk',
  '/recommendations/se232-national-standards-e-consent',
  '/recommendations/eppermed-p4-medical-societies?lang=el',
  '/barriers/B16',
  '/regions/ES51',
  '/regions/IE',
];

describe('recommendation pages in headless chromium', () => {
  const site = referenceSiteWithBrowser();
  for (const width of [375, 1280]) {
    test(`at ${width} px: zero axe violations, no sideways scrolling, the block is there`, async () => {
      const context = await site.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of PATHS) {
        const response = await page.goto(`${site.server.url}${path}`);
        assert.equal(response?.status(), 200, path);
        await assertNoAxeViolations(page);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the viewport at ${width}`);
        if (/^\/(barriers|regions)\//.test(path)) {
          assert.equal(await page.locator('#recommended').count(), 1, path);
        }
      }
      // The filters work in the browser: ticking a barrier and applying narrows the list.
      await page.goto(`${site.server.url}/recommendations`);
      const all = await page.locator('li.result.recommendation').count();
      if (width < 600) {
        // On a phone the filters are folded: the results start on the first screen.
        const top = await page
          .locator('#recommendations-heading')
          .evaluate((h) => h.getBoundingClientRect().top);
        assert.ok(top < 900, `the results start ${top}px down the page`);
        await page.locator('.filters-toggle').click();
      }
      await page.locator('#barrier-B09').check();
      await page.locator('.filters button[type=submit]').click();
      await page.waitForURL(/barrier=B09/);
      const narrowed = await page.locator('li.result.recommendation').count();
      assert.ok(narrowed > 0 && narrowed < all, `${narrowed} of ${all}`);
      await context.close();
    });
  }
});
