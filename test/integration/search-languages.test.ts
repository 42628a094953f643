/**
 * Search in the partner languages (issue 18), on both databases: each text is stemmed in its
 * own language (a Spanish, a German and a Catalan record found by another form of their words,
 * which neither the English stemmer nor a prefix of the query would give), the Catalan hit shown
 * with lang="ca" on an English page, and sort=name in the reader's collation (Lithuanian,
 * Swedish, Greek and Ukrainian names written for the test).
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Initiative } from '../../src/domain/schemas.ts';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../src/domain/search.ts';
import { createApp } from '../../src/http/app.ts';
import { matchingSlugs, searchInitiatives } from '../../src/search/index.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { search } from '../../src/services/search.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** Records written for the test: slug, language, name, summary. */
const TEXTS: readonly (readonly [string, string, string, string])[] = [
  [
    'lang-es',
    'es',
    'Programa andaluz de secuenciación',
    'Estudios genómicos de pacientes con enfermedades raras en hospitales públicos.',
  ],
  [
    'lang-de',
    'de',
    'Bayerisches Netzwerk für Präzisionsmedizin',
    'Genomik in der Versorgung von Patienten mit seltenen Erkrankungen.',
  ],
  [
    'lang-ca',
    'ca',
    'Registre català de malalties minoritàries',
    'Un registre de pacients amb malalties minoritàries als hospitals de Catalunya.',
  ],
  [
    'lang-bg',
    'bg',
    'Пловдивска програма за биобанкиране',
    'Геномни изследвания на пациенти с редки болести в университетските болници.',
  ],
  [
    'lang-uk',
    'uk',
    'Рівненська мережа персоналізованої медицини',
    'Дослідження геномних даних пацієнтів в обласних лікарнях.',
  ],
];

/** Names for the collation tests, each with a word only they hold ("kolasortas"). */
const NAMES = {
  lt: ['Lipa kolasortas', 'Lyna kolasortas', 'Lina kolasortas'],
  sv: ['Örebro kolasortas', 'Zeta kolasortas', 'Ärlig kolasortas', 'Åland kolasortas'],
  el: ['Ωμέγα kolasortas', 'Βήτα kolasortas', 'Άλφα kolasortas', 'Αθήνα kolasortas'],
  uk: ['Яблуко kolasortas', 'Ґанок kolasortas', 'Гора kolasortas', 'Їжак kolasortas'],
} as const;

function record(slug: string, language: string, name: string, summary: string) {
  return Initiative.parse({ ...catalanInitiative(slug, { name, summary }), language });
}

