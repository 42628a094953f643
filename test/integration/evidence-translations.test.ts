import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { translationsCsv } from '../../src/io/translations-csv.ts';
import { listEvidence } from '../../src/repositories/evidence.ts';
import { listTranslations } from '../../src/repositories/translations.ts';
import { saveDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedData } from '../../src/services/seed.ts';
import { allTranslations, proposeTranslation } from '../../src/services/translations.ts';
import { newCurator } from '../helpers/accounts.ts';
import { appReaders, translationStates } from '../helpers/app-readers.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Translations of evidence statements (issue 18): a statement's text is proposed in another
 * language and reviewed like any other translation; once published the barrier and region pages
 * and the evidence API show it in the reader's language with its language marked, who translated
 * it and links to its other languages, the original otherwise. The quotation is the source's own
 * words and stays as printed. A change of the original flags the translation as possibly out of
 * date.
 */

const KEY = 'b04-crete-1';
const CA =
  'Donar el consentiment és complicat, els tràmits són feixucs i ofereixen poques opcions digitals, no hi ha consentiment dinàmic i els pacients no poden canviar ni retirar fàcilment les seves decisions.';

/** The statement's list item on a page: from its `data-key` to its closing `</li>`. */
function itemOf(html: string): string {
  const start = html.indexOf(`data-key="${KEY}"`);
  assert.ok(start >= 0, `the page lists ${KEY}`);
  return html.slice(start, html.indexOf('</li>', start));
}

