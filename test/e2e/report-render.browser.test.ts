/**
 * The report renderers end to end: the fixture document as the printable HTML, printed to PDF by
 * real chromium (src/io/report-pdf.ts) and read back with poppler-utils (text per page, word
 * boxes, outline, tags), and as the atlas's page in chromium at phone and desktop widths (axe, no
 * sideways scrolling). Screenshots of the first PDF pages and of the page go to
 * test-output/report-screens/ for a visual check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type ReportSection, reportFigures } from '../../src/domain/report.ts';
import { stylesheet } from '../../src/http/assets.ts';
import { closePdfBrowser, printPdf } from '../../src/io/report-pdf.ts';
import { reportPage } from '../../src/web/pages/report.tsx';
import { figureSvg } from '../../src/web/report-figures.tsx';
import { FIXTURE_REGIONS, REPORT_DOCUMENT } from '../fixtures/report-document.ts';
import {
  assertNoAxeViolations,
  assertPageBasics,
  CHROMIUM,
  launchBrowser,
} from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';

const doc = REPORT_DOCUMENT;
const ORIGIN = 'https://atlas.example.eu';
const SCREENS = join(ROOT, 'test-output', 'report-screens');

/** Every section heading of the document, depth first (the order they are printed in). */
function headings(sections: readonly ReportSection[]): string[] {
  return sections.flatMap((s) => [s.heading, ...headings(s.sections ?? [])]);
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const squash = (s: string) => s.replace(/\s+/g, '');

let dir: string;
let pdfPath: string;
let pdf: Buffer;
let figures: Map<string, string>;
let pageCount: number;
/** Each page's text (pdftotext -raw, so that a header wrapped over lines stays in one piece). */
let pages: string[];

before(async () => {
  figures = new Map();
  for (const f of reportFigures(doc).figures) figures.set(f.id, await figureSvg(f, doc.lang));
  const html = String(
    reportPage(doc, figures, { kind: 'print', css: stylesheet(), origin: ORIGIN }),
  );
  pdf = await printPdf(html, {
    chromiumPath: CHROMIUM,
    title: doc.title,
    lang: doc.lang,
    runningHead: doc.runningHead,
    pageLabel: (page, total) => `Page ${page} of ${total}`,
  });
  dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  pdfPath = join(dir, 'report.pdf');
  writeFileSync(pdfPath, pdf);
  pageCount = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdfPath]))?.[1]);
  pages = Array.from({ length: pageCount }, (_, i) =>
    run('pdftotext', ['-raw', '-f', `${i + 1}`, '-l', `${i + 1}`, pdfPath, '-']),
  );
});

