/**
 * Issue 18: country and region names in the reader's language. The partner regions' names come
 * from data/reference/region-names.json (one per region and interface language), the countries'
 * from CLDR; the pages name no reference country in English outside the records' own text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { LOCALES, placeName } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface RegionRecord {
  code: string;
  name: string;
}
const REGIONS = JSON.parse(
  readFileSync(join(REFERENCE_DIR, 'regions.json'), 'utf8'),
) as RegionRecord[];
const NAMES = JSON.parse(
  readFileSync(join(ROOT, 'data/reference/region-names.json'), 'utf8'),
) as Record<string, Record<string, string>>;
const isCountry = (code: string) => /^[A-Z]{2}$/.test(code);
const PARTNERS = REGIONS.filter((r) => !isCountry(r.code));
const OTHERS = LOCALES.filter((l) => l !== 'en');
const englishName = new Map(REGIONS.map((r) => [r.code, r.name]));
// The reference countries by their English names (CLDR's, as the records spell them).
const COUNTRIES = REGIONS.filter((r) => isCountry(r.code) && r.code !== 'EU').map((r) => r.name);

describe('the partner regions’ names (data/reference/region-names.json)', () => {
  test('every region of regions.json that is not a country has a name in every language', () => {
    assert.ok(PARTNERS.length >= 11);
    for (const r of PARTNERS)
      for (const l of OTHERS) {
        const name = NAMES[r.code]?.[l];
        assert.ok(name && name.trim() !== '', `${r.code} has no name in ${l}`);
        assert.equal(placeName(r.code, r.name, l), name, `${r.code} in ${l}`);
      }
    const unknown = Object.keys(NAMES).filter((k) => !k.startsWith('_') && !englishName.has(k));
    assert.deepEqual(unknown, [], 'names of regions regions.json does not hold');
  });

  test('a few names as the languages know them; English keeps the record’s', () => {
    assert.equal(placeName('ES51', 'Catalonia', 'ca'), 'Catalunya');
    assert.equal(placeName('EL43', 'Crete', 'el'), 'Κρήτη');
    assert.equal(placeName('UA-56', 'Rivne oblast', 'uk'), 'Рівненська область');
    assert.equal(placeName('BE2', 'Flanders', 'nl'), 'Vlaanderen');
    assert.equal(placeName('ES51', 'Catalonia', 'en'), 'Catalonia');
    assert.equal(placeName('XX9', 'Nowhere', 'de'), 'Nowhere');
  });
});

/** The page's own words: the records' text (marked English, quoted, or named links) removed. */
function ownText(html: string): string {
  const root = parse(html);
  const record = [
    'script',
    'style',
    '[lang="en"]',
    'q',
    'blockquote',
    'cite',
    '.native-name',
    'a[href^="/good-practices/"]',
    'a[href^="/initiatives/"]',
    'a[href^="/strategies/"]',
  ];
  for (const el of root.querySelectorAll(record.join(','))) el.remove();
  // A strategy's quotation cites its source's section as printed ("Emilia-Romagna, Italy").
  for (const el of root.querySelectorAll('figcaption'))
    if (!el.querySelector('.evidence-kind')) el.remove();
  return root.querySelector('main')?.textContent ?? '';
}

// The strategies' descriptions are the curators' English notes, shown as recorded.
const DESCRIPTIONS = (
  JSON.parse(readFileSync(join(REFERENCE_DIR, 'strategies.json'), 'utf8')) as {
    strategies: { description?: string }[];
  }
).strategies.flatMap((x) => (x.description ? [x.description] : []));

const englishCountries = (page: string) => {
  const text = DESCRIPTIONS.reduce((all, d) => all.split(d).join(' '), page);
  return COUNTRIES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
};

const texts = (els: HTMLElement[]) => els.map((e) => e.textContent.trim());

for (const dialect of DIALECTS) {
  describe(`place names in the interface language on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const app = referenceApp(dialect);
    const page = async (path: string) => {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    test('/regions?lang=uk names every partner region in Ukrainian', async () => {
      const root = parse(await page('/regions?lang=uk'));
      const links = root.querySelectorAll('#regions-table a[href^="/regions/"]');
      assert.ok(links.length > 0);
      for (const a of links) {
        const code = decodeURIComponent(a.getAttribute('href')?.split('/')[2] ?? '');
        if (isCountry(code)) continue;
        assert.equal(a.textContent.trim(), NAMES[code]?.uk, code);
      }
      for (const name of ['Каталонія', 'Рівненська область', 'Крит', 'Фландрія'])
        assert.ok(root.textContent.includes(name), name);
    });

    test('/twinning?region=ES51&lang=el names places in Greek', async () => {
      const html = await page('/twinning?region=ES51&lang=el');
      const root = parse(html);
      assert.equal(root.querySelector('h1')?.textContent.trim().includes('Καταλονία'), true);
      const english = new Set(englishName.values());
      const peers = texts(root.querySelectorAll('[aria-labelledby="twin-peers"] li > a'));
      assert.ok(peers.length > 0);
      for (const name of peers) assert.ok(!english.has(name), name);
      const mentors = texts(root.querySelectorAll('[aria-labelledby="twin-mentors"] li > strong'));
      assert.ok(mentors.length > 0);
      assert.deepEqual(englishCountries(mentors.join(' | ')), [], mentors.join(' | '));
      assert.deepEqual(englishCountries(ownText(html)), []);
    });

    test('the twinning and region pages in el and uk name no reference country in English', async () => {
      for (const path of [
        '/twinning?region=ES51&lang=uk',
        '/regions/ES51?lang=el',
        '/regions/BE2?lang=el',
        '/regions/ITH5?lang=uk',
        '/strategies?lang=uk',
      ]) {
        const text = ownText(await page(path));
        assert.deepEqual(englishCountries(text), [], path);
      }
    });

    test('a quotation attributed to a country names it in the reader’s language', async () => {
      const root = parse(await page('/regions/BE2?lang=el'));
      const captions = texts(root.querySelectorAll('figcaption .evidence-kind'));
      assert.ok(captions.length > 0);
      assert.ok(
        captions.every((c) => c.includes('Βέλγιο')),
        captions.join(' | '),
      );
    });
  });
}
