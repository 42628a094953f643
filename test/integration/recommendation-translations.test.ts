import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { listRecommendations } from '../../src/repositories/recommendations.ts';
import { listTranslations } from '../../src/repositories/translations.ts';
import { saveDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedData } from '../../src/services/seed.ts';
import { proposeTranslation } from '../../src/services/translations.ts';
import { newCurator } from '../helpers/accounts.ts';
import { appReaders } from '../helpers/app-readers.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Translations of recommendations (issue 18): a translation of a recommendation's title and text
 * is proposed and reviewed like any other; once published the recommendation's page, the list,
 * the "What is recommended" blocks of its region and barriers and the API show it in the reader's
 * language with its language marked, the original otherwise. A translation records the original
 * it was made from when it is proposed: an original changed while the proposal waits for review
 * leaves the published translation flagged as possibly out of date.
 */

const SLUG = 'es51-alignment-pathways-financing';
const CA = {
  name: 'Alinear les iniciatives, aclarir qui decideix i finançar la formació',
  summary: 'Es recomana a Catalunya alinear les seves iniciatives i finançar la formació.',
};
const DE = {
  name: 'Initiativen abstimmen und Ausbildung finanzieren',
  summary: 'Katalonien wird geraten, seine Initiativen abzustimmen.',
};
const PRACTICE = 'national-genomic-platform-sweden';

/** The element opened by the first `<tag …data-slug="SLUG"` up to its closing `</li>`. */
function itemOf(html: string, slug: string): string {
  const start = html.indexOf(`data-slug="${slug}"`);
  assert.ok(start >= 0, `the page lists ${slug}`);
  return html.slice(start, html.indexOf('</li>', start));
}

