import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createApp } from '../../src/http/app.ts';
import { detectLanguage } from '../../src/io/language-detection.ts';
import { listEvidence } from '../../src/repositories/evidence.ts';
import { listGoodPractices } from '../../src/repositories/good-practices.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { createDraft } from '../../src/services/contributions.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { getInitiativeView } from '../../src/services/initiatives.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { search } from '../../src/services/search.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * The language of a record's own texts (issue 18): imports and contributions that give none have
 * it detected from the text, an explicit one is kept, a wrong one is refused, and pages, the API
 * and the linked data say it.
 */

const PASSWORD = 'correct horse battery staple';

const CATALAN_NAME = 'Programa de medicina personalitzada de Catalunya';
const CATALAN_SUMMARY =
  'Un programa que integra la genòmica a la pràctica clínica dels hospitals públics de Catalunya per millorar el diagnòstic dels pacients amb malalties minoritàries.';

const HEADER = 'slug,name,summary,language,home country,scope,status,domain,type';
const row = (slug: string, name: string, summary: string, language = '') =>
  [
    slug,
    name,
    summary,
    language,
    'ES',
    'regional',
    'ongoing',
    'research_innovation',
    'ongoing_project',
  ]
    .map((c) => `"${c.replaceAll('"', '""')}"`)
    .join(',');

