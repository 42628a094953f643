/**
 * Prints a report's HTML (web/pages/report.tsx in 'print' mode) to PDF with chromium through
 * playwright-core: A4 pages as the stylesheet sets them (portrait, landscape for wide tables), a
 * running head and "page X of Y" from chromium's header and footer, tagged for assistive
 * technology, with bookmarks from the headings and the document's language.
 *
 * The table of contents gets its page numbers in a second pass: chromium's print cannot fill them
 * (CSS target-counter() is not supported), so the report is first printed quickly (untagged, no
 * bookmarks, no header: the same pages), the page of each heading the contents link to is read
 * from that PDF (its named destinations, with pdfjs-dist), the numbers are written into the
 * contents and the report is printed for good; if the numbers moved a heading (the contents grew
 * by a page), once more. A report whose contents are not printed (a fact sheet) is printed once.
 *
 * One browser serves the process: launched on the first PDF, shared by the next (each PDF in a
 * context of its own), closed after a minute without work. Playwright ends it when the process
 * exits; a command that prints once should call closePdfBrowser() so that it does not wait for
 * the idle minute.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { AppError, busy } from '../domain/errors.ts';

export interface PdfOptions {
  /** The chromium executable (config CHROMIUM_PATH). */
  readonly chromiumPath: string;
  /** The PDF's title (its metadata, and the window title of a reader). */
  readonly title: string;
  /** BCP 47 language of the document, when the HTML does not set one. */
  readonly lang: string;
  /** The running head at the top of every page. */
  readonly runningHead: string;
  /**
   * The words of the page number at the foot of each page, given the page's number and the count
   * of pages (e.g. `(page, total) => t('report.pageLabel', { page, total })`); plain text.
   */
  readonly pageLabel: (page: string, total: string) => string;
  /** How long printing may take before it fails, in milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

/** The flags chromium needs here: no sandbox (containers), no GPU, no network of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

const IDLE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;

let launched: { path: string; browser: Promise<Browser> } | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let printing = 0;

/** The error when there is no chromium to print with: what to install or configure. */
function chromiumMissing(path: string, reason?: string): AppError {
  return new AppError(
    'internal',
    `PDF printing needs chromium, and ${reason ?? `there is none at ${path}`}: install it with "apt-get install chromium" or set CHROMIUM_PATH to its executable`,
    { chromiumPath: path },
  );
}

/** The shared browser, launched on first use (again after it was closed or crashed). */
function browserFor(path: string): Promise<Browser> {
  if (launched && launched.path === path) return launched.browser;
  if (!existsSync(path)) throw chromiumMissing(path);
  if (launched) void closePdfBrowser();
  const browser = chromium
    .launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS })
    .then((b) => {
      b.on('disconnected', () => {
        if (launched?.browser === browser) launched = undefined;
      });
      return b;
    })
    .catch((e: unknown) => {
      if (launched?.browser === browser) launched = undefined;
      throw chromiumMissing(path, `it did not start (${e instanceof Error ? e.message : e})`);
    });
  launched = { path, browser };
  return browser;
}

/** Closes the shared browser (after tests, or when a command has printed what it had to). */
export async function closePdfBrowser(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  const current = launched;
  launched = undefined;
  if (!current) return;
  try {
    await (await current.browser).close();
  } catch {
    // A browser that failed to start or has crashed has nothing left to close.
  }
}

function scheduleIdleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (printing === 0) void closePdfBrowser();
  }, IDLE_MS);
  idleTimer.unref();
}

const escapeHtml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** Chromium's header and footer: small text in the page margins, its page numbers filled in. */
function templates(options: PdfOptions): { headerTemplate: string; footerTemplate: string } {
  const style =
    "box-sizing:border-box;width:100%;padding:0 15mm;font-family:'DejaVu Sans',sans-serif;font-size:8pt;color:#4a5565;display:flex;justify-content:space-between;";
  // The page numbers are spans chromium fills; the label is escaped around them.
  const label = escapeHtml(options.pageLabel('\u0001', '\u0002'))
    .replace('\u0001', '<span class="pageNumber"></span>')
    .replace('\u0002', '<span class="totalPages"></span>');
  return {
    headerTemplate: `<div style="${style}"><span>${escapeHtml(options.runningHead)}</span></div>`,
    footerTemplate: `<div style="${style}justify-content:flex-end;"><span>${label}</span></div>`,
  };
}

/** A4 pages as the stylesheet sets them (portrait, landscape for wide tables), backgrounds printed. */
const PAGES = { format: 'A4', printBackground: true, preferCSSPageSize: true } as const;

/** Loads HTML into the page, as printed. */
async function load(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
}

/** The PDF of what the page holds: tagged, with bookmarks, running head and page numbers. */
function finalPdf(page: Page, options: PdfOptions): Promise<Buffer> {
  return page.pdf({
    ...PAGES,
    tagged: true,
    outline: true,
    displayHeaderFooter: true,
    ...templates(options),
  });
}