for (const dialect of DIALECTS) {
  describe(`translations of recommendations on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let curator: Actor;
    let app: ReturnType<typeof createApp>;
    const { page, json } = appReaders({ request: (path, init) => app.request(path, init) });
    const original = async () => {
      const [r] = await listRecommendations(t.db.kysely, SLUG);
      assert.ok(r);
      return r;
    };
    const propose = (record: 'recommendation' | 'good_practice', slug: string, texts: object) =>
      proposeTranslation(t.db, curator, {
        record,
        slug,
        language: 'de',
        ...DE,
        ...texts,
        translatedBy: 'Jordi Puig',
      });

    before(async () => {
      t = await dialect.open();
      await seedData(t.db, await readReferenceData(REFERENCE_DIR));
      curator = await newCurator(t.db, 'curator-rectr@example.org');
      app = createApp(t.db);
    });
    after(async () => t.dispose());

    test('a proposed translation is shown nowhere until a curator publishes it; then the page shows it with lang and links the original', async () => {
      const r = await original();
      await proposeTranslation(t.db, curator, {
        record: 'recommendation',
        slug: SLUG,
        language: 'ca',
        ...CA,
        translatedBy: 'Jordi Puig',
      });
      const waiting = await page(`/recommendations/${SLUG}?lang=ca`);
      assert.match(waiting, new RegExp(`<h1 lang="en">${r.title}</h1>`));
      assert.ok(!waiting.includes(CA.name));
      await moveVersion(t.db, curator, 'translation', `recommendation/${SLUG}/ca`, 'publish');
      const rows = await listTranslations(t.db.kysely, 'recommendation', [SLUG]);
      assert.deepEqual(
        rows.map((x) => [x.field, x.language, x.text, x.sourceVersion, x.sourceText]),
        [
          ['text', 'ca', CA.summary, r.version, r.text],
          ['title', 'ca', CA.name, r.version, r.title],
        ],
      );
      const ca = await page(`/recommendations/${SLUG}?lang=ca`);
      assert.match(ca, new RegExp(`<h1 lang="ca">${CA.name}</h1>`));
      assert.match(ca, new RegExp(`<p class="lead" lang="ca">${CA.summary}</p>`));
      assert.match(ca, new RegExp(`<a href="/recommendations/${SLUG}\\?lang=en" hreflang="en"`));
      assert.ok(ca.includes('Jordi Puig'), 'it says who translated it');
      assert.ok(!ca.includes('translation-outdated'));
      const en = await page(`/recommendations/${SLUG}?lang=en`);
      assert.match(en, new RegExp(`<h1>${r.title}</h1>`));
      assert.match(en, new RegExp(`<a href="/recommendations/${SLUG}\\?lang=ca" hreflang="ca"`));
      // A language with no translation: the original, marked as English.
      const de = await page(`/recommendations/${SLUG}?lang=de`);
      assert.match(de, new RegExp(`<h1 lang="en">${r.title}</h1>`));
      assert.ok(de.includes('/contribute/translations/new?record=recommendation'));
    });

    test('the list and the "What is recommended" blocks of its region and barriers show the translation', async () => {
      const r = await original();
      const list = itemOf(await page('/recommendations?lang=ca'), SLUG);
      assert.match(list, new RegExp(`<h3 lang="ca"><a href="/recommendations/${SLUG}">${CA.name}`));
      assert.ok(list.includes(`<p class="snippet" lang="ca">${CA.summary}</p>`), list);
      const link = `<a href="/recommendations/${SLUG}" lang="ca">${CA.name}</a>`;
      assert.ok(itemOf(await page('/regions/ES51?lang=ca'), SLUG).includes(link));
      for (const b of r.barriers)
        assert.ok(itemOf(await page(`/barriers/${b}?lang=ca`), SLUG).includes(link), b);
      const de = itemOf(await page('/regions/ES51?lang=de'), SLUG);
      assert.ok(de.includes(`lang="en">${r.title}</a>`), de);
    });

    test('the API gives title and text in the asked language (lang or Accept-Language), each with its language', async () => {
      const r = await original();
      const expected = {
        title: { text: CA.name, language: 'ca', translatedBy: 'Jordi Puig' },
        text: { text: CA.summary, language: 'ca', translatedBy: 'Jordi Puig' },
      };
      const one = await json(`/api/v1/recommendations/${SLUG}?lang=ca`);
      assert.deepEqual(one.texts, expected);
      assert.equal(one.title, r.title, 'the record keeps its own title');
      assert.deepEqual(
        one.translations.map((x: Record<string, unknown>) => [
          x.field,
          x.language,
          x.madeFromVersion,
          x.outdated,
        ]),
        [
          ['text', 'ca', r.version, false],
          ['title', 'ca', r.version, false],
        ],
      );
      const byHeader = await json(`/api/v1/recommendations/${SLUG}`, { 'accept-language': 'ca' });
      assert.deepEqual(byHeader.texts, expected);
      const de = await json(`/api/v1/recommendations/${SLUG}?lang=de`);
      assert.deepEqual(de.texts, {
        title: { text: r.title, language: 'en' },
        text: { text: r.text, language: 'en' },
      });
      const list = await json('/api/v1/recommendations?lang=ca&pageSize=100');
      const item = list.items.find((x: { slug: string }) => x.slug === SLUG);
      assert.deepEqual(item.texts, expected);
      const region = await json('/api/v1/regions/ES51/recommendations?lang=ca');
      const forPlace = region.forPlace.find((x: { slug: string }) => x.slug === SLUG);
      assert.deepEqual(forPlace.texts, expected);
      const barrier = await json(`/api/v1/barriers/${r.barriers[0]}/recommendations?lang=ca`);
      const listed = barrier.recommendations.find((x: { slug: string }) => x.slug === SLUG);
      assert.deepEqual(listed.texts, expected);
    });

    test('when the original text changes, the page and the API flag the translation of that text', async () => {
      const before = await original();
      await saveDraft(
        t.db,
        curator,
        'recommendation',
        SLUG,
        { text: `${before.text} It should also count the results.` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'recommendation', SLUG, 'publish');
      const now = await original();
      assert.ok(now.version > before.version);
      const ca = await page(`/recommendations/${SLUG}?lang=ca`);
      const notice = ca.match(/<p class="notice translation-outdated"[^>]*>/);
      assert.ok(notice, 'the Catalan page flags the translation');
      assert.ok(notice[0].includes('data-outdated="text"'), 'only the text changed');
      const one = await json(`/api/v1/recommendations/${SLUG}?lang=ca`);
      assert.deepEqual(one.texts.text, {
        text: CA.summary,
        language: 'ca',
        translatedBy: 'Jordi Puig',
        outdated: true,
        madeFromVersion: before.version,
      });
      assert.equal(one.texts.title.outdated, undefined, 'the title did not change');
    });

    test('a translation proposed before the original changed is flagged when published after (recommendation)', async () => {
      const proposedOn = await original();
      await propose('recommendation', SLUG, {});
      await saveDraft(
        t.db,
        curator,
        'recommendation',
        SLUG,
        { title: `${proposedOn.title} now` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'recommendation', SLUG, 'publish');
      const changed = await original();
      assert.ok(changed.version > proposedOn.version);
      await moveVersion(t.db, curator, 'translation', `recommendation/${SLUG}/de`, 'publish');
      const rows = await listTranslations(t.db.kysely, 'recommendation', [SLUG], 'de');
      assert.deepEqual(
        rows.map((x) => [x.field, x.sourceVersion, x.sourceText]),
        [
          ['text', proposedOn.version, proposedOn.text],
          ['title', proposedOn.version, proposedOn.title],
        ],
      );
      const de = await json(`/api/v1/recommendations/${SLUG}?lang=de`);
      assert.equal(de.texts.title.outdated, true);
      assert.equal(de.texts.title.madeFromVersion, proposedOn.version);
      assert.equal(de.texts.text.outdated, undefined, 'the text is as it was when translated');
      assert.match(
        await page(`/recommendations/${SLUG}?lang=de`),
        /<p class="notice translation-outdated" data-outdated="title">/,
      );
    });

    test('a translation proposed before the original changed is flagged when published after (good practice)', async () => {
      const practice = async () =>
        t.db.kysely
          .selectFrom('good_practices')
          .select(['version', 'name', 'summary'])
          .where('slug', '=', PRACTICE)
          .executeTakeFirstOrThrow();
      const proposedOn = await practice();
      await propose('good_practice', PRACTICE, {});
      await saveDraft(
        t.db,
        curator,
        'good_practice',
        PRACTICE,
        { summary: `${proposedOn.summary} It now serves every region.` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'good_practice', PRACTICE, 'publish');
      assert.ok((await practice()).version > proposedOn.version);
      await moveVersion(t.db, curator, 'translation', `good_practice/${PRACTICE}/de`, 'publish');
      const rows = await listTranslations(t.db.kysely, 'good_practice', [PRACTICE], 'de');
      assert.deepEqual(
        rows.map((x) => [x.field, x.sourceVersion, x.sourceText]),
        [
          ['name', proposedOn.version, proposedOn.name],
          ['summary', proposedOn.version, proposedOn.summary],
        ],
      );
      const de = await json(`/api/v1/good-practices/${PRACTICE}?lang=de`);
      assert.equal(de.texts.summary.outdated, true);
      assert.equal(de.texts.summary.madeFromVersion, proposedOn.version);
      assert.match(
        await page(`/good-practices/${PRACTICE}?lang=de`),
        /<p class="notice translation-outdated" data-outdated="summary">/,
      );
    });
  });
}