after(async () => {
  await closePdfBrowser();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the printed report (PDF)', () => {
  test('is tagged, titled, in the report language, on A4 pages with a running head and page numbers', () => {
    const info = run('pdfinfo', [pdfPath]);
    assert.match(info, /^Tagged:\s+yes$/m);
    assert.match(info, new RegExp(`^Title:\\s+${doc.title}$`, 'm'));
    assert.match(info, /^Page size:\s+594\.\d+ x 841\.\d+ pts \(A4\)$/m);
    assert.ok(pdf.includes(`/Lang (${doc.lang})`), 'the catalogue names the language');
    // The quotes keep their own languages in the tag tree.
    assert.ok(pdf.includes('/Lang (el)') && pdf.includes('/Lang (uk)'));
    assert.ok(pageCount >= 4, `${pageCount} pages`);
    pages.forEach((text, i) => {
      assert.ok(text.includes(doc.runningHead), `page ${i + 1} has the running head`);
      assert.ok(text.includes(`Page ${i + 1} of ${pageCount}`), `page ${i + 1} is numbered`);
    });
  });

  test('prints the headings in the order of the document, and bookmarks them', () => {
    const text = pages.join('\n').replace(/\s+/g, ' ');
    let at = text.indexOf(doc.title.split(' ').slice(-2).join(' '));
    assert.ok(at >= 0, 'the title');
    for (const h of headings(doc.sections)) {
      const next = text.indexOf(` ${h} `, at + 1);
      assert.ok(next > at, `"${h}" comes after the heading before it`);
      at = next;
    }
    const outline = run('pdftohtml', ['-xml', '-i', '-stdout', pdfPath]);
    const items = [...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => m[2]);
    const wanted = headings(doc.sections);
    assert.deepEqual(
      items.filter((i) => wanted.includes(i ?? '')),
      wanted,
      'every section heading is a bookmark, in order',
    );
  });

  test('names every region, quotes Greek and Cyrillic as they are, footnotes links with the absolute address', () => {
    const text = pages.join('\n');
    for (const [, name] of FIXTURE_REGIONS) assert.ok(text.includes(name), name);
    assert.ok(squash(text).includes(squash('Τα δεδομένα υγείας παραμένουν κατακερματισμένα')));
    assert.ok(squash(text).includes(squash('Нам бракує спеціалістів з геноміки')));
    assert.ok(text.includes(`${ORIGIN}/barriers/DA1`), 'a row link as a footnote');
    assert.ok(text.includes(`${ORIGIN}/reports/cross-regional?lang=en`), 'the colophon');
  });

  test('prints the wide table whole on a landscape page: every column header on the page where it starts', () => {
    const table = reportFigures(doc).tables.find((t) => t.wide);
    assert.ok(table, 'the fixture has a wide table');
    const number = reportFigures(doc).tables.indexOf(table) + 1;
    const index = pages.findIndex((p) => p.includes(`Table ${number}.`));
    assert.ok(index >= 0, 'the table is printed');
    const size = run('pdfinfo', ['-f', `${index + 1}`, '-l', `${index + 1}`, pdfPath]);
    const [, w, h] = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(size) ?? [];
    assert.ok(Number(w) > Number(h), `page ${index + 1} is landscape (${w} x ${h})`);
    const page = squash(pages[index] ?? '');
    for (const header of table.header)
      assert.ok(page.includes(squash(header)), `column "${header}"`);
    for (const row of table.rows) {
      const first = row.cells[0];
      if (typeof first === 'string' && first !== '')
        assert.ok(page.includes(first), `row ${first}`);
    }
    // No word of the page lies beyond its right edge (less a margin of 5 mm).
    const boxes = run('pdftotext', [
      '-bbox',
      '-f',
      `${index + 1}`,
      '-l',
      `${index + 1}`,
      pdfPath,
      '-',
    ]);
    const right = Math.max(...[...boxes.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    assert.ok(right < Number(w) - 14, `rightmost word ends at ${right} of ${w} pt`);
  });

  test('the first two pages as PNG screenshots for a look (test-output/report-screens/)', () => {
    mkdirSync(SCREENS, { recursive: true });
    run('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '2', pdfPath, join(SCREENS, 'pdf-page')]);
    for (const n of ['1', '2']) {
      const png = readFileSync(
        join(SCREENS, `pdf-page-${n.padStart(`${pageCount}`.length, '0')}.png`),
      );
      // A4 at 96 dpi: 794 x 1123 pixels.
      assert.equal(png.readUInt32BE(16), 794);
      assert.equal(png.readUInt32BE(20), 1123);
    }
  });

  test('a long wide table splits between rows across landscape pages, its header repeated on each', async () => {
    const table = reportFigures(doc).tables.find((t) => t.wide);
    assert.ok(table);
    const rows = Array.from({ length: 90 }, (_, i) => ({
      cells: [
        `R${i + 1}`,
        `Initiative number ${i + 1} of the appendix`,
        ...table.header.slice(2).map((_, j) => (i * j) % 7),
      ],
    }));
    const long = {
      ...doc,
      sections: [
        { id: 'appendix', heading: 'Appendix', appendix: true, blocks: [{ ...table, rows }] },
      ],
    };
    const html = String(
      reportPage(long, new Map(), { kind: 'print', css: stylesheet(), origin: ORIGIN }),
    );
    const options = {
      chromiumPath: CHROMIUM,
      title: 't',
      lang: 'en',
      runningHead: 'r',
      pageLabel: (p: string, n: string) => `${p}/${n}`,
    };
    // Two at once share the one browser.
    const [a, b] = await Promise.all([printPdf(html, options), printPdf(html, options)]);
    assert.ok(a.length > 0 && b.length > 0);
    const path = join(dir, 'long.pdf');
    writeFileSync(path, a);
    const count = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [path]))?.[1]);
    const texts = Array.from({ length: count }, (_, i) =>
      run('pdftotext', ['-raw', '-f', `${i + 1}`, '-l', `${i + 1}`, path, '-']),
    );
    const withRows = texts.map((text, i) => ({ i, text })).filter((p) => /\bR\d+\b/.test(p.text));
    assert.ok(withRows.length >= 2, `the table spans ${withRows.length} pages`);
    for (const { i, text } of withRows) {
      for (const header of table.header)
        assert.ok(squash(text).includes(squash(header)), `page ${i + 1}: column "${header}"`);
    }
    // Every row is printed once, whole: its code and its last figure on the same page.
    const printed = withRows.flatMap((p) =>
      [...p.text.matchAll(/\bR(\d+)\b/g)].map((m) => Number(m[1])),
    );
    assert.deepEqual(
      printed,
      rows.map((_, i) => i + 1),
    );
  });

  test('printing that takes longer than its timeout stops with a busy error', async () => {
    await assert.rejects(
      printPdf('<p>x</p>', {
        chromiumPath: CHROMIUM,
        title: 't',
        lang: 'en',
        runningHead: 'r',
        pageLabel: (p, n) => `${p}/${n}`,
        timeoutMs: 1,
      }),
      (e: Error & { code?: string }) => e.code === 'busy' && /longer than/.test(e.message),
    );
  });

  test('a missing chromium is a clear error naming CHROMIUM_PATH and the package to install', async () => {
    await assert.rejects(
      printPdf('<p>x</p>', {
        chromiumPath: join(tmpdir(), 'no-such-chromium'),
        title: 't',
        lang: 'en',
        runningHead: 'r',
        pageLabel: (p, n) => `${p}/${n}`,
      }),
      (e: Error) => /CHROMIUM_PATH/.test(e.message) && /apt-get install chromium/.test(e.message),
    );
  });
});

