import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { listGoodPractices } from '../../src/repositories/good-practices.ts';
import { listTranslations } from '../../src/repositories/translations.ts';
import { createDraft, saveDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { proposeTranslation } from '../../src/services/translations.ts';
import { newCurator } from '../helpers/accounts.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Translations and their originals (issue 18): a translation records the version of the original
 * it was made from; when the original's text changes later, the page and the API flag the
 * translation as possibly out of date until someone translates the new text. The good-practice
 * API speaks the asked language; list pages show names and summaries in the reader's language.
 */

const SLUG = 'freshness-clinic-network';
const ENGLISH = {
  name: 'Freshness clinic network',
  summary: 'A network of clinics that offers genome tests to people with rare diseases.',
};
const CATALAN = {
  name: 'Xarxa de clíniques de prova',
  summary: 'Una xarxa de clíniques que ofereix proves genòmiques a persones amb malalties rares.',
};
const CHANGED_AT = '2026-11-30T10:00:00.000Z';
const html = (s: string) => s.replaceAll("'", '&#39;');
const caDate = (iso: string) =>
  new Intl.DateTimeFormat('ca', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

for (const dialect of DIALECTS) {
  describe(`translations out of date on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let curator: Actor;
    let app: ReturnType<typeof createApp>;
    let practice: { slug: string; name: string; summary: string | null; version: number };
    const page = async (path: string) => (await app.request(path)).text();
    // biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field
    const json = async (path: string, headers: Record<string, string> = {}): Promise<any> => {
      const res = await app.request(path, { headers });
      assert.equal(res.status, 200, path);
      return res.json();
    };
    const translate = async (
      record: 'initiative' | 'good_practice',
      slug: string,
      texts: object,
    ) => {
      await proposeTranslation(t.db, curator, {
        record,
        slug,
        language: 'ca',
        ...CATALAN,
        ...texts,
        translatedBy: 'Jordi Puig',
      });
      await moveVersion(t.db, curator, 'translation', `${record}/${slug}/ca`, 'publish');
    };
    const version = async (table: 'initiatives' | 'good_practices', slug: string) =>
      t.db.kysely
        .selectFrom(table)
        .select(['version', 'updated_at'])
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      curator = await newCurator(t.db, 'curator-fresh@example.org');
      await createDraft(
        t.db,
        curator,
        'initiative',
        catalanInitiative(SLUG, { ...ENGLISH, language: 'en' }),
      );
      await moveVersion(t.db, curator, 'initiative', SLUG, 'publish');
      for (const [slug, name] of [
        ['gp-fresh-consent', 'Shared consent form for genome tests'],
        ['gp-fresh-other', 'Regional biobank network'],
      ] as const) {
        await createDraft(t.db, curator, 'good_practice', {
          slug,
          name,
          country: 'ES',
          region: 'ES51',
          scope: 'regional',
          language: 'en',
          summary: `${name}: one form and one route for every hospital of the region.`,
          barriers: ['B02', 'B04'],
          sources: [{ source: 'preciseu-d3-1' }],
        });
        await moveVersion(t.db, curator, 'good_practice', slug, 'publish');
      }
      const [first] = await listGoodPractices(t.db.kysely, 'gp-fresh-consent');
      assert.ok(first);
      practice = first;
      app = createApp(t.db);
    });
    after(async () => t.dispose());

    test('a translation records the version of the original it was made from, and is not flagged', async () => {
      await translate('initiative', SLUG, {});
      const made = await version('initiatives', SLUG);
      const rows = await listTranslations(t.db.kysely, 'initiative', [SLUG]);
      assert.deepEqual(
        rows.map((r) => [r.field, r.sourceVersion, r.sourceText]),
        [
          ['name', made.version, ENGLISH.name],
          ['summary', made.version, ENGLISH.summary],
        ],
      );
      const ca = await page(`/initiatives/${SLUG}?lang=ca`);
      assert.match(ca, new RegExp(`<h1 lang="ca">${CATALAN.name}</h1>`));
      assert.ok(!ca.includes('translation-outdated'), 'a fresh translation is not flagged');
    });

    test('when the original text changes, the page flags the translation with the date and a link to update it', async () => {
      const before = await version('initiatives', SLUG);
      await saveDraft(
        t.db,
        curator,
        'initiative',
        SLUG,
        { summary: `${ENGLISH.summary} It also trains nurses.` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'initiative', SLUG, 'publish', { now: CHANGED_AT });
      const now = await version('initiatives', SLUG);
      assert.ok(now.version > before.version, 'the original has a new version');
      const ca = await page(`/initiatives/${SLUG}?lang=ca`);
      const notice = ca.match(/<p class="notice translation-outdated"[^>]*>([\s\S]*?)<\/p>/);
      assert.ok(notice, 'the Catalan page flags the translation');
      const catalogue = JSON.parse(readFileSync('src/web/i18n/ca/translations.json', 'utf8'));
      assert.ok(
        notice[1]?.includes(html(catalogue.outdated.replace('{{date}}', caDate(now.updated_at)))),
        notice[1],
      );
      assert.ok(notice[0].includes('data-outdated="summary"'), 'only the summary changed');
      const edit = `/contribute/translations/${encodeURIComponent(`initiative/${SLUG}/ca`)}/edit`;
      assert.ok(
        notice[1]?.includes(`href="${edit}"`),
        'it links the form to update the translation',
      );
      // The English page shows the original: nothing to flag.
      assert.ok(!(await page(`/initiatives/${SLUG}?lang=en`)).includes('translation-outdated'));
    });

    test('translating the new text clears the flag', async () => {
      await translate('initiative', SLUG, {
        summary: `${CATALAN.summary} També forma infermeres.`,
      });
      const now = await version('initiatives', SLUG);
      const rows = await listTranslations(t.db.kysely, 'initiative', [SLUG]);
      assert.deepEqual([...new Set(rows.map((r) => r.sourceVersion))], [now.version]);
      assert.ok(!(await page(`/initiatives/${SLUG}?lang=ca`)).includes('translation-outdated'));
    });

    test('the good-practice API with lang=ca (or Accept-Language) gives Catalan labels and texts, each with its language', async () => {
      await translate('good_practice', practice.slug, {});
      const codes = JSON.parse(readFileSync('src/web/i18n/ca/codes.json', 'utf8'));
      const stored = await listTranslations(t.db.kysely, 'good_practice', [practice.slug]);
      const [p] = await listGoodPractices(t.db.kysely, practice.slug);
      assert.ok(p);
      for (const [path, headers] of [
        [`/api/v1/good-practices/${practice.slug}?lang=ca`, {}],
        [`/api/v1/good-practices/${practice.slug}`, { 'accept-language': 'ca-ES,ca;q=0.9' }],
      ] as const) {
        const body = await json(path, headers);
        assert.equal(body.name, practice.name, 'the record keeps its own name');
        assert.equal(body.labelLanguage, 'ca');
        assert.deepEqual(
          body.labels.barriers,
          p.barriers.map((b) => codes.barrier[b]),
        );
        assert.equal(body.labels.scope, p.scope ? codes.scope[p.scope] : null);
        assert.deepEqual(body.texts, {
          name: { text: stored[0]?.text, language: 'ca', translatedBy: 'Jordi Puig' },
          summary: { text: stored[1]?.text, language: 'ca', translatedBy: 'Jordi Puig' },
        });
        assert.deepEqual(
          body.translations.map((x: Record<string, unknown>) => [
            x.field,
            x.text,
            x.madeFromVersion,
            x.outdated,
          ]),
          stored.map((r): unknown[] => [r.field, r.text, p.version, false]),
        );
      }
      const en = await json(`/api/v1/good-practices/${practice.slug}?lang=en`);
      assert.deepEqual(en.texts.name, { text: practice.name, language: 'en' });
      const english = JSON.parse(readFileSync('src/web/i18n/en/codes.json', 'utf8'));
      assert.deepEqual(
        en.labels.barriers,
        p.barriers.map((b) => english.barrier[b]),
      );
      // The list answers in the asked language too.
      const list = await json('/api/v1/good-practices?pageSize=100&lang=ca');
      const item = list.items.find((x: { slug: string }) => x.slug === practice.slug);
      assert.deepEqual(item?.texts.name, {
        text: stored[0]?.text,
        language: 'ca',
        translatedBy: 'Jordi Puig',
      });
      const other = list.items.find((x: { slug: string }) => x.slug !== practice.slug);
      assert.equal(
        other?.texts.name.language,
        other?.language,
        'an untranslated practice keeps its own',
      );
    });

    test('when the practice changes, the API flags the translation with the version it was made from; re-translating clears it', async () => {
      const made = practice.version;
      await saveDraft(
        t.db,
        curator,
        'good_practice',
        practice.slug,
        { name: `${practice.name} (renamed)` },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'good_practice', practice.slug, 'publish', {
        now: CHANGED_AT,
      });
      const now = await version('good_practices', practice.slug);
      const body = await json(`/api/v1/good-practices/${practice.slug}?lang=ca`);
      assert.equal(body.version, now.version);
      assert.equal(body.texts.name.outdated, true);
      assert.equal(body.texts.name.madeFromVersion, made);
      assert.equal(body.texts.summary.outdated, undefined, 'the description did not change');
      assert.deepEqual(
        body.translations.map((x: Record<string, unknown>) => [
          x.field,
          x.outdated,
          x.madeFromVersion,
        ]),
        [
          ['name', true, made],
          ['summary', false, made],
        ],
      );
      const ca = await page(`/good-practices/${practice.slug}?lang=ca`);
      assert.ok(ca.includes('data-outdated="name"'), 'the page flags it too');
      await translate('good_practice', practice.slug, { name: `${CATALAN.name} (nou nom)` });
      const again = await json(`/api/v1/good-practices/${practice.slug}?lang=ca`);
      assert.equal(again.texts.name.outdated, undefined);
      assert.deepEqual(
        again.translations.map((x: Record<string, unknown>) => [x.outdated, x.madeFromVersion]),
        [
          [false, now.version],
          [false, now.version],
        ],
      );
      assert.ok(
        !(await page(`/good-practices/${practice.slug}?lang=ca`)).includes('translation-outdated'),
      );
    });

    test('list pages in Catalan show translated names and summaries with lang="ca"', async () => {
      const [init] = await listTranslations(t.db.kysely, 'initiative', [SLUG], 'ca');
      const list = await page(`/initiatives?lang=ca&q=${encodeURIComponent('Freshness')}`);
      assert.match(
        list,
        new RegExp(`<h3 lang="ca"><a href="/initiatives/${SLUG}">${html(init?.text ?? '?')}</a>`),
      );
      const summary = (await listTranslations(t.db.kysely, 'initiative', [SLUG], 'ca')).find(
        (r) => r.field === 'summary',
      );
      assert.ok(list.includes(`<p class="snippet" lang="ca">${html(summary?.text ?? '?')}</p>`));
      const english = await page('/initiatives?lang=en&q=Freshness');
      assert.match(english, new RegExp(`<h3><a href="/initiatives/${SLUG}">`));
      const gp = await listTranslations(t.db.kysely, 'good_practice', [practice.slug], 'ca');
      const practices = await page('/good-practices?lang=ca');
      assert.ok(
        practices.includes(
          `<h3 lang="ca"><a href="/good-practices/${practice.slug}">${html(gp[0]?.text ?? '?')}</a></h3>`,
        ),
      );
      assert.ok(practices.includes(`<p class="snippet" lang="ca">${html(gp[1]?.text ?? '?')}</p>`));
      // Another practice, not translated, keeps its English name marked lang="en".
      const others = (await listGoodPractices(t.db.kysely)).filter((p) => p.slug !== practice.slug);
      assert.ok(practices.includes(`<h3 lang="en"><a href="/good-practices/${others[0]?.slug}">`));
    });
  });
}