/** Asserts that `work` fails with an AppError of `code`. */
async function fails(work: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(isAppError(e), `an AppError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

test('detection: Catalan, German and English texts; too short a text gives no language', async () => {
  assert.equal((await detectLanguage(`${CATALAN_NAME}. ${CATALAN_SUMMARY}`)).language, 'ca');
  assert.equal(
    (await detectLanguage('Ein Programm für personalisierte Medizin in den Kliniken Bayerns'))
      .language,
    'de',
  );
  const short = await detectLanguage('Salut');
  assert.equal(short.language, undefined);
  assert.equal(short.reliable, false);
});

for (const dialect of DIALECTS) {
  describe(`record languages on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let dir = '';
    let coordinator: Actor;
    let curator: Actor;
    let token = '';
    let app: ReturnType<typeof createApp>;

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      dir = mkdtempSync(join(tmpdir(), 'atlas-languages-'));
      const make = async (email: string, role: 'coordinator' | 'curator', regions: string[]) => {
        const a = await createAccount(t.db, { email, password: PASSWORD, role, regions }, 'cli');
        return { kind: 'account', id: a.id, role, regions } as Actor;
      };
      coordinator = await make('coord-lang@example.org', 'coordinator', ['ES51']);
      curator = await make('curator-lang@example.org', 'curator', []);
      token = (
        await createTokenFor(t.db, 'coord-lang@example.org', {
          name: 'script',
          scopes: ['read', 'write'],
        })
      ).token;
      app = createApp(t.db);
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.dispose();
    });

    test('the reference records are in English', async () => {
      const q = t.db.kysely;
      const initiatives = await q.selectFrom('initiatives').select('language').execute();
      assert.ok(initiatives.length > 0);
      assert.deepEqual([...new Set(initiatives.map((i) => i.language))], ['en']);
      const practices = await listGoodPractices(q);
      assert.ok(practices.every((p) => p.language === 'en'));
      const evidence = await listEvidence(q);
      assert.ok(evidence.every((e) => e.language === 'en'));
    });

    test('an import without a language detects Catalan; an explicit language is kept; a short text is en, with a note', async () => {
      const file = join(dir, 'catalan.csv');
      writeFileSync(
        file,
        [
          HEADER,
          row('programa-catalunya', CATALAN_NAME, CATALAN_SUMMARY),
          row('programa-explicit', `${CATALAN_NAME} (còpia)`, CATALAN_SUMMARY, 'es'),
          row('programa-named', `${CATALAN_NAME} (nom)`, CATALAN_SUMMARY, 'Catalan'),
          row('xyz-unit', 'XYZ unit', ''),
        ].join('\n'),
      );
      const planned: { slug: string; changes: string[]; rules: string[]; flags: string[] }[] = [];
      const summary = await importInitiatives(t.db, file, {
        apply: true,
        actor: 'test',
        onRow: (r) =>
          planned.push({
            slug: r.slug,
            changes: r.changes.map((c) => `${c.field}=${c.normalised}`),
            rules: r.changes.map((c) => c.rule),
            flags: r.flags.map((f) => `${f.field}: ${f.problem}`),
          }),
      });
      assert.equal(summary.applied, true, summary.refused);
      const language = async (slug: string) =>
        (await getInitiativeView(t.db, slug)).initiative.language;
      assert.equal(await language('programa-catalunya'), 'ca');
      assert.equal(await language('programa-explicit'), 'es');
      assert.equal(await language('programa-named'), 'ca');
      assert.equal(await language('xyz-unit'), 'en');
      const detected = planned.find((p) => p.slug === 'programa-catalunya');
      assert.ok(detected?.changes.includes('language=ca'), JSON.stringify(detected));
      const fallback = planned.find((p) => p.slug === 'xyz-unit');
      assert.ok(
        fallback?.changes.some((c) => c === 'language=en'),
        JSON.stringify(fallback),
      );
      assert.ok(fallback?.rules.some((r) => /not detected .*too short.*recorded as en/.test(r)));
      assert.ok(
        summary.notes.some((n) => /^1 record gives no language .* recorded as en/.test(n)),
        summary.notes.join('\n'),
      );
    });

    test('an import with a language that is none is blocked and writes nothing', async () => {
      const file = join(dir, 'bad.csv');
      writeFileSync(
        file,
        [HEADER, row('programa-bad', CATALAN_NAME, CATALAN_SUMMARY, 'xx')].join('\n'),
      );
      const summary = await importInitiatives(t.db, file, { apply: true, actor: 'test' });
      assert.equal(summary.applied, false);
      assert.equal(summary.actions.blocked, 1);
      await fails(getInitiativeView(t.db, 'programa-bad'), 'not_found');
    });

    test('the Catalan initiative is found by a Catalan query, and its page marks its text lang="ca"', async () => {
      const found = await search(t.db, { q: 'malalties minoritàries' });
      const hit = found.hits.find((h) => h.slug === 'programa-catalunya');
      assert.ok(hit, found.hits.map((h) => h.slug).join(', '));
      assert.equal(hit.language, 'ca');

      const page = await (await app.request('/initiatives/programa-catalunya?lang=en')).text();
      assert.match(page, new RegExp(`<h1 lang="ca">${CATALAN_NAME}</h1>`));
      assert.match(page, /<p class="lead" lang="ca">Un programa que integra la genòmica/);
      assert.match(page, /Language of this record: Catalan/);

      // On a Catalan page the text is in the page's language: no lang of its own.
      const inCatalan = await (await app.request('/initiatives/programa-catalunya?lang=ca')).text();
      assert.match(inCatalan, new RegExp(`<h1>${CATALAN_NAME}</h1>`));
      assert.match(inCatalan, /Llengua d(&#39;|')aquest registre: Català/);

      const list = await (await app.request('/initiatives?q=malalties&lang=en')).text();
      assert.match(list, /<h3 lang="ca"><a href="\/initiatives\/programa-catalunya">/);
    });

    test('the API gives the language and the JSON-LD tags the texts with it', async () => {
      const api = await app.request('/api/v1/initiatives/programa-catalunya');
      assert.equal(api.status, 200);
      assert.equal((await api.json()).language, 'ca');
      const hits = await (await app.request('/api/v1/initiatives?q=malalties')).json();
      assert.equal(
        hits.items.find((h: { slug: string }) => h.slug === 'programa-catalunya')?.language,
        'ca',
      );

      const ld = await app.request('/initiatives/programa-catalunya', {
        headers: { accept: 'application/ld+json' },
      });
      const doc = await ld.json();
      assert.deepEqual(doc.name, { '@value': CATALAN_NAME, '@language': 'ca' });
      assert.deepEqual(doc.description, { '@value': CATALAN_SUMMARY, '@language': 'ca' });
    });

    test('a contribution without a language is detected; an explicit one is kept', async () => {
      const detected = await createDraft(
        t.db,
        coordinator,
        'initiative',
        catalanInitiative('contrib-ca', { name: CATALAN_NAME, summary: CATALAN_SUMMARY }),
      );
      assert.equal(detected.content.language, 'ca');
      const kept = await createDraft(
        t.db,
        coordinator,
        'initiative',
        catalanInitiative('contrib-it', {
          name: CATALAN_NAME,
          summary: CATALAN_SUMMARY,
          language: 'it',
        }),
      );
      assert.equal(kept.content.language, 'it');
      const short = await createDraft(t.db, coordinator, 'initiative', catalanInitiative('c-x'));
      assert.equal(short.content.language, 'en');
    });

    test("an evidence statement contributed without a language gets its statement's", async () => {
      const draft = await createDraft(t.db, coordinator, 'evidence', {
        key: 'es51-ca-statement',
        statement:
          'Els pacients no saben com donar el seu consentiment per compartir les dades genètiques amb la recerca.',
        barriers: ['B01'],
        region: 'ES51',
        sources: [{ source: 'preciseu-d3-1', section: 'web form' }],
      });
      assert.equal(draft.content.language, 'ca');
    });

    test('a bad language is a 422 naming it, like any invalid field, and nothing is created', async () => {
      const body = catalanInitiative('api-bad-language', {
        name: CATALAN_NAME,
        summary: CATALAN_SUMMARY,
        language: 'catalan',
      });
      const res = await app.request('/api/v1/initiatives', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 422);
      const problem = await res.json();
      assert.match(problem.detail, /language/);
      assert.match(problem.detail, /ISO 639-1/);
      const draft = await app.request('/api/v1/initiatives/api-bad-language/draft', {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(draft.status, 404);
      await fails(
        createDraft(t.db, coordinator, 'initiative', body),
        'invalid_data',
        /language: "catalan" is not an ISO 639-1 language code/,
      );
    });

    test('a good practice published in Catalan shows its language and tags its texts', async () => {
      const practice = {
        slug: 'practica-catalana',
        name: 'Registre compartit de pacients',
        region: 'ES51',
        country: 'ES',
        summary:
          'Un registre compartit entre els hospitals de Catalunya que permet als pacients consultar les seves dades genètiques.',
        barriers: ['B01'],
        sources: [{ source: 'preciseu-d3-1', section: 'web form' }],
      };
      const draft = await createDraft(t.db, coordinator, 'good_practice', practice);
      assert.equal(draft.content.language, 'ca');
      await moveVersion(t.db, coordinator, 'good_practice', practice.slug, 'submit');
      await moveVersion(t.db, curator, 'good_practice', practice.slug, 'publish');
      const page = await (await app.request(`/good-practices/${practice.slug}?lang=en`)).text();
      assert.match(page, /<h1 lang="ca">Registre compartit de pacients<\/h1>/);
      assert.match(page, /Language of this record: Catalan/);
      const ld = await (
        await app.request(`/good-practices/${practice.slug}`, {
          headers: { accept: 'application/ld+json' },
        })
      ).json();
      assert.deepEqual(ld.name, { '@value': practice.name, '@language': 'ca' });
      assert.equal(ld.inLanguage, 'ca');
      const api = await (await app.request(`/api/v1/good-practices/${practice.slug}`)).json();
      assert.equal(api.language, 'ca');
    });
  });
}