for (const dialect of DIALECTS) {
  describe(`translations of evidence statements on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let curator: Actor;
    let app: ReturnType<typeof createApp>;
    const { page, json } = appReaders({ request: (path, init) => app.request(path, init) });
    const original = async () => {
      const [e] = await listEvidence(t.db.kysely, { key: KEY });
      assert.ok(e);
      const { version } = await t.db.kysely
        .selectFrom('evidence')
        .select('version')
        .where('key', '=', KEY)
        .executeTakeFirstOrThrow();
      return { ...e, version: Number(version) };
    };

    before(async () => {
      t = await dialect.open();
      await seedData(t.db, await readReferenceData(REFERENCE_DIR));
      curator = await newCurator(t.db, 'curator-evtr@example.org');
      app = createApp(t.db);
    });
    after(async () => t.dispose());

    test('a proposal gives the statement as its long text: a name is refused, the statement required', async () => {
      const base = { record: 'evidence' as const, slug: KEY, language: 'ca', translatedBy: 'X' };
      await assert.rejects(
        proposeTranslation(t.db, curator, { ...base, name: 'Consentiment', summary: CA }),
        /evidence statement has no name; write its translated statement in summary/,
      );
      await assert.rejects(
        proposeTranslation(t.db, curator, base),
        /write the translated statement of an evidence statement in summary/,
      );
      await assert.rejects(
        proposeTranslation(t.db, curator, { ...base, language: 'en', summary: CA }),
        /written in en already/,
      );
    });

    test('a proposed translation is shown nowhere until published; then the barrier and region pages show it with lang, who translated it and the other versions', async () => {
      const e = await original();
      await proposeTranslation(t.db, curator, {
        record: 'evidence',
        slug: KEY,
        language: 'ca',
        summary: CA,
        translatedBy: 'Jordi Puig',
      });
      assert.ok(!(await page('/barriers/B04?lang=ca')).includes(CA), 'not before review');
      await moveVersion(t.db, curator, 'translation', `evidence/${KEY}/ca`, 'publish');
      const rows = await listTranslations(t.db.kysely, 'evidence', [KEY]);
      assert.deepEqual(
        rows.map((x) => [x.field, x.language, x.text, x.sourceVersion, x.sourceText]),
        [['statement', 'ca', CA, e.version, e.statement]],
      );
      const ca = itemOf(await page('/barriers/B04?lang=ca'));
      assert.ok(ca.includes(`<span lang="ca">${CA}</span>`), ca);
      assert.ok(!ca.includes(e.statement), 'the original is not shown beside it');
      assert.match(ca, /class="record-language muted translation-note">[^<]*Jordi Puig/);
      assert.ok(
        ca.includes(`<a href="/barriers/B04?lang=en#statement-${KEY}" hreflang="en" lang="en">`),
        'it links the original',
      );
      // The quotation is the source's own words: as printed, in its own language.
      assert.ok(ca.includes(`<blockquote lang="en">${e.quote?.text}</blockquote>`));
      assert.ok(!ca.includes('translation-outdated'));
      const regionPage = await page('/regions/EL43?lang=ca');
      const region = itemOf(regionPage);
      assert.ok(region.includes(`<span lang="ca">${CA}</span>`), region);
      // Anchored at its listing, so its other languages lead back to it, not to the page's top.
      assert.ok(regionPage.includes(`<li id="statement-${KEY}" class="evidence"`));
      assert.ok(region.includes(`<a href="/regions/EL43?lang=en#statement-${KEY}" hreflang="en"`));
      const en = itemOf(await page('/barriers/B04?lang=en'));
      assert.ok(en.includes(`<span>${e.statement}</span>`), en);
      assert.ok(en.includes(`<a href="/barriers/B04?lang=ca#statement-${KEY}" hreflang="ca"`));
      // A language with no translation: the original, marked as English, and a link to translate it.
      const de = itemOf(await page('/barriers/B04?lang=de'));
      assert.ok(de.includes(`<span lang="en">${e.statement}</span>`), de);
      assert.ok(de.includes('/contribute/translations/new?record=evidence&amp;slug=b04-crete-1'));
      assert.ok(!de.includes('Jordi Puig'));
    });

    test('the API gives the statement in the asked language (lang or Accept-Language), with its language and the translations', async () => {
      const e = await original();
      const expected = { statement: { text: CA, language: 'ca', translatedBy: 'Jordi Puig' } };
      const barrier = await json('/api/v1/barriers/B04?lang=ca');
      const listed = barrier.evidence.find((x: { key: string }) => x.key === KEY);
      assert.deepEqual(listed.texts, expected);
      assert.equal(listed.statement, e.statement, 'the record keeps its own statement');
      assert.equal(listed.language, 'en');
      assert.deepEqual(
        listed.translations.map((x: Record<string, unknown>) => [
          x.field,
          x.language,
          x.text,
          x.madeFromVersion,
          x.outdated,
        ]),
        [['statement', 'ca', CA, e.version, false]],
      );
      const one = await json(`/api/v1/evidence/${KEY}`, { 'accept-language': 'ca' });
      assert.deepEqual(one.texts, expected);
      const list = await json('/api/v1/evidence?barrier=B04&lang=ca&pageSize=100');
      assert.deepEqual(list.items.find((x: { key: string }) => x.key === KEY).texts, expected);
      const de = await json(`/api/v1/evidence/${KEY}?lang=de`);
      assert.deepEqual(de.texts, { statement: { text: e.statement, language: 'en' } });
    });

    test('the bulk download table of translations holds the statement', async () => {
      const csv = translationsCsv(await allTranslations(t.db)).toString('utf8');
      assert.ok(csv.includes(`evidence,${KEY},statement,ca,`), csv.slice(0, 400));
    });

    test('when the statement changes, the page and the API flag its translation as possibly out of date', async () => {
      const before = await original();
      await saveDraft(
        t.db,
        curator,
        'evidence',
        KEY,
        { statement: `${before.statement} Paper forms are still the rule.` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'evidence', KEY, 'publish');
      const now = await original();
      assert.ok(now.version > before.version);
      const ca = itemOf(await page('/barriers/B04?lang=ca'));
      assert.ok(ca.includes(`<span lang="ca">${CA}</span>`), 'the translation is still shown');
      assert.match(ca, /<p class="notice translation-outdated" data-outdated="statement">/);
      assert.ok(ca.includes(`/contribute/translations/evidence%2F${KEY}%2Fca/edit`));
      const one = await json(`/api/v1/evidence/${KEY}?lang=ca`);
      assert.deepEqual(one.texts.statement, {
        text: CA,
        language: 'ca',
        translatedBy: 'Jordi Puig',
        outdated: true,
        madeFromVersion: before.version,
      });
      assert.equal(one.translations[0].outdated, true);
    });

    test("the translation form for a statement asks for the statement only, under the record's label, and what is sent waits for review", async () => {
      const link = `/contribute/translations/new?record=evidence&slug=${KEY}&language=de`;
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await once(server, 'listening');
      try {
        const browser = new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        assert.equal((await browser.signIn('curator-evtr@example.org', TEST_PASSWORD)).status, 303);
        const form = await (await browser.fetch(link)).text();
        assert.ok(!form.includes('name="name"'), 'a statement has no name to translate');
        assert.match(form, /<label for="field-summary">Statement \*<\/label>/);
        // The text to translate is on the form, as the record has it now, in its language.
        const { statement, language } = await original();
        assert.ok(form.includes('The original (English), to translate'), form);
        assert.ok(form.includes(`<dt>Statement</dt><dd lang="${language}">${statement}</dd>`));
        // Hints for a translator, not those written for a record's author.
        assert.ok(
          form.includes('complete and faithful'),
          'the text field asks for a faithful translation',
        );
        assert.ok(!form.includes('In your own words'), form);
        assert.ok(!form.includes('It cannot change later'), form);
        const sent = await browser.post('/contribute/translations/new', {
          _csrf: await browser.csrf(link),
          record: 'evidence',
          slug: KEY,
          language: 'de',
          name: '',
          summary: 'Die Einwilligung ist kompliziert.',
          translatedBy: 'Anna Schmidt',
        });
        assert.equal(sent.status, 303, await sent.clone().text());
        assert.deepEqual(await translationStates(t.db.kysely, `evidence/${KEY}/de`), ['draft']);
        assert.ok(!(await page('/barriers/B04?lang=de')).includes('Die Einwilligung'));
      } finally {
        server.close();
      }
    });
  });
}