for (const dialect of DIALECTS) {
  describe(`search in the partner languages on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      const records = [
        ...TEXTS.map(([slug, lang, name, summary]) => record(slug, lang, name, summary)),
        ...Object.entries(NAMES).flatMap(([lang, names]) =>
          names.map((name, k) => record(`sort-${lang}-${k}`, lang, name, 'A name to sort.')),
        ),
      ];
      await t.db.kysely.transaction().execute(async (trx) => {
        for (const r of records) await saveInitiative(trx, r, 'test', '2031-01-02T03:04:05.000Z');
      });
    });
    after(async () => {
      await t?.dispose();
    });

    const found = async (text: string) =>
      (
        await searchInitiatives(t.db, {
          text,
          filters: {},
          sort: 'relevance',
          page: 1,
          pageSize: 20,
        })
      ).hits;

    test('a Spanish record is found by another form of its words ("genómica" finds "genómicos")', async () => {
      const hits = await found('genómica');
      assert.deepEqual(
        hits.map((h) => h.slug),
        ['lang-es'],
      );
      assert.equal(hits[0]?.language, 'es');
      assert.ok(
        hits[0]?.snippet.includes(`${HIGHLIGHT_START}genómicos${HIGHLIGHT_END}`),
        hits[0]?.snippet,
      );
      assert.deepEqual(
        (await found('estudio genómico')).map((h) => h.slug),
        ['lang-es'],
      );
    });

    test('a German record is found by another form of its words ("genomische" finds "Genomik")', async () => {
      assert.deepEqual(
        (await found('genomische')).map((h) => h.slug),
        ['lang-de'],
      );
      assert.deepEqual(
        (await found('Erkrankung')).map((h) => h.slug),
        ['lang-de'],
      );
    });

    test('Bulgarian and Ukrainian records are found by other forms of their words', async () => {
      // Neither database stems these languages: a query word is also looked for as the prefix of
      // its light stem ("изследване" → "изследван…", "персоналізована" → "персоналізован…").
      const cases: [string, string][] = [
        ['изследване', 'lang-bg'],
        ['геномно изследване', 'lang-bg'],
        ['болестта', 'lang-bg'],
        ['персоналізована медицина', 'lang-uk'],
        ['рівненської', 'lang-uk'],
        ['дослідженнями', 'lang-uk'],
      ];
      for (const [text, slug] of cases)
        assert.deepEqual(
          (await found(text)).map((h) => h.slug),
          [slug],
          text,
        );
      // The stem is a prefix of the language's own spelling: Bulgarian "пациентите" finds the
      // Bulgarian "пациенти", not the Ukrainian "пацієнтів".
      assert.deepEqual(
        (await found('пациентите')).map((h) => h.slug),
        ['lang-bg'],
      );
    });

    test('a stem meets only a query stem of the same language', async () => {
      // English stems "genomics" to "genom" too, but the Spanish and German records' stems are
      // Spanish and German: "genomics" is neither a word nor a prefix of a word in them.
      const slugs = (await found('genomics')).map((h) => h.slug);
      assert.ok(!slugs.includes('lang-es') && !slugs.includes('lang-de'), slugs.join(' '));
    });

    test('a Catalan record is found by a Catalan query and shown with lang="ca" on an English page', async () => {
      assert.deepEqual(
        (await found('malaltia minoritària')).map((h) => h.slug),
        ['lang-ca'],
      );
      const app = createApp(t.db);
      const res = await app.request('/initiatives?q=malaltia+minoritaria&lang=en');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<html[^>]*lang="en"/);
      assert.match(html, /<h3 lang="ca"><a href="\/initiatives\/lang-ca">/);
      assert.equal((html.match(/<li class="result">/g) ?? []).length, 1);
    });

    const sorted = async (language: string) =>
      (await search(t.db, { q: 'kolasortas', sort: 'name', pageSize: '100' }, language)).hits.map(
        (h) => h.name.replace(' kolasortas', ''),
      );
    const only = (names: readonly string[], all: readonly string[]) =>
      all.filter((n) => names.some((m) => m.startsWith(n)));

    test('sort=name in Lithuanian puts "y" right after "i"', async () => {
      // Lithuanian takes "y" for a variant of "i": Lyna right after Lina, before Lipa.
      assert.deepEqual(only(NAMES.lt, await sorted('lt')), ['Lina', 'Lyna', 'Lipa']);
      assert.deepEqual(only(NAMES.lt, await sorted('en')), ['Lina', 'Lipa', 'Lyna']);
    });

    test('sort=name in Swedish puts Å, Ä and Ö after Z', async () => {
      assert.deepEqual(only(NAMES.sv, await sorted('sv')), ['Zeta', 'Åland', 'Ärlig', 'Örebro']);
      assert.deepEqual(only(NAMES.sv, await sorted('en')), ['Åland', 'Ärlig', 'Örebro', 'Zeta']);
    });

    test('the page and the API sort by the language the request negotiated, not only ?lang=', async () => {
      const app = createApp(t.db);
      const sv = { 'accept-language': 'sv-SE,sv;q=0.9' };
      const api = (await (
        await app.request('/api/v1/initiatives?q=kolasortas&sort=name&pageSize=100', {
          headers: sv,
        })
      ).json()) as { items: { name: string }[] };
      const names = api.items.map((i) => i.name.replace(' kolasortas', ''));
      assert.deepEqual(only(NAMES.sv, names), ['Zeta', 'Åland', 'Ärlig', 'Örebro']);
      const html = await (
        await app.request('/initiatives?q=kolasortas&sort=name&pageSize=100', { headers: sv })
      ).text();
      const at = (name: string) => html.indexOf(`${name} kolasortas`);
      assert.ok(at('Zeta') > 0 && at('Zeta') < at('Åland'), 'Zeta before Åland on the page');
      assert.ok(at('Ärlig') < at('Örebro'), 'Ärlig before Örebro on the page');
    });

    test('sort=name in Greek and Ukrainian follows their alphabets', async () => {
      assert.deepEqual(only(NAMES.el, await sorted('el')), ['Αθήνα', 'Άλφα', 'Βήτα', 'Ωμέγα']);
      assert.deepEqual(only(NAMES.uk, await sorted('uk')), ['Гора', 'Ґанок', 'Їжак', 'Яблуко']);
    });

    test('a browse by name (every page, no words) and an export list follow the collation', async () => {
      const rows = await sql<{ slug: string; name: string }>`select slug, name from initiatives`
        .execute(t.db.kysely)
        .then((r) => r.rows);
      const collator = new Intl.Collator('sv');
      const names = new Map(rows.map((r) => [r.slug, r.name]));
      const browsed: string[] = [];
      for (let page = 1; browsed.length < rows.length; page++) {
        const r = await search(t.db, { sort: 'name', page: String(page), pageSize: '7' }, 'sv');
        assert.equal(r.total, rows.length);
        assert.ok(r.hits.length > 0);
        browsed.push(...r.hits.map((h) => h.slug));
      }
      assert.equal(new Set(browsed).size, rows.length);
      for (let k = 1; k < browsed.length; k++) {
        const [a, b] = [names.get(browsed[k - 1] ?? ''), names.get(browsed[k] ?? '')];
        assert.ok(collator.compare(a ?? '', b ?? '') <= 0, `${a} before ${b}`);
      }
      const exported = await matchingSlugs(t.db, {
        text: '',
        filters: {},
        sort: 'name',
        page: 1,
        pageSize: 20,
        language: 'sv',
      });
      assert.deepEqual(exported, browsed);
      const filtered = await search(
        t.db,
        { sort: 'name', country: 'ES', pageSize: '100', lang: 'sv' },
        undefined,
      );
      const spanish = browsed.filter((s) => filtered.hits.some((h) => h.slug === s));
      assert.deepEqual(
        filtered.hits.map((h) => h.slug),
        spanish,
      );
      assert.ok(filtered.hits.some((h) => h.slug === 'sort-sv-3'));
    });
  });
}
