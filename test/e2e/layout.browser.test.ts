import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { PAGE_TYPES } from '../helpers/page-types.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

/** Pages this test names itself (some with more filters than the shared list). */
const NAMED = [
  ['home', '/'],
  ['initiatives', '/initiatives'],
  ['initiatives-cards', '/initiatives?view=cards&domain=research_innovation&page=2'],
  ['initiative', '/initiatives/oeci'],
  ['regions', '/regions'],
  ['region', '/regions/ES51'],
  ['barriers', '/barriers'],
  ['barrier', '/barriers/B05'],
  ['good-practices', '/good-practices'],
  ['good-practice', '/good-practices/national-genomic-platform-sweden'],
  ['compare', '/compare?region=ES51&region=SE232&region=EL43'],
  ['twinning', '/twinning?region=ES51'],
  ['prevalence', '/barriers/prevalence'],
  ['data-quality', '/data-quality'],
  ['downloads', '/downloads'],
  ['about', '/about'],
  ['not-found', '/initiatives/nothing-here'],
  ['search-empty', '/initiatives?q=CAR-T'],
  ['good-practices-filtered', '/good-practices?barrier=B05&country=ES'],
] as const;

/** A file name for a page's screenshot: its path with the punctuation folded. */
const shotName = (path: string) =>
  path
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-$/, '') || 'home';

/**
 * Every page type once, on the shipped reference data: the named pages and every page type the
 * other page-walking tests use (test/helpers/page-types.ts), so a page type added there is
 * checked here too.
 */
const PAGES: readonly (readonly [string, string])[] = [
  ...NAMED,
  ...PAGE_TYPES.filter((p) => !NAMED.some(([, path]) => path === p)).map(
    (p) => [shotName(p), p] as const,
  ),
];

const WIDTHS = [375, 768, 1280] as const;

/** Screenshots land here (gitignored) so a person can look at every page at every width. */
const SHOTS = join(process.cwd(), 'test-output', 'screenshots');

/** Problems with the layout invariants of the page as it is rendered now. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const scroller = document.scrollingElement ?? document.documentElement;
    if (scroller.scrollWidth > window.innerWidth)
      problems.push(`page scrolls sideways: ${scroller.scrollWidth} > ${window.innerWidth}`);
    // Only a table's region may scroll sideways (it is labelled and focusable); any other box
    // wider inside than outside hides content with no sign of it (the compare list did).
    for (const el of Array.from(document.querySelectorAll('main *'))) {
      if (el.closest('.table-scroll, .chart-scroll, figure, pre, .visually-hidden')) continue;
      const s = getComputedStyle(el);
      if (!['auto', 'scroll', 'hidden'].includes(s.overflowX)) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(
          `${el.tagName.toLowerCase()}.${el.className} hides ${el.scrollWidth - el.clientWidth} px sideways`,
        );
    }
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const s = getComputedStyle(el);
      return (
        s.visibility !== 'hidden' &&
        s.display !== 'none' &&
        !el.closest('[hidden],.visually-hidden')
      );
    };
    // Text: the computed font size of the parent of every non-empty text node (SVG text included).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const small = new Set<string>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim() || !visible(parent)) continue;
      if (parent.closest('script,style,noscript,details:not([open]) > :not(summary)')) continue;
      let size = Number.parseFloat(getComputedStyle(parent).fontSize);
      const svg = parent.closest('svg');
      if (svg && parent instanceof SVGElement) {
        // An SVG is scaled to its box: the size a reader sees is the font size times that scale.
        const box = (svg as SVGSVGElement).viewBox?.baseVal;
        const scale = box && box.width > 0 ? svg.getBoundingClientRect().width / box.width : 1;
        size *= scale;
      }
      if (size < 11.95) small.add(`${size.toFixed(1)}px "${n.textContent.trim().slice(0, 30)}"`);
    }
    for (const s of [...small].slice(0, 8)) problems.push(`text under 12 px: ${s}`);
    // Targets (WCAG 2.5.8): at least 24×24 CSS px, except links inside a sentence or a list of
    // text (the inline exception) and controls the browser draws at its own size.
    const controls = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]',
    );
    const tiny: string[] = [];
    for (const el of Array.from(controls)) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width >= 24 && r.height >= 24) continue;
      const inline =
        el.tagName === 'A' &&
        getComputedStyle(el).display === 'inline' &&
        el.closest('p,li,td,dd,th,figcaption,small,.footer');
      if (inline) continue;
      // A map shape too small to hit has an equivalent control of full size: its row's link in
      // the map's table (WCAG 2.5.8, the "equivalent" exception).
      const href = el.getAttribute('href');
      const figure = el.closest('figure.map');
      if (
        figure &&
        el.closest('svg') &&
        href &&
        figure.querySelector(`.map-table a[href="${href}"]`)
      )
        continue;
      const type = (el as HTMLInputElement).type;
      // A checkbox or radio with its label: the label is the target (it is clickable too).
      if ((type === 'checkbox' || type === 'radio') && (el as HTMLInputElement).labels?.length)
        continue;
      tiny.push(
        `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 25)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`,
      );
    }
    for (const t of tiny.slice(0, 8)) problems.push(`target under 24×24: ${t}`);
    return problems;
  });
}

describe('layout at 375, 768 and 1280 px on every page type', () => {
  const site = referenceSiteWithBrowser();
  mkdirSync(SHOTS, { recursive: true });

  for (const width of WIDTHS) {
    for (const [name, path] of PAGES) {
      test(`${name} at ${width} px: no sideways scroll, text ≥ 12 px, targets ≥ 24 px, axe`, async () => {
        const context = await site.browser.newContext({
          bypassCSP: true,
          viewport: { width, height: 900 },
        });
        // tsx names arrow functions with a __name helper that the page does not have.
        await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        const page = await context.newPage();
        await page.goto(`${site.server.url}${path}`);
        await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
        const problems = await layoutProblems(page);
        assert.deepEqual(problems, [], `${path} at ${width} px`);
        await assertNoAxeViolations(page);
        await context.close();
      });
    }
  }

  test('at 375 px the first initiative is within the first screen (filters fold away)', async () => {
    const context = await site.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/initiatives`);
    const top = await page
      .locator('.result')
      .first()
      .evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top < 1200, `first result starts at ${top} px`);
    await context.close();
  });

  test('at 1280 px the barrier matrix shows its last column', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.server.url}/barriers`);
    const cut = await page.evaluate(() => {
      const t = document.querySelector('table');
      const box = t?.parentElement;
      return t && box ? t.scrollWidth - box.clientWidth : -1;
    });
    assert.ok(cut <= 0, `the matrix is ${cut} px wider than its box`);
    await context.close();
  });
});