describe('the report page of the atlas', () => {
  let browser: Browser;
  let siteHtml: string;
  before(async () => {
    browser = await launchBrowser();
    siteHtml = String(reportPage(doc, figures, { kind: 'site' }));
  });
  after(async () => {
    await browser?.close();
  });

  /** The page in a context of `width`, its stylesheet served as the atlas serves it. */
  const wide = reportFigures(doc).tables.find((t) => t.wide);

  async function open(width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.route('http://atlas.test/**', (route) => {
      const css = route.request().url().endsWith('/assets/style.css');
      return route.fulfill({
        contentType: css ? 'text/css' : 'text/html',
        body: css ? stylesheet() : siteHtml,
      });
    });
    await page.goto(`http://atlas.test${doc.colophon.href}`);
    return { page, context };
  }

  for (const width of [375, 1280]) {
    test(`at ${width} px: axe-clean, no sideways scrolling, wide tables scroll in a labelled region`, async () => {
      const { page, context } = await open(width);
      try {
        await assertPageBasics(page, `report at ${width} px`);
        const regions = await page.$$eval('.report-table .table-scroll', (els) =>
          els.map((el) => ({
            label:
              document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
            role: el.getAttribute('role'),
            scrolls: el.scrollWidth > el.clientWidth,
          })),
        );
        assert.equal(regions.length, reportFigures(doc).tables.length);
        for (const r of regions) {
          assert.equal(r.role, 'region');
          assert.match(r.label, /^Table \d+\. /);
        }
        if (width === 375)
          assert.ok(
            regions.some((r) => r.scrolls),
            'the wide table scrolls in its region',
          );
        // The figures fit the column.
        const widest = await page.$$eval('.report-svg svg', (els) =>
          Math.max(...els.map((el) => el.getBoundingClientRect().right)),
        );
        assert.ok(widest <= width, `figures end at ${widest} px`);
        mkdirSync(SCREENS, { recursive: true });
        await page.screenshot({ path: join(SCREENS, `site-${width}.png`), fullPage: true });
        await page
          .locator(`#table-${wide?.id}`)
          .screenshot({ path: join(SCREENS, `site-${width}-wide-table.png`) });
      } finally {
        await context.close();
      }
    });
  }

  test('links to the records stay relative, the formats are offered, numbering and anchors hold', async () => {
    const { page, context } = await open(1280);
    try {
      const downloads = await page.$$eval('.report-downloads a', (els) =>
        els.map((a) => a.getAttribute('href')),
      );
      assert.deepEqual(
        downloads,
        ['pdf', 'docx', 'zip'].map((f) => `/reports/cross-regional?lang=en&format=${f}`),
      );
      assert.equal(await page.locator('a[href="/barriers/DA1"]').count(), 1);
      assert.equal(await page.locator('.fn-ref').count(), 0, 'no footnotes on screen');
      const captions = await page.$$eval('caption, figcaption .report-label', (els) =>
        els.map((el) => el.textContent?.trim().split('.')[0]),
      );
      assert.deepEqual(
        captions.filter((c) => c?.startsWith('Table')),
        ['Table 1', 'Table 2', 'Table 3', 'Table 4'],
      );
      assert.deepEqual(
        captions.filter((c) => c?.startsWith('Figure')),
        ['Figure 1', 'Figure 2'],
      );
      // Every in-page link (contents, figure to table) leads to an element of the page.
      const targets = await page.$$eval('a[href^="#"]', (els) =>
        els.map((a) => [
          a.getAttribute('href'),
          !!document.getElementById((a.getAttribute('href') ?? '').slice(1)),
        ]),
      );
      for (const [href, found] of targets) assert.ok(found, `${href} exists`);
      const svgs = await page.$$eval('.report-svg svg', (els) =>
        els.map((el) => [el.getAttribute('role'), el.getAttribute('aria-label')]),
      );
      assert.deepEqual(
        svgs,
        reportFigures(doc).figures.map((f) => ['img', f.alt]),
      );
    } finally {
      await context.close();
    }
  });

  test('the printable document is axe-clean too (it becomes the tagged PDF)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.setContent(
        String(reportPage(doc, figures, { kind: 'print', css: stylesheet(), origin: ORIGIN })),
      );
      await assertNoAxeViolations(page);
      assert.equal(await page.locator('script').count(), 0);
      assert.equal(await page.locator('nav[aria-label]').count(), 0, 'no site navigation');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    } finally {
      await context.close();
    }
  });
});
