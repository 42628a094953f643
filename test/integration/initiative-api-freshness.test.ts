import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
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
 * The initiative API flags a translation whose original changed after it was made (issue 18), as
 * the good-practice API does: GET /api/v1/initiatives/{slug} with lang (or Accept-Language) gives
 * `outdated` and `madeFromVersion` on each shown text and on every translation, and the list
 * gives each hit's name in the asked language, flagged the same way.
 */

const SLUG = 'api-freshness-registry';
const ENGLISH = {
  name: 'Freshcheck rare disease registry',
  summary: 'A registry of people with rare diseases that links their genome tests.',
};
const CATALAN = {
  name: 'Registre Freshcheck de malalties rares',
  summary: 'Un registre de persones amb malalties rares que enllaça les seves proves genòmiques.',
};

type Json = Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`outdated translations in the initiative API on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let curator: Actor;
    let app: ReturnType<typeof createApp>;
    // biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field
    const json = async (path: string, headers: Record<string, string> = {}): Promise<any> => {
      const res = await app.request(path, { headers });
      assert.equal(res.status, 200, path);
      return res.json();
    };
    const version = async () =>
      (
        await t.db.kysely
          .selectFrom('initiatives')
          .select('version')
          .where('slug', '=', SLUG)
          .executeTakeFirstOrThrow()
      ).version;
    const edit = async (patch: Json) => {
      await saveDraft(t.db, curator, 'initiative', SLUG, patch, { patch: true });
      await moveVersion(t.db, curator, 'initiative', SLUG, 'publish');
    };
    /** The detail's translations as [field, madeFromVersion, outdated], and the stored rows'. */
    const translationsRead = async (headers: Record<string, string> = {}) => {
      const path = `/api/v1/initiatives/${SLUG}${headers['accept-language'] ? '' : '?lang=ca'}`;
      const body = await json(path, headers);
      return {
        body,
        got: body.translations.map((x: Json) => [x.field, x.madeFromVersion, x.outdated]),
      };
    };
    const listed = async () => {
      const list = await json('/api/v1/initiatives?q=Freshcheck&lang=ca');
      return list.items.find((x: { slug: string }) => x.slug === SLUG);
    };

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      curator = await newCurator(t.db, 'curator-api-fresh@example.org');
      await createDraft(
        t.db,
        curator,
        'initiative',
        catalanInitiative(SLUG, { ...ENGLISH, language: 'en' }),
      );
      await moveVersion(t.db, curator, 'initiative', SLUG, 'publish');
      await proposeTranslation(t.db, curator, {
        record: 'initiative',
        slug: SLUG,
        language: 'ca',
        ...CATALAN,
        translatedBy: 'Jordi Puig',
      });
      await moveVersion(t.db, curator, 'translation', `initiative/${SLUG}/ca`, 'publish');
      app = createApp(t.db);
    });
    after(async () => t.dispose());

    test('a fresh translation: shown in Catalan, made from the current version, not outdated', async () => {
      const made = await version();
      const stored = await listTranslations(t.db.kysely, 'initiative', [SLUG]);
      assert.deepEqual(
        stored.map((r) => [r.field, r.sourceVersion]),
        [
          ['name', made],
          ['summary', made],
        ],
      );
      for (const headers of [{}, { 'accept-language': 'ca-ES,ca;q=0.9' }] as Record<
        string,
        string
      >[]) {
        const { body, got } = await translationsRead(headers);
        assert.deepEqual(body.texts, {
          name: { text: CATALAN.name, language: 'ca', translatedBy: 'Jordi Puig' },
          summary: { text: CATALAN.summary, language: 'ca', translatedBy: 'Jordi Puig' },
        });
        assert.deepEqual(
          got,
          stored.map((r) => [r.field, made, false]),
        );
      }
      const item = await listed();
      assert.deepEqual(item?.texts, {
        name: { text: CATALAN.name, language: 'ca', translatedBy: 'Jordi Puig' },
      });
      const english = await json('/api/v1/initiatives?q=Freshcheck&lang=en');
      assert.deepEqual(english.items.find((x: { slug: string }) => x.slug === SLUG)?.texts, {
        name: { text: ENGLISH.name, language: 'en' },
      });
    });

    test('after the original summary is edited, the summary is outdated with the version it was made from', async () => {
      const made = await version();
      await edit({ summary: `${ENGLISH.summary} It also follows families.` });
      assert.ok((await version()) > made, 'the original has a new version');
      const { body, got } = await translationsRead();
      assert.equal(body.version, await version());
      assert.deepEqual(body.texts.summary, {
        text: CATALAN.summary,
        language: 'ca',
        translatedBy: 'Jordi Puig',
        outdated: true,
        madeFromVersion: made,
      });
      assert.equal(body.texts.name.outdated, undefined, 'the name did not change');
      assert.deepEqual(got, [
        ['name', made, false],
        ['summary', made, true],
      ]);
      assert.equal((await listed())?.texts.name.outdated, undefined);
      const english = await json(`/api/v1/initiatives/${SLUG}?lang=en`);
      assert.equal(english.texts.summary.outdated, undefined, 'the original is never outdated');
      assert.equal(english.texts.summary.language, 'en');
    });

    test('after the original name is edited, the list flags the translated name too', async () => {
      const [translated] = await listTranslations(t.db.kysely, 'initiative', [SLUG], 'ca');
      const made = translated?.sourceVersion;
      assert.equal(typeof made, 'number');
      await edit({ name: `${ENGLISH.name} renewed` });
      const item = await listed();
      assert.deepEqual(item?.texts.name, {
        text: CATALAN.name,
        language: 'ca',
        translatedBy: 'Jordi Puig',
        outdated: true,
        madeFromVersion: made,
      });
      assert.equal(item?.name, `${ENGLISH.name} renewed`, 'the record keeps its own name');
      const { body } = await translationsRead();
      assert.equal(body.texts.name.outdated, true);
      assert.equal(body.texts.name.madeFromVersion, made);
    });
  });
}
