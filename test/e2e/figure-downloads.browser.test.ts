/**
 * Figures in chromium (issue 16, issue 13): at 375 px the prevalence charts (ranking and
 * stakeholder groups) and the region chart fit the window (their narrow drawing, bars of visibly
 * different lengths) and the pages stay axe-clean;
 * at 1280 px the wide drawing shows; the download links and "Cite this" are reached and used by
 * keyboard; /barriers printed to PDF puts every region column of the matrix on the page where
 * the table starts, on landscape pages. Screenshots and the PDF land in test-output/figures.
 * Run `npm run build` first (the pages' scripts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertPageBasics } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

const OUT = join(process.cwd(), 'test-output', 'figures');

/** The drawings of one chart (within `scope`): which is shown, its SVG's width, its bars' widths. */
async function chartLayout(page: Page, scope: string) {
  return page.evaluate(
    (scope) =>
      Array.from(document.querySelectorAll(`${scope} .chart-wide, ${scope} .chart-narrow`)).map(
        (d) => {
          const svg = d.querySelector('svg');
          const region = d.closest('.chart-scroll');
          return {
            kind: d.className,
            shown: d.getClientRects().length > 0,
            width: svg?.getBoundingClientRect().width ?? 0,
            right: svg?.getBoundingClientRect().right ?? 0,
            scrolls: region ? region.scrollWidth > region.clientWidth : false,
            bars: Array.from(
              d.querySelectorAll('[aria-roledescription="bar"], path[aria-label]'),
            ).map((b) => Math.round(b.getBoundingClientRect().width)),
          };
        },
      ),
    scope,
  );
}

describe('figures in chromium: phone charts, keyboard controls, the printed matrix', () => {
  const site = referenceSiteWithBrowser();

  test('at 375 px the charts fit the window with bars of different lengths; at 1280 px the wide drawing shows', async () => {
    mkdirSync(OUT, { recursive: true });
    for (const width of [375, 1280]) {
      const page = await site.browser.newPage({ viewport: { width, height: 900 } });
      try {
        for (const [name, path, scope] of [
          ['prevalence', '/barriers/prevalence', '#prevalence-chart'],
          ['stakeholders', '/barriers/prevalence', '#stakeholders'],
          ['region', '/regions/ES51', '.fact-sheet'],
        ] as const) {
          await page.goto(`${site.server.url}${path}`);
          const drawings = await chartLayout(page, scope);
          const shown = drawings.filter((d) => d.shown);
          assert.equal(shown.length, 1, `${name} at ${width}: one drawing shown`);
          const d = shown[0];
          assert.ok(d);
          assert.equal(
            d.kind,
            width === 375 ? 'chart-narrow' : 'chart-wide',
            `${name} at ${width}`,
          );
          if (width === 375) {
            assert.ok(d.width <= width - 32, `${name}: the chart (${d.width} px) fits the window`);
            assert.ok(d.right <= width, `${name}: nothing drawn beyond the window's edge`);
            assert.equal(d.scrolls, false, `${name}: the chart needs no scrolling`);
          }
          assert.ok(d.bars.length > 3, `${name}: bars drawn`);
          assert.ok(new Set(d.bars).size > 2, `${name} at ${width}: bars of different lengths`);
          await page
            .locator(`${scope} .chart-scroll`)
            .first()
            .screenshot({ path: join(OUT, `${name}-chart-${width}.png`) });
          await assertPageBasics(page, `${name} at ${width}`);
        }
      } finally {
        await page.close();
      }
    }
  });

  test('the download links and "Cite this" are reached and used with the keyboard', async () => {
    const page = await site.browser.newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.goto(`${site.server.url}/barriers/prevalence?evidence=statements`);
      // Tab from the barrier table's last link to the controls under it.
      await page.locator('table.prevalence tbody tr:last-child a').focus();
      const reached: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        reached.push(
          await page.evaluate(() => {
            const a = document.activeElement;
            return `${a?.tagName.toLowerCase()} ${a?.getAttribute('href') ?? a?.textContent?.trim() ?? ''}`;
          }),
        );
      }
      assert.deepEqual(reached.slice(0, 3), [
        'a /figures/prevalence.svg?evidence=statements',
        'a /figures/prevalence.png?evidence=statements',
        'a /figures/prevalence.csv?evidence=statements',
      ]);
      assert.match(reached[3] ?? '', /^summary Cite this/);
      const citation = page.locator('details.cite .citation').first();
      assert.equal(await citation.isVisible(), false, 'the citation is folded');
      await page.keyboard.press('Enter');
      assert.equal(await citation.isVisible(), true, 'Enter unfolds it');
      const text = (await citation.textContent()) ?? '';
      assert.match(
        text,
        /^PerMed Atlas \(\d{4}\)\. .+\. Data version \S+, \d{4}-\d{2}-\d{2}\. http:\/\/127\.0\.0\.1:\d+\/barriers\/prevalence\?evidence=statements#prevalence-chart\. Licence CC BY 4\.0\.$/,
      );
      await assertPageBasics(page, 'prevalence with the citation open');
      // The CSV link downloads a file named for the figure.
      await page.keyboard.press('Shift+Tab');
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.keyboard.press('Enter'),
      ]);
      assert.equal(file.suggestedFilename(), 'permed-atlas-prevalence-statements.csv');
    } finally {
      await page.close();
    }
  });

  test('/barriers printed: landscape pages for the matrix, every region column on the page where it starts', async () => {
    mkdirSync(OUT, { recursive: true });
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${site.server.url}/barriers`);
      const heads = await page.$$eval('table.matrix thead th', (ths) =>
        ths.map((th) => th.textContent?.trim() ?? ''),
      );
      assert.ok(heads.length > 8, 'the matrix has its region columns');
      await page.emulateMedia({ media: 'print' });
      const hidden = await page.evaluate(() =>
        ['.site-footer', '.site-header nav', '.figure-downloads'].map(
          (s) => document.querySelector(s)?.getClientRects().length ?? 0,
        ),
      );
      assert.deepEqual(hidden, [0, 0, 0], 'navigation, footer and download links are not printed');
      const pdfPath = join(OUT, 'barriers.pdf');
      writeFileSync(pdfPath, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
      const pages = execFileSync('pdftotext', ['-layout', pdfPath, '-'], {
        encoding: 'utf8',
      }).split('\f');
      const start = pages.findIndex((p) => /Health data fragmentation(\s+\d+){5,}/.test(p));
      assert.ok(start >= 0, 'the matrix is printed');
      // Words of a column header may be set on two lines: each word is on the page.
      const words = (pages[start] ?? '').split(/\s+/);
      for (const head of heads)
        for (const word of head.split(/\s+/))
          assert.ok(words.includes(word), `"${word}" (${head}) on the matrix's first page`);
      const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages.length), pdfPath], {
        encoding: 'utf8',
      });
      const size = sizes.match(new RegExp(`Page\\s+${start + 1} size:\\s+([\\d.]+) x ([\\d.]+)`));
      assert.ok(size && Number(size[1]) > Number(size[2]), 'the matrix page is landscape');
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '70',
        '-f',
        String(start + 1),
        '-l',
        String(start + 1),
        pdfPath,
        join(OUT, 'barriers-matrix-page'),
      ]);
    } finally {
      await page.close();
    }
  });
});
