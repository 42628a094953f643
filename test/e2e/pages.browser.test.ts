import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertNoAxeViolations, launchBrowser } from '../helpers/browser.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

const PAGES = [
  { name: 'home', path: '/', title: 'PerMed Atlas', status: 200 },
  { name: 'list', path: '/initiatives', title: 'Initiatives – PerMed Atlas', status: 200 },
  {
    name: 'list with query and filters',
    path: '/initiatives?q=medicine&scope=national&status=ongoing',
    title: 'Initiatives matching “medicine” – PerMed Atlas',
    status: 200,
  },
  {
    name: 'list with no results',
    path: '/initiatives?q=zzzzqqq',
    title: 'Initiatives matching “zzzzqqq” – PerMed Atlas',
    status: 200,
  },
  {
    name: 'list paginated',
    path: '/initiatives?pageSize=3&page=2',
    title: 'Initiatives (page 2 of 3) – PerMed Atlas',
    status: 200,
  },
  {
    name: 'detail',
    path: '/initiatives/complementary-plan-la2-databases',
    title: /^Complementary Plan .* – PerMed Atlas$/,
    status: 200,
  },
  {
    name: 'detail with missing link',
    path: '/initiatives/camp',
    title: 'CAMP – PerMed Atlas',
    status: 200,
  },
  {
    name: 'bulk downloads',
    path: '/downloads',
    title: 'Download the data – PerMed Atlas',
    status: 200,
  },
  {
    name: 'not found',
    path: '/initiatives/nothing-here',
    title: 'Page not found – PerMed Atlas',
    status: 404,
  },
  {
    name: 'bad parameter',
    path: '/initiatives?domain=nope',
    title: 'Request not understood – PerMed Atlas',
    status: 400,
  },
] as const;