/** Prints the report; one that prints its contents gets their page numbers (printNumbered). */
async function print(browser: Browser, html: string, options: PdfOptions): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    await load(page, html);
    const contents = contentsOf(html);
    // A fact sheet's contents are not printed (its bookmarks list its few sections).
    if (!contents || !(await page.locator('nav.report-toc').isVisible()))
      return await finalPdf(page, options);
    return await printNumbered(page, html, contents, options);
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Where the contents are in the HTML and the ids of the headings they link to, in order. */
interface Contents {
  readonly start: number;
  readonly end: number;
  readonly ids: readonly string[];
}

const CONTENTS_START = '<nav class="report-toc"';
const CONTENTS_LINK = /<a href="#([^"]+)">([\s\S]*?)<\/a>/g;

/** The report's contents (web/pages/report.tsx: nav.report-toc), if it has any. */
function contentsOf(html: string): Contents | undefined {
  const start = html.indexOf(CONTENTS_START);
  const end = start < 0 ? -1 : html.indexOf('</nav>', start);
  if (end < 0) return undefined;
  const ids = [...html.slice(start, end).matchAll(CONTENTS_LINK)].map((m) => m[1] ?? '');
  return ids.length > 0 ? { start, end, ids } : undefined;
}

/** How the page numbers of the contents are set: right-aligned after a dotted leader. */
const CONTENTS_CSS = `<style>
.report-toc a { display: flex; align-items: baseline; gap: 0.35em; }
.report-toc-leader { flex: 1 1 auto; min-width: 1.5em; border-bottom: 1px dotted currentColor; }
.report-toc-page { flex: none; font-variant-numeric: tabular-nums; }
</style>`;

/** The HTML with each entry of the contents followed by the page its heading is on. */
function withContentsPages(
  html: string,
  contents: Contents,
  pages: ReadonlyMap<string, number>,
): string {
  const nav = html
    .slice(contents.start, contents.end)
    .replace(CONTENTS_LINK, (whole, id: string, text: string) => {
      const page = pages.get(id);
      if (page === undefined) return whole;
      return `<a href="#${id}"><span class="report-toc-text">${text}</span><span class="report-toc-leader"></span><span class="report-toc-page">${page}</span></a>`;
    });
  const out = `${html.slice(0, contents.start)}${nav}${html.slice(contents.end)}`;
  return out.replace(/<\/head>/i, `${CONTENTS_CSS}</head>`);
}

/**
 * The page (1 = the first) each of `ids` is on in a PDF, from its named destinations (chromium
 * names the target of every link within the document by its id).
 */
async function contentsPages(
  pdf: Uint8Array,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const dests: Record<string, unknown> = await doc.getDestinations();
    const out = new Map<string, number>();
    for (const id of ids) {
      const ref = (dests[id] as unknown[] | undefined)?.[0];
      if (ref && typeof ref === 'object')
        out.set(id, (await doc.getPageIndex(ref as { num: number; gen: number })) + 1);
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

const samePages = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) =>
  a.size === b.size && [...a].every(([id, page]) => b.get(id) === page);

/** How many final prints may settle the contents' page numbers (the second when they moved a heading). */
const SETTLE_PRINTS = 2;

/**
 * Prints the report with the page numbers of its contents: a quick untagged print shows where the
 * headings fall; the contents get those numbers and the report is printed for good; if that moved
 * a heading (the contents grew by a page, which moves them all), it is printed again with the
 * numbers of that print.
 */
async function printNumbered(
  page: Page,
  html: string,
  contents: Contents,
  options: PdfOptions,
): Promise<Buffer> {
  let pages = await contentsPages(await page.pdf(PAGES), contents.ids);
  let pdf: Buffer | undefined;
  for (let n = 0; n < SETTLE_PRINTS; n++) {
    await load(page, withContentsPages(html, contents, pages));
    pdf = await finalPdf(page, options);
    const printed = await contentsPages(pdf, contents.ids);
    if (samePages(printed, pages)) break;
    pages = printed;
  }
  return pdf ?? finalPdf(page, options);
}

/** Sets the document's title and language where the HTML lacks them (they become the PDF's). */
function withTitleAndLang(html: string, options: PdfOptions): string {
  let out = html;
  if (!/<html[^>]*\slang=/i.test(out)) {
    out = out.replace(/<html\b/i, `<html lang="${escapeHtml(options.lang)}"`);
  }
  if (!/<title>/i.test(out)) {
    out = out.replace(/<head>/i, `<head><title>${escapeHtml(options.title)}</title>`);
  }
  return out;
}

/**
 * The PDF of a report's printable HTML. Fails with an AppError naming CHROMIUM_PATH when chromium
 * is missing, and with a `busy` error when printing takes longer than the timeout.
 */
export async function printPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (idleTimer) clearTimeout(idleTimer);
  printing++;
  let timer: NodeJS.Timeout | undefined;
  try {
    const browser = await browserFor(options.chromiumPath);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            busy(
              `printing the PDF took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; try again in a minute, or ask for HTML or DOCX`,
              60,
            ),
          ),
        timeoutMs,
      );
    });
    return await Promise.race([print(browser, withTitleAndLang(html, options), options), timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    printing--;
    if (printing === 0) scheduleIdleClose();
  }
}
