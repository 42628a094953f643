import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

/** Screenshots land here (gitignored) so a person can look at the maps at each width. */
const SHOTS = join(process.cwd(), 'test-output', 'maps');

const MAPS = [
  ['home', '/', 'country'],
  ['regions', '/regions', 'region'],
] as const;

const viewBox = (page: Page) => page.locator('figure.map svg').first().getAttribute('viewBox');

/** The on-screen font size of the map's smallest label, in CSS px. */
async function smallestLabel(page: Page): Promise<number> {
  return page.evaluate(() => {
    const svg = document.querySelector('figure.map svg') as SVGSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    // Only the layer of labels the map's width shows (the other is display: none).
    const shown = Array.from(svg.querySelectorAll('.map-labels')).filter(
      (g) => getComputedStyle(g).display !== 'none',
    );
    const sizes = shown
      .flatMap((g) => Array.from(g.querySelectorAll('text')))
      .map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale);
    return sizes.length ? Math.min(...sizes) : 0;
  });
}

describe('maps: labels, links, zoom and pan at 375 and 1280 px', () => {
  const site = referenceSiteWithBrowser();
  mkdirSync(SHOTS, { recursive: true });

  for (const width of [375, 1280]) {
    for (const [name, path, kind] of MAPS) {
      test(`${name} map at ${width} px`, async () => {
        const context = await site.browser.newContext({
          bypassCSP: true,
          viewport: { width, height: 900 },
          hasTouch: width === 375,
        });
        await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        const page = await context.newPage();
        await page.goto(`${site.server.url}${path}`);
        const figure = page.locator('figure.map').first();
        await figure.scrollIntoViewIfNeeded();
        await figure.screenshot({ path: join(SHOTS, `${name}-${width}.png`) });
        assert.ok((await page.locator('.map-labels text').count()) > 0, 'labels are drawn');
        const smallest = await smallestLabel(page);
        assert.ok(smallest >= 11.95, `smallest label ${smallest.toFixed(1)} px`);

        // Keyboard: Tab into the controls, zoom in with the + button and the + key, pan, reset.
        const home = await viewBox(page);
        await page.locator('button[data-zoom="in"]').first().focus();
        await page.keyboard.press('Enter');
        const zoomed = await viewBox(page);
        assert.notEqual(zoomed, home, 'the + button zooms');
        await page.keyboard.press('ArrowRight');
        assert.notEqual(await viewBox(page), zoomed, 'the arrow keys pan');
        await page.keyboard.press('+');
        await figure.screenshot({ path: join(SHOTS, `${name}-${width}-zoomed.png`) });
        // The view is in the address: a reload (or a shared link) shows the same part of the map.
        const kept = await viewBox(page);
        assert.match(page.url(), /[?&]map-[\w-]+=-?\d/);
        await page.reload();
        const [a, b] = [kept, await viewBox(page)].map((v) => (v ?? '').split(' ').map(Number));
        assert.ok(
          (a ?? []).every((n, i) => Math.abs(n - ((b ?? [])[i] ?? Number.NaN)) < 1),
          `the reloaded map shows ${kept}, not ${b?.join(' ')}`,
        );
        await page.locator('button[data-zoom="reset"]').first().click();
        assert.equal(await viewBox(page), home, 'reset shows the whole map');
        assert.doesNotMatch(page.url(), /[?&]map-/, 'the whole map needs nothing in the address');
        await assertNoAxeViolations(page);

        // A click on a shape opens the list filtered by that place.
        const link = page.locator('figure.map a.map-shape').first();
        const code = await link.getAttribute('data-code');
        await link.locator('path').click({ force: true });
        await page.waitForURL(new RegExp(`/initiatives\\?${kind}=`));
        assert.equal(
          new URL(page.url()).searchParams.get(kind),
          code,
          `the ${kind} filter of ${code}`,
        );
        await context.close();
      });
    }
  }

  test('without JavaScript the map is whole, its controls hidden and its shapes links', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/regions`);
    assert.equal(await page.locator('.map-zoom-controls').isVisible(), false);
    const rivne = page.locator('figure.map a.map-shape[data-code="UA-56"]');
    assert.equal(await rivne.count(), 1, 'the Rivne oblast is drawn');
    assert.equal(await rivne.getAttribute('href'), '/initiatives?region=UA-56');
    await context.close();
  });

  test('touch: a drag pans the zoomed map', async () => {
    const context = await site.browser.newContext({
      bypassCSP: true,
      viewport: { width: 375, height: 800 },
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/regions`);
    await page.locator('button[data-zoom="in"]').click();
    const before = await viewBox(page);
    const box = await page.locator('figure.map svg').boundingBox();
    assert.ok(box);
    const svg = page.locator('figure.map svg');
    const at = (x: number) => ({ clientX: box.x + x, clientY: box.y + box.height / 2 });
    await svg.dispatchEvent('pointerdown', { pointerId: 1, pointerType: 'touch', ...at(200) });
    await svg.dispatchEvent('pointermove', { pointerId: 1, pointerType: 'touch', ...at(150) });
    await svg.dispatchEvent('pointermove', { pointerId: 1, pointerType: 'touch', ...at(100) });
    await svg.dispatchEvent('pointerup', { pointerId: 1, pointerType: 'touch', ...at(100) });
    assert.notEqual(await viewBox(page), before, 'the drag moved the view');
    await context.close();
  });
});