describe('pages in headless chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // axe is injected by script evaluation, which the site's CSP would otherwise (rightly) refuse.
    context = await browser.newContext({ bypassCSP: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const p of PAGES) {
    test(`${p.name} (${p.path}): status, lang, title, zero axe violations`, async () => {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${p.path}`);
      assert.equal(response?.status(), p.status);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      const title = await page.title();
      if (typeof p.title === 'string') assert.equal(title, p.title);
      else assert.match(title, p.title);
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      await assertNoAxeViolations(page);
      await page.close();
    });
  }

  test('keyboard: skip link, search box, a filter ticked with Space and applied with Enter', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/initiatives`);
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent?.trim()),
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'q',
      'next stop is the search box',
    );
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Search');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(
      () => (document.activeElement as HTMLInputElement | null)?.id,
    );
    assert.match(first ?? '', /^facet-domain-/, 'then the first filter');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked(`#${first}`), true, 'Space ticks it');
    // Tab on through the filters to the sort box and the Apply button, then submit with Enter.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Apply filters')
        break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/domain=/);
    assert.equal(
      await page.isChecked(`#${first}`),
      true,
      'the chosen filter stays ticked after the reload',
    );
    await page.close();
  });

  test('with JavaScript: results update as you type, and the URL holds the query', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/initiatives`);
    assert.equal(await page.locator('#sort').inputValue(), '', 'browsing is in the default order');
    await page.locator('#q').pressSequentially('bioproc', { delay: 30 });
    await page.waitForURL(/q=bioproc/);
    // The browsing order (name) is not carried into the search: relevance is the default with words.
    assert.doesNotMatch(page.url(), /sort=/);
    await page.waitForFunction(() =>
      document.getElementById('results-heading')?.textContent?.trim().startsWith('1 initiative'),
    );
    assert.equal(await page.locator('.result h3 a').textContent(), 'CAMP');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'q',
      'focus stays in the search box',
    );
    assert.match((await page.locator('#search-status').textContent()) ?? '', /^1 initiative/);
    assert.equal(await page.title(), 'Initiatives matching “bioproc” – PerMed Atlas');
    await page.close();
  });

  test('without JavaScript: search and filter by form submission', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${server.url}/initiatives`);
    await page.fill('#q', 'advanced');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=advanced/);
    assert.match((await page.locator('#results-heading').textContent()) ?? '', /^\s*2 initiatives/);
    await page.check('#facet-type-partnership');
    await page.click('text=Apply filters');
    await page.waitForURL(/type=partnership/);
    assert.match(
      (await page.locator('#results-heading').textContent()) ?? '',
      /^\s*1 initiative\b/,
    );
    assert.equal(await page.locator('.result h3 a').textContent(), 'ATMP Catalonia');
    await page.click('text=Clear all filters');
    await page.waitForURL((u) => !u.search.includes('type='));
    assert.match((await page.locator('#results-heading').textContent()) ?? '', /^\s*2 initiatives/);
    await noJs.close();
  });

  test('at 320 px wide no page scrolls sideways (wide tables scroll inside their own region)', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of [
      '/',
      '/initiatives?q=medicine',
      '/initiatives/camp',
      '/data-quality',
      '/downloads',
    ]) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the viewport`);
    }
    await page.close();
  });
});

describe('pages on the shipped reference dataset in headless chromium', () => {
  const site = referenceSiteWithBrowser();

  for (const path of [
    '/',
    '/initiatives?region=ES51',
    '/initiatives?q=cancer&status=ongoing',
    '/initiatives/oeci',
    '/initiatives/educgi',
    '/initiatives/medic-nest-metacluster',
    '/data-quality',
    '/regions',
    '/regions/ES51',
    '/regions/DE1',
    '/barriers',
    '/barriers/B05',
    '/barriers?evidence=challenges&lang=fr',
    '/barriers/B08?evidence=answers&lang=uk',
    '/barriers/prevalence',
    '/barriers/prevalence?evidence=statements&lang=es',
    '/good-practices',
    '/good-practices?barrier=B01&exemplary=true',
    '/good-practices?barrier=B04&country=AR',
    '/good-practices/national-genomic-platform-sweden',
    '/compare',
    '/compare?region=ES51&region=SE232&region=EL43',
    '/compare?region=ES51&region=SE232&evidence=statements&lang=de',
    '/twinning',
    '/twinning?region=ES51',
    '/twinning?barrier=B05&theme=atmp&lang=de',
    '/about',
    '/downloads',
    '/downloads?lang=de',
    '/reports',
    '/reports?kind=mapping&lang=de',
    '/reports/fact-sheet?region=ES51&lang=es',
  ]) {
    test(`${path}: zero axe violations`, async () => {
      const context = await site.browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(`${site.server.url}${path}`);
      assert.equal(response?.status(), 200);
      await assertNoAxeViolations(page);
      await context.close();
    });
  }

  test('at 320 px wide the reference-data pages do not scroll sideways', async () => {
    const context = await site.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    for (const path of [
      '/',
      '/regions',
      '/regions/ES51',
      '/barriers',
      '/barriers/B05',
      '/good-practices',
      '/compare?region=ES51&region=SE232',
      '/about',
      '/initiatives/atmp-catalonia?lang=de',
      '/downloads',
      '/downloads?lang=es',
      '/reports?kind=cross-regional',
      '/reports/fact-sheet?region=EL43',
    ]) {
      await page.goto(`${site.server.url}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the viewport`);
    }
    await context.close();
  });

  test('with JavaScript: map regions and chart bars show their figures on hover and by keyboard', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.server.url}/regions`);
    const catalonia = page.locator('.map-shape', {
      has: page.locator('title', { hasText: /^Catalonia: / }),
    });
    await catalonia.hover();
    await page.waitForSelector('.figure-tooltip:not([hidden])');
    assert.match((await page.locator('.figure-tooltip').textContent()) ?? '', /^Catalonia: \d+$/);
    // A map's shapes are links: the keyboard reaches them with Tab, each named with its figure.
    await catalonia.focus();
    assert.match(
      (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '',
      /^Catalonia: \d+ initiatives?; show the list$/,
    );
    await page.goto(`${site.server.url}/regions/ES51`);
    await page.focus('.chart');
    await page.keyboard.press('ArrowRight');
    assert.match(
      (await page.locator('.chart p[aria-live]').textContent()) ?? '',
      /^Research & Innovation, Ongoing project: \d+$/,
    );
    await context.close();
  });
});
