import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'node-html-parser';
import { LOCALE_NAMES, LOCALES, localeStatus, negotiateLocale, tIn } from '../../src/web/i18n.ts';
import { flatCatalogue } from '../../tools/catalogue.ts';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { PAGE_TYPES } from '../helpers/page-types.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

describe('choosing the language', () => {
  test('?lang= wins, then the cookie, then Accept-Language, then English', () => {
    assert.equal(negotiateLocale('es', 'de', 'de-DE'), 'es');
    assert.equal(negotiateLocale(undefined, 'de', 'es'), 'de');
    assert.equal(negotiateLocale(undefined, undefined, 'pt-PT, de;q=0.8, es;q=0.9'), 'es');
    assert.equal(negotiateLocale(undefined, undefined, 'lt-LT, en;q=0.5'), 'lt');
    assert.equal(negotiateLocale(undefined, undefined, 'uk'), 'uk');
    assert.equal(negotiateLocale('xx', 'yy', 'pt, ja'), 'en');
    assert.equal(negotiateLocale(undefined, undefined, 'es;q=0'), 'en');
  });
});

// Every catalogue there is, so a new namespace is checked without a change here.
const NAMESPACES = readdirSync(new URL('../../src/web/i18n/en/', import.meta.url))
  .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
  .map((f) => f.replace(/\.json$/, ''))
  .join('|');
const RAW_KEY = new RegExp(`\\b(${NAMESPACES})\\.[A-Za-z_]+\\b`);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the atlas in its 13 languages (real server, headless chromium)', () => {
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
    // A report's or an API answer's language is not the reader's interface language: a Greek
    // reader who asks for an English fact sheet keeps reading the atlas in Greek.
    for (const path of ['/reports/fact-sheet?region=ES51&lang=en', '/api/v1/barriers?lang=en']) {
      const r = await fetch(`${site.server.url}${path}`, { headers: { cookie: 'lang=el' } });
      await r.arrayBuffer();
      assert.equal(r.headers.get('set-cookie'), null, path);
    }
  });

  // Longer English messages, to find English text left in a page in another language.
  const english = [...flatCatalogue('en')].filter(
    ([, text]) => text.length >= 12 && !text.includes('{{'),
  );

  for (const lang of LOCALES.filter((l) => l !== 'en')) {
    test(`${lang}: every page type translated, no raw keys, no English messages, zero axe violations`, async (t) => {
      const own = flatCatalogue(lang);
      const leftovers = english.filter(([key, text]) => own.get(key) !== text);
      const context = await site.browser.newContext({ bypassCSP: true });
      // A real cookie, as the language menu leaves it: it stays beside the cookies pages set
      // (the sign-in page's), where a cookie header given by hand would be replaced by them.
      await context.addCookies([{ name: 'lang', value: lang, url: site.server.url }]);
      const page = await context.newPage();
      const untranslatedContent: string[] = [];
      for (const path of PAGE_TYPES) {
        await page.goto(`${site.server.url}${path}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang, path);
        // The interface's own text: the page without the parts that say they are in another
        // language (records and descriptions with no translation carry lang="en").
        const text = await page.evaluate(() => {
          const body = document.body.cloneNode(true) as HTMLElement;
          for (const el of Array.from(body.querySelectorAll('[lang]:not([lang=""])')))
            if (el.getAttribute('lang') !== document.documentElement.lang) el.remove();
          for (const el of Array.from(body.querySelectorAll('script, style'))) el.remove();
          // Text nodes apart, so that "account." and the label after it are not one word.
          const parts: string[] = [];
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent ?? '');
          return parts.join('\n');
        });
        assert.doesNotMatch(text, RAW_KEY, path);
        // Whole words only: "administrator" inside Lithuanian "administratoriaus" is not English.
        const left = leftovers.filter(([, english]) =>
          new RegExp(`(?<!\\p{L})${escapeRegExp(english)}(?!\\p{L})`, 'u').test(text),
        );
        assert.deepEqual(left, [], `${lang} ${path}: English messages in the interface`);
        untranslatedContent.push(
          ...(await page.$$eval('main [lang="en"]', (els) =>
            els.map((e) => `${location.pathname}: ${(e.textContent ?? '').trim().slice(0, 60)}`),
          )),
        );
        await assertNoAxeViolations(page);
      }
      // Content with no translation yet (records' own texts) is shown in English, marked so:
      // counted and listed in the test output.
      t.diagnostic(`${lang}: ${untranslatedContent.length} English content blocks`);
      for (const line of untranslatedContent.slice(0, 20)) t.diagnostic(`  ${line}`);
      await context.close();
    });
  }

  test("the About page's language table: each coverage, translation and review as the files have them", async () => {
    const html = await (await fetch(`${site.server.url}/about`)).text();
    const section = parse(html).querySelector('section[aria-labelledby=languages]');
    assert.ok(section);
    const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
    const english = new Set([...flatCatalogue('en').keys()].map(base));
    const rows = section.querySelectorAll('tbody tr');
    assert.equal(rows.length, LOCALES.length);
    for (const row of rows) {
      const lang = row.querySelector('th')?.getAttribute('lang') as (typeof LOCALES)[number];
      const [coverage, content, reviewed] = row.querySelectorAll('td').map((td) => td.text.trim());
      const own = new Set([...flatCatalogue(lang).keys()].map(base));
      const share = [...english].filter((k) => own.has(k)).length / english.size;
      assert.equal(coverage, `${Math.round(share * 100)}%`, lang);
      const translated =
        lang === 'en' || existsSync(join(ROOT, 'data/reference/translations', `${lang}.json`));
      assert.equal(content, translated ? 'yes' : 'no', lang);
      assert.equal(reviewed, localeStatus(lang).reviewedByNativeSpeaker ? 'yes' : 'no', lang);
    }
  });

  test("a page carries only the reader's language: its weight does not grow with the languages", async () => {
    const body = await (await fetch(`${site.server.url}/about?lang=lt`)).text();
    const own = flatCatalogue('lt');
    for (const lang of LOCALES.filter((l) => l !== 'lt')) {
      const other = flatCatalogue(lang);
      // Long messages that differ from Lithuanian: none of them is in the page, but for the
      // language menu's own line per language (each says in its language if it is unreviewed).
      const sent = [...other].filter(
        ([key, text]) =>
          key !== 'layout.notReviewed' &&
          text.length > 40 &&
          own.get(key) !== text &&
          body.includes(text),
      );
      assert.deepEqual(sent, [], `${lang} messages in a Lithuanian page`);
    }
    // No catalogue goes to the browser: the scripts carry no messages.
    assert.doesNotMatch(body, /i18n\/|"translation":/);
  });

  test('the language switcher links the same page in each language', async () => {
    const body = await (await fetch(`${site.server.url}/barriers/B05?lang=de`)).text();
    for (const lang of LOCALES) {
      const link = new RegExp(
        `<a href="/barriers/B05\\?lang=${lang}" lang="${lang}" hreflang="${lang}"( title="([^"]+)")?( aria-current="true")?>${LOCALE_NAMES[lang]}</a>`,
      );
      const m = body.match(link);
      assert.ok(m, `a link to ${lang}`);
      // A language no native speaker has reviewed says so, in that language.
      assert.equal(
        m[2]?.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
        localeStatus(lang).reviewedByNativeSpeaker ? undefined : tIn(lang, 'layout.notReviewed'),
      );
      assert.equal(m[3] !== undefined, lang === 'de', `${lang} is current only on the German page`);
    }
  });
});
