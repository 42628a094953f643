import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { negotiateLocale } from '../../src/web/i18n.ts';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

describe('choosing the language', () => {
  test('?lang= wins, then the cookie, then Accept-Language, then English', () => {
    assert.equal(negotiateLocale('es', 'de', 'de-DE'), 'es');
    assert.equal(negotiateLocale(undefined, 'de', 'es'), 'de');
    assert.equal(negotiateLocale(undefined, undefined, 'fr-FR, de;q=0.8, es;q=0.9'), 'es');
    assert.equal(negotiateLocale('xx', 'yy', 'fr, it'), 'en');
    assert.equal(negotiateLocale(undefined, undefined, 'es;q=0'), 'en');
  });
});

// Every catalogue there is, so a new namespace is checked without a change here.
const NAMESPACES = readdirSync(new URL('../../src/web/i18n/en/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .join('|');
const RAW_KEY = new RegExp(`\\b(${NAMESPACES})\\.[A-Za-z_]+\\b`);

describe('the atlas in Spanish and German (real server, headless chromium)', () => {
  const site = referenceSiteWithBrowser();

  test('?lang= sets the language, remembers it in a cookie, and says so in the headers', async () => {
    const r = await fetch(`${site.server.url}/initiatives?lang=es`);
    assert.equal(r.headers.get('content-language'), 'es');
    assert.match(r.headers.get('set-cookie') ?? '', /lang=es/);
    assert.match(await r.text(), /^<!doctype html><html lang="es">/);
    const again = await fetch(`${site.server.url}/initiatives`, { headers: { cookie: 'lang=de' } });
    assert.match(await again.text(), /<html lang="de">/);
    const accept = await fetch(`${site.server.url}/`, {
      headers: { 'accept-language': 'de-AT,de;q=0.9' },
    });
    assert.match(await accept.text(), /<html lang="de">/);
    const plain = await fetch(`${site.server.url}/`);
    assert.match(await plain.text(), /<html lang="en">/);
  });

  for (const lang of ['es', 'de'] as const) {
    for (const path of [
      '/',
      '/initiatives?q=cancer',
      '/initiatives/atmp-catalonia',
      '/regions',
      '/regions/ES51',
      '/barriers',
      '/barriers/B05',
      '/good-practices',
      '/compare?region=ES51&region=SE232',
      '/twinning?region=ES51',
      '/barriers/prevalence',
      '/data-quality',
      '/about',
      '/downloads',
      '/nothing-here',
    ]) {
      test(`${lang} ${path}: translated shell, no raw keys, zero axe violations`, async () => {
        const context = await site.browser.newContext({
          bypassCSP: true,
          extraHTTPHeaders: { cookie: `lang=${lang}` },
        });
        const page = await context.newPage();
        await page.goto(`${site.server.url}${path}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const text = await page.evaluate(() => document.body.textContent ?? '');
        assert.doesNotMatch(text, RAW_KEY);
        assert.doesNotMatch(
          text,
          /Skip to main content|Good practices|Data quality/,
          'the shell is translated',
        );
        await assertNoAxeViolations(page);
        await context.close();
      });
    }
  }

  test('the language switcher links the same page in each language', async () => {
    const body = await (await fetch(`${site.server.url}/barriers/B05?lang=de`)).text();
    assert.ok(body.includes('<a href="/barriers/B05?lang=es" lang="es" hreflang="es">Español</a>'));
    assert.ok(body.includes('aria-current="true">Deutsch</a>'));
  });
});
