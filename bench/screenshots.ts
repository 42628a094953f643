/**
 * Screenshots of the main pages at 1280 px and 375 px, for a person to look at:
 * npm run screenshots [-- --out DIR]. Starts the atlas on a fresh database seeded with the
 * reference data, drives Debian's chromium, writes PNG files and prints their paths.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/helpers/browser.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { startServer } from '../test/helpers/server.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'screenshots' } } });
const out = values.out ?? 'screenshots';
mkdirSync(out, { recursive: true });

const PAGES = [
  ['home', '/'],
  ['list', '/initiatives?q=cancer&status=ongoing'],
  ['region', '/regions/ES51'],
  ['barrier-matrix', '/barriers#matrix-title'],
  ['compare', '/compare?region=ES51&region=SE232&region=EL43'],
] as const;

const server = await startServer(REFERENCE_DIR);
const browser = await launchBrowser();
try {
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, path] of PAGES) {
      await page.goto(`${server.url}${path}`);
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
