/**
 * Issue 13, the phone re-walk of the maps: a label names its place (never a code such as RO21,
 * BG41 or FI), and every place that links to its list is a tap target of at least 24 × 24 CSS
 * px at 375 px, however small its shape (Crete, Luxembourg, an island).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

const MAPS = ['/', '/regions'] as const;

/** Each label with its place's code, and the place names of the map's table (code → name). */
async function labelsAndNames(page: Page) {
  return page.evaluate(() => {
    const figure = document.querySelector('figure.map') as HTMLElement;
    // A label of two lines reads as one name: "North-East" "Romania", "Baden-" "Württemberg".
    const labels = Array.from(figure.querySelectorAll('.map-labels text')).map((t) => {
      const lines = Array.from(t.querySelectorAll('tspan')).map((s) => s.textContent ?? '');
      const text = (lines.length > 0 ? lines : [t.textContent ?? '']).reduce((a, l) =>
        a.endsWith('-') ? a + l : `${a} ${l}`,
      );
      return { code: t.getAttribute('data-code') ?? '', text };
    });
    const names: Record<string, string> = {};
    for (const a of Array.from(figure.querySelectorAll('.map-table tbody a'))) {
      const code = new URL((a as HTMLAnchorElement).href).searchParams.values().next().value;
      if (code) names[code] = a.textContent ?? '';
    }
    return { labels, names };
  });
}

/** The on-screen size of each linked place on the map, in CSS px. */
async function targets(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('figure.map a.map-shape')).map((a) => {
      const r = a.getBoundingClientRect();
      return { code: a.getAttribute('data-code') ?? '', width: r.width, height: r.height };
    }),
  );
}

describe('maps on a phone (issue 13)', () => {
  const site = referenceSiteWithBrowser();

  for (const path of MAPS) {
    test(`${path} at 375 px: labels are names, places are tap targets of 24 px or more`, async () => {
      const context = await site.browser.newContext({
        viewport: { width: 375, height: 800 },
        hasTouch: true,
      });
      const page = await context.newPage();
      await page.goto(`${site.server.url}${path}`);
      const { labels, names } = await labelsAndNames(page);
      assert.ok(labels.length > 0, 'labels are drawn');
      for (const { code, text } of labels) {
        assert.notEqual(text, code, `the label of ${code} is its name, not its code`);
        const name = names[code];
        assert.ok(name, `${code} is a row of the map's table`);
        assert.ok(name.startsWith(text), `the label "${text}" is (the start of) "${name}"`);
      }
      const sizes = await targets(page);
      assert.ok(sizes.length > 0);
      const small = sizes.filter((s) => s.width < 24 || s.height < 24);
      assert.deepEqual(
        small.map((s) => `${s.code} ${s.width.toFixed(0)}×${s.height.toFixed(0)}`),
        [],
        'places smaller than 24 × 24 px',
      );
      // A tap in the middle of the smallest place opens its own list, not a neighbour's.
      const smallest = [...sizes].sort((a, b) => a.width * a.height - b.width * b.height)[0];
      assert.ok(smallest);
      const box = await page.locator(`a.map-shape[data-code="${smallest.code}"]`).boundingBox();
      assert.ok(box);
      await page.locator(`a.map-shape[data-code="${smallest.code}"]`).scrollIntoViewIfNeeded();
      const again = await page.locator(`a.map-shape[data-code="${smallest.code}"]`).boundingBox();
      assert.ok(again);
      await page.touchscreen.tap(again.x + again.width / 2, again.y + again.height / 2);
      await page.waitForURL(/\/initiatives\?/);
      assert.equal(
        [...new URL(page.url()).searchParams.values()][0],
        smallest.code,
        `a tap on ${smallest.code}`,
      );
      await context.close();
    });
  }

  test('the places the walk found as codes are named: North-East (RO21), Sofia area (BG41), Finland', async () => {
    const context = await site.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const label = async (code: string) =>
      (await labelsAndNames(page)).labels.find((l) => l.code === code)?.text;
    await page.goto(`${site.server.url}/regions`);
    assert.match((await label('RO21')) ?? '', /^North-East/);
    assert.match((await label('BG41')) ?? '', /^Sofia area/);
    await page.goto(`${site.server.url}/`);
    assert.equal(await label('FI'), 'Finland');
    await context.close();
  });
});
