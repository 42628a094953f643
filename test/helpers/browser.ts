import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/io/report-pdf.ts';

/** Debian's chromium; .ci/run installs it (apt-get install chromium). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts headless chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: install it with "apt-get install chromium" (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/** A WCAG 2.1 A/AA violation as axe-core reports it, shortened for messages. */
export interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe-core on the page for WCAG 2.0/2.1 levels A and AA. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    const axe = (globalThis as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return (
    result.violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[]
  ).map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** Fails with the list of violations when axe-core finds any on the page. */
export async function assertNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0)
    throw new Error(`axe-core found violations:\n${JSON.stringify(violations, null, 2)}`);
}

/**
 * Starts collecting what a page reports as wrong: console errors, uncaught page errors and
 * Content-Security-Policy violations (listened for by an init script, which the browser installs
 * before any page script, so CSP does not apply to it). Returns a reader of what was seen.
 */
export async function watchPageProblems(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(e.message));
  await page.addInitScript(() => {
    const csp: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = csp;
    document.addEventListener('securitypolicyviolation', (e) =>
      csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return async () => [
    ...seen,
    ...(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)),
  ];
}

/**
 * A page of a new browser context at `width`, signed in through the sign-in form (CSP bypassed
 * only so that axe can be injected).
 */
export async function signedInPage(
  browser: Browser,
  base: string,
  email: string,
  width: number,
  password = 'correct horse battery staple',
): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await page.locator('form.stacked-form button[type=submit]').click();
  await page.waitForURL(/\/account$/);
  return page;
}

/** What every page must be at every width: one h1, no sideways scrolling, zero axe violations. */
export async function assertPageBasics(page: Page, label: string): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px)`);
  await assertNoAxeViolations(page);
}
