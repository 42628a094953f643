/**
 * Issue 13, the phone re-walk: the home page's search hint is cut at 375 px, and the API
 * reference has two h1 and tap targets under 24 px. Each as its kind: every placeholder of the
 * home page fits its field at 320 and 375 px in every language; the reference has one h1 and
 * every control it draws is at least 24 × 24 px.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { LOCALES } from '../../src/web/i18n.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

/** Fields whose placeholder is wider than the room inside them (text width against content box). */
async function cutPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return ['no canvas'];
    return Array.from(document.querySelectorAll<HTMLInputElement>('input[placeholder]'))
      .map((input) => {
        const cs = getComputedStyle(input);
        ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const room =
          input.clientWidth -
          Number.parseFloat(cs.paddingLeft) -
          Number.parseFloat(cs.paddingRight);
        const text = ctx.measureText(input.placeholder).width;
        return text > room
          ? `#${input.id} "${input.placeholder}" ${text.toFixed(0)} > ${room}`
          : '';
      })
      .filter(Boolean);
  });
}

/** Visible controls smaller than 24 × 24 px (zero-size ones are not drawn, so not targets). */
async function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [role="button"]',
      ),
    )
      .map((el) => ({ el, r: el.getBoundingClientRect(), cs: getComputedStyle(el) }))
      .filter(({ r, cs }) => r.width > 0 && r.height > 0 && cs.visibility !== 'hidden')
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()}.${String(el.className)} "${(el.textContent ?? '').trim().slice(0, 30)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`,
      ),
  );
}

describe('phone re-walk (issue 13): the home search hint and the API reference', () => {
  const site = referenceSiteWithBrowser();

  test('every placeholder on the home page fits its field at 320 and 375 px, in every language', async () => {
    for (const width of [320, 375]) {
      const context = await site.browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const lang of LOCALES) {
        await page.goto(`${site.server.url}/?lang=${lang}`);
        assert.ok((await page.locator('input[placeholder]').count()) > 0, 'the search has a hint');
        assert.deepEqual(await cutPlaceholders(page), [], `${lang} at ${width} px`);
      }
      await context.close();
    }
  });

  test('the API reference at 375 px: one h1 (the page’s), every control 24 px or more', async () => {
    const context = await site.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/api/v1/docs`);
    // Swagger UI draws the operations and its info block (with its title) from the document.
    await page.locator('.opblock-summary-path').first().waitFor({ timeout: 15_000 });
    await page.locator('#swagger-ui .info .title').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(
      (await page.locator('h1').textContent())?.trim(),
      'PerMed Atlas open data API, version 1',
    );
    assert.equal(await page.locator('#swagger-ui .info h2.title').count(), 1, 'its title, an h2');
    // Open an operation and its schemas too: their controls count as well.
    await page.locator('.opblock-summary-control').first().click();
    await page.locator('.parameters-col_name').first().waitFor();
    assert.deepEqual(await smallControls(page), []);
    await context.close();
  });
});
