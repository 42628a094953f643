/**
 * The list pages' filters on a phone and on a desktop (issue 13): on a phone the initiatives and
 * the good practices fold their filters behind a "Filters" button, the first results are on the
 * first screen, and the open panel keeps its Apply button (its last control) in view while it
 * is scrolled; on a desktop the filters are always shown. The sort control names its default
 * for what it is in every language, and the source filter keeps a document's sections under it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import type { Page } from 'playwright-core';
import { LOCALES } from '../../src/web/i18n.ts';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

/** The two list pages with filters, a checkbox of each, and the parameter it sets. */
const LISTS = [
  { path: '/initiatives', box: '#facet-domain-ecosystem', param: /domain=ecosystem/ },
  { path: '/good-practices', box: '#barrier-B05', param: /barrier=B05/ },
] as const;

/** Where the Apply button of the filter panel is, against the window. */
async function applyBox(page: Page) {
  return page.locator('details.filters > button[type=submit]').evaluate((b) => {
    const r = b.getBoundingClientRect();
    const panel = b.parentElement as HTMLElement;
    const controls = panel.querySelectorAll('input, select, button, a[href]');
    return {
      top: r.top,
      bottom: r.bottom,
      height: r.height,
      window: innerHeight,
      last: controls[controls.length - 1] === b,
      position: getComputedStyle(b).position,
    };
  });
}

describe('list filters on a phone and on a desktop', () => {
  const site = referenceSiteWithBrowser();

  for (const list of LISTS) {
    test(`${list.path} at 375 px: folded filters, Apply in view while the panel scrolls, axe`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 375, height: 800 } });
      await page.goto(`${site.server.url}${list.path}`);
      const toggle = page.locator('summary.filters-toggle');
      assert.ok(await toggle.isVisible(), 'a Filters button');
      assert.equal(await page.locator(list.box).isVisible(), false, 'the filters are folded');
      const heading = await page
        .locator('.results-area h2')
        .evaluate((h) => h.getBoundingClientRect().top);
      assert.ok(heading < 800, `the results start on the first screen (${heading} px)`);
      await toggle.click();
      await page.locator(list.box).waitFor({ state: 'visible' });
      const open = await applyBox(page);
      assert.ok(open.last, 'Apply is the last control of the panel');
      assert.ok(open.height >= 24);
      // Anywhere in the long panel the button is on screen, at the bottom of the window.
      const panelHeight = await page
        .locator('details.filters')
        .evaluate((d) => d.getBoundingClientRect().height);
      assert.ok(panelHeight > 1600, `the open panel is long (${panelHeight} px)`);
      for (const y of [0, panelHeight / 3, (2 * panelHeight) / 3]) {
        await page.evaluate((to) => scrollTo(0, to), y);
        const at = await applyBox(page);
        assert.ok(at.top >= 0 && at.bottom <= at.window, `Apply in view at ${y}: ${at.top}`);
      }
      await assertNoAxeViolations(page);
      await page.locator(list.box).check();
      await page.locator('details.filters > button[type=submit]').click();
      await page.waitForURL(list.param);
      assert.match((await toggle.textContent()) ?? '', /\(1 chosen\)/);
      assert.ok(await page.locator(list.box).isChecked(), 'the choice stays ticked');
      await page.close();
    });

    test(`${list.path} at 1280 px: filters always shown, no Filters button`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.url}${list.path}`);
      assert.equal(await page.locator('summary.filters-toggle').isVisible(), false);
      assert.ok(await page.locator(list.box).isVisible(), 'the filters are shown');
      const at = await applyBox(page);
      assert.equal(at.position, 'static', 'Apply sits in the flow on a desktop');
      await assertNoAxeViolations(page);
      await page.close();
    });
  }

  test('the source filter keeps each document’s sections indented under it, at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      const page = await site.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${site.server.url}/initiatives`);
      if (width === 375) await page.locator('summary.filters-toggle').click();
      const left = (sel: string) =>
        page
          .locator(sel)
          .first()
          .evaluate((el) => el.getBoundingClientRect().left);
      const x = {
        document: await left('#facet-source li:not(.facet-sub) input'),
        section: await left('#facet-source li.facet-sub input'),
      };
      assert.ok(x.section - x.document >= 16, `${width} px: ${JSON.stringify(x)}`);
      await page.close();
    }
  });

  test('the sort control names its default for what it is, in every language', async () => {
    for (const lang of LOCALES) {
      const cat = JSON.parse(
        readFileSync(join(ROOT, 'src/web/i18n', lang, 'initiatives.json'), 'utf8'),
      ) as Record<string, string>;
      for (const [query, first, absent] of [
        ['q=cancer', cat.sort_relevance, undefined],
        ['', cat.sort_name, 'relevance'],
      ] as const) {
        const res = await fetch(`${site.server.url}/initiatives?${query}&lang=${lang}`);
        const options = parse(await res.text()).querySelectorAll('#sort option');
        const labels = options.map((o) => o.text.trim());
        assert.equal(options[0]?.getAttribute('value'), '', `${lang} ${query}: default first`);
        assert.equal(labels[0], first, `${lang} ${query}`);
        assert.ok(options[0]?.hasAttribute('selected'), `${lang} ${query}: default chosen`);
        assert.equal(new Set(labels).size, labels.length, `${lang}: no order listed twice`);
        const values = options.map((o) => o.getAttribute('value'));
        if (absent) assert.ok(!values.includes(absent), `${lang}: no ${absent} without words`);
        else assert.ok(!values.includes('relevance'), `${lang}: relevance is the default`);
      }
    }
  });
});
