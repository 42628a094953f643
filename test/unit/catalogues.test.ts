/**
 * The interface catalogues of all 13 languages: complete against English (keys, placeholders,
 * every plural form each language needs), no English key left unused, a review status per
 * language, no visible text written into the pages instead of the catalogue; plural forms,
 * collation and country names work in languages with several plural forms and other scripts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { CONTRIBUTED } from '../../src/domain/contributions.ts';
import {
  compareNames,
  LOCALES,
  localeStatus,
  placeName,
  t,
  withLocale,
} from '../../src/web/i18n.ts';
import { catalogueProblems, flatCatalogue } from '../../tools/catalogue.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name), ext)
      : ext.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('catalogues', () => {
  for (const lang of LOCALES.filter((l) => l !== 'en')) {
    test(`${lang}: every English key, the same placeholders, every plural form`, () => {
      assert.deepEqual(catalogueProblems(lang), []);
    });
  }

  test('every language says who translated it and whether a native speaker reviewed it', () => {
    for (const lang of LOCALES) {
      const s = localeStatus(lang);
      assert.equal(typeof s.reviewedByNativeSpeaker, 'boolean', lang);
      assert.ok(s.translatedBy.length > 0, lang);
    }
  });

  test('every English key is used by the code (literally or through a key built from a prefix)', () => {
    const text = sourceFiles('src', /\.tsx?$/)
      .map((f) => readFileSync(join(ROOT, f), 'utf8'))
      .join('\n');
    const literals = new Set([...text.matchAll(/['"`]([a-zA-Z]+\.[\w.]+)['"`]/g)].map((m) => m[1]));
    const prefixes = [...text.matchAll(/`([a-zA-Z]+\.[\w.]*)\$\{/g)].map((m) => m[1] as string);
    const unused = [...flatCatalogue('en').keys()].filter((key) => {
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
      if (key.startsWith('codes.')) return false; // read through codeLabel(list, code)
      return !literals.has(key) && !literals.has(base) && !prefixes.some((p) => key.startsWith(p));
    });
    assert.deepEqual(unused, []);
  });

  test('every key built from a kind of contribution is in the catalogue (the form titles them all)', () => {
    const en = flatCatalogue('en');
    const missing = CONTRIBUTED.flatMap((kind) =>
      [`contribute.new_${kind}`, `contribute.kind_${kind}`].filter((key) => !en.has(key)),
    );
    assert.deepEqual(missing, []);
  });

  test('pages write no visible text of their own: it comes from the catalogue', () => {
    // Text that is not language: a product name, commands to type, and the hidden field that
    // catches form-filling programs (people never see it).
    const allowed = new Set(['PerMed Atlas (', 'atlas check', 'sha256sum -c', 'Website']);
    const found: string[] = [];
    for (const file of sourceFiles('src/web', /\.tsx$/)) {
      const sf = ts.createSourceFile(
        file,
        readFileSync(join(ROOT, file), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TSX,
      );
      const visit = (node: ts.Node) => {
        let text: string | undefined;
        if (ts.isJsxText(node)) text = node.text.trim();
        else if (
          ts.isJsxAttribute(node) &&
          ['aria-label', 'title', 'placeholder', 'alt'].includes(node.name.getText(sf)) &&
          node.initializer &&
          ts.isStringLiteral(node.initializer)
        )
          text = node.initializer.text;
        if (text && /\p{L}{2,}/u.test(text) && !allowed.has(text)) found.push(`${file}: ${text}`);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    assert.deepEqual(found, []);
  });
});

describe('plural forms', () => {
  // A message given a count, in every plural category of each language.
  const KEY = 'suggest.queueCount';
  for (const lang of ['lt', 'uk', 'ro', 'el'] as const) {
    test(`${lang}: i18next picks the form Intl.PluralRules names, for 0 to 1,000,000`, () => {
      const catalogue = flatCatalogue(lang);
      const rules = new Intl.PluralRules(lang);
      const seen = new Set<string>();
      for (const n of [0, 1, 2, 3, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1000000]) {
        const category = rules.select(n);
        seen.add(category);
        const form = catalogue.get(`${KEY}_${category}`);
        assert.ok(form, `${lang} has ${KEY}_${category}`);
        const shown = withLocale(lang, () => t(KEY, { count: n, n: String(n) }));
        assert.equal(shown, form.replaceAll('{{n}}', String(n)), `${lang} ${n}`);
      }
      const forms = [...seen].map((c) => catalogue.get(`${KEY}_${c}`));
      assert.equal(new Set(forms).size, forms.length, `${lang}: each category has its own wording`);
    });
  }
});

describe("names in the reader's language", () => {
  test('collation follows the language, not the database: Lithuanian y with i, Ukrainian і after и', () => {
    assert.deepEqual(
      ['kas', 'yra', 'jis', 'ir'].sort((a, b) => compareNames(a, b, 'lt')),
      ['ir', 'yra', 'jis', 'kas'],
    );
    assert.deepEqual(
      ['їжак', 'іній', 'ґанок', 'иній', 'гора'].sort((a, b) => compareNames(a, b, 'uk')),
      ['гора', 'ґанок', 'иній', 'іній', 'їжак'],
    );
    // Greek: accents do not change the order.
    assert.deepEqual(
      ['Ρόδος', 'Άρτα', 'Κρήτη', 'Αθήνα'].sort((a, b) => compareNames(a, b, 'el')),
      ['Αθήνα', 'Άρτα', 'Κρήτη', 'Ρόδος'],
    );
  });

  test("country names come from CLDR in the reader's language; regions from region-names.json", () => {
    assert.equal(placeName('IT', 'Italy', 'lt'), 'Italija');
    assert.equal(placeName('EL', 'Greece', 'de'), 'Griechenland');
    assert.equal(placeName('BE', 'Belgium', 'uk'), 'Бельгія');
    assert.equal(placeName('IT', 'Italy', 'en'), 'Italy');
    assert.equal(placeName('ES51', 'Catalonia', 'de'), 'Katalonien');
    assert.equal(placeName('XX1', 'Nowhere', 'de'), 'Nowhere');
    // The home of European bodies is the atlas's own term, from the catalogue.
    assert.equal(
      placeName('EU', 'European Union / international body', 'de'),
      'Europäische Union / internationale Einrichtung',
    );
  });
});
