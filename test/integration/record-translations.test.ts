import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createApp } from '../../src/http/app.ts';
import { TRANSLATION_HEADERS } from '../../src/io/translations-csv.ts';
import { listAllTranslations, listTranslations } from '../../src/repositories/translations.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { regenerateDownloads } from '../../src/services/bulk-downloads.ts';
import { createDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { search } from '../../src/services/search.ts';
import { seedReference } from '../../src/services/seed.ts';
import { proposeTranslation } from '../../src/services/translations.ts';
import { translationStates } from '../helpers/app-readers.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { Browser } from '../helpers/http-session.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';
import { unzipByName } from '../helpers/zip.ts';

/**
 * Translations of records (issue 18): a contributor proposes a Catalan translation of an English
 * initiative, a curator approves it; only then do the Catalan page, search and API show it.
 */

const PASSWORD = 'correct horse battery staple';
const SLUG = 'genome-clinic-network';
const ENGLISH = {
  name: 'Genome clinic network',
  summary: 'A network that brings genome sequencing into the clinics of public hospitals.',
};
const CATALAN = {
  name: 'Xarxa de clíniques genòmiques',
  summary: 'Una xarxa que porta la seqüenciació del genoma a les consultes dels hospitals públics.',
};
const TRANSLATOR = 'Jordi Puig';

async function fails(work: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(isAppError(e), `an AppError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

for (const dialect of DIALECTS) {
  describe(`record translations on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let coordinator: Actor;
    let outsider: Actor;
    let curator: Actor;
    let app: ReturnType<typeof createApp>;
    const page = async (path: string) => (await app.request(path)).text();
    const slugsFound = async (q: string) => (await search(t.db, { q })).hits.map((h) => h.slug);

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      const make = async (email: string, role: 'coordinator' | 'curator', regions: string[]) => {
        const a = await createAccount(t.db, { email, password: PASSWORD, role, regions }, 'cli');
        return { kind: 'account', id: a.id, role, regions } as Actor;
      };
      coordinator = await make('coord-tr@example.org', 'coordinator', ['ES51']);
      outsider = await make('coord-de@example.org', 'coordinator', ['DE1']);
      curator = await make('curator-tr@example.org', 'curator', []);
      await createDraft(
        t.db,
        curator,
        'initiative',
        catalanInitiative(SLUG, { ...ENGLISH, language: 'en' }),
      );
      await moveVersion(t.db, curator, 'initiative', SLUG, 'publish');
      app = createApp(t.db);
    });
    after(async () => t.dispose());

    const proposal = {
      record: 'initiative' as const,
      slug: SLUG,
      language: 'ca',
      ...CATALAN,
      translatedBy: TRANSLATOR,
    };

    test('a translation of a record that is not there, or into its own language, is refused', async () => {
      await fails(
        proposeTranslation(t.db, coordinator, { ...proposal, slug: 'no-such-initiative' }),
        'invalid_data',
        /slug: the atlas has no initiative no-such-initiative/,
      );
      await fails(
        proposeTranslation(t.db, coordinator, { ...proposal, language: 'en' }),
        'invalid_data',
        /language: the initiative is written in en already/,
      );
      await fails(
        proposeTranslation(t.db, coordinator, { ...proposal, language: 'catalan' }),
        'invalid_data',
        /language/,
      );
      // A coordinator of another region may not translate a record of ES51.
      await fails(proposeTranslation(t.db, outsider, proposal), 'forbidden', /ES51/);
      assert.deepEqual(await listTranslations(t.db.kysely, 'initiative', [SLUG]), []);
    });

    test('a proposed translation is submitted for review and shown and found nowhere', async () => {
      const v = await proposeTranslation(t.db, coordinator, proposal);
      assert.equal(v.state, 'submitted');
      assert.equal(v.key, `initiative/${SLUG}/ca`);
      assert.deepEqual(v.regions, ['ES51', 'ES']);
      assert.deepEqual(await listTranslations(t.db.kysely, 'initiative', [SLUG]), []);
      const ca = await page(`/initiatives/${SLUG}?lang=ca`);
      assert.ok(!ca.includes(CATALAN.name), 'the pending name is not shown');
      assert.match(ca, new RegExp(`<h1 lang="en">${ENGLISH.name}</h1>`));
      assert.ok(!(await slugsFound('seqüenciació consultes')).includes(SLUG));
      // The curators' queue lists it as a translation.
      const queue = await app.request('/review?lang=en');
      assert.ok([200, 303].includes(queue.status));
    });

    test('approved by a curator, it is shown in Catalan with lang="ca" and who translated it', async () => {
      const v = await moveVersion(t.db, curator, 'translation', `initiative/${SLUG}/ca`, 'publish');
      assert.equal(v.state, 'published');
      const stored = await listTranslations(t.db.kysely, 'initiative', [SLUG]);
      assert.deepEqual(
        stored.map((r) => [r.field, r.language, r.text, r.translatedBy, r.versionNumber]),
        [
          ['name', 'ca', CATALAN.name, TRANSLATOR, 1],
          ['summary', 'ca', CATALAN.summary, TRANSLATOR, 1],
        ],
      );
      const ca = await page(`/initiatives/${SLUG}?lang=ca`);
      assert.match(ca, new RegExp(`<h1 lang="ca">${stored[0]?.text}</h1>`));
      assert.match(ca, new RegExp(`<p class="lead" lang="ca">${stored[1]?.text}</p>`));
      assert.match(ca, new RegExp(`Traduït per ${TRANSLATOR}\\. Llengua original: Anglès`));
      assert.match(
        ca,
        /Altres llengües: <\/span><a href="\/initiatives\/genome-clinic-network\?lang=en" hreflang="en" lang="en">English<\/a> \(original\)/,
      );
      const en = await page(`/initiatives/${SLUG}?lang=en`);
      assert.match(en, new RegExp(`<h1>${ENGLISH.name}</h1>`));
      assert.ok(!en.includes('Translated by'));
      assert.match(
        en,
        /Other languages: <\/span><a href="\/initiatives\/genome-clinic-network\?lang=ca" hreflang="ca" lang="ca">Català<\/a>/,
      );
    });

    test('a Catalan query finds the record by its translation; an English one still does', async () => {
      assert.ok((await slugsFound('seqüenciació consultes')).includes(SLUG));
      assert.ok((await slugsFound('xarxa genòmiques')).includes(SLUG));
      assert.ok((await slugsFound('genome clinic')).includes(SLUG));
      const list = await page(`/initiatives?q=${encodeURIComponent('seqüenciació')}&lang=ca`);
      assert.ok(list.includes(`/initiatives/${SLUG}`));
    });

    test('the API with lang=ca (or Accept-Language: ca) gives Catalan texts and labels, each text with its language', async () => {
      const stored = await listTranslations(t.db.kysely, 'initiative', [SLUG]);
      const codes = JSON.parse(readFileSync('src/web/i18n/ca/codes.json', 'utf8'));
      const record = await t.db.kysely
        .selectFrom('initiatives')
        .select(['domain', 'structural_type', 'status'])
        .where('slug', '=', SLUG)
        .executeTakeFirstOrThrow();
      for (const init of [
        { path: `/api/v1/initiatives/${SLUG}?lang=ca` },
        { path: `/api/v1/initiatives/${SLUG}`, headers: { 'accept-language': 'ca-ES,ca;q=0.9' } },
      ]) {
        const res = await app.request(init.path, { headers: init.headers ?? {} });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-language'), 'ca');
        const body = await res.json();
        assert.equal(body.name, ENGLISH.name, 'the record itself keeps its own name');
        assert.equal(body.language, 'en');
        assert.deepEqual(body.texts, {
          name: { text: stored[0]?.text, language: 'ca', translatedBy: TRANSLATOR },
          summary: { text: stored[1]?.text, language: 'ca', translatedBy: TRANSLATOR },
        });
        assert.equal(body.labelLanguage, 'ca');
        assert.equal(body.labels.domain, codes.domain[record.domain]);
        assert.equal(body.labels.type, codes.type[record.structural_type]);
        assert.equal(body.labels.status, codes.status[record.status]);
        assert.deepEqual(
          body.translations.map((x: { field: string; language: string; text: string }) => [
            x.field,
            x.language,
            x.text,
          ]),
          stored.map((r) => [r.field, r.language, r.text]),
        );
      }
      const list = await (
        await app.request(`/api/v1/initiatives?q=${encodeURIComponent('seqüenciació')}&lang=ca`)
      ).json();
      const item = list.items.find((h: { slug: string }) => h.slug === SLUG);
      assert.ok(item, 'the Catalan query finds the record through the API');
      assert.deepEqual(item.labels, {
        domain: codes.domain[record.domain],
        type: codes.type[record.structural_type],
        status: codes.status[record.status],
      });
      const en = await (await app.request(`/api/v1/initiatives/${SLUG}?lang=en`)).json();
      assert.deepEqual(en.texts.name, { text: ENGLISH.name, language: 'en' });
      const english = JSON.parse(readFileSync('src/web/i18n/en/codes.json', 'utf8'));
      assert.equal(en.labels.domain, english.domain[record.domain]);
      assert.notEqual(english.domain[record.domain], codes.domain[record.domain]);
      const bad = await app.request(`/api/v1/initiatives/${SLUG}?lang=xx`);
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /lang/);
    });

    test('the JSON-LD holds one language-tagged name per language', async () => {
      const res = await app.request(`/initiatives/${SLUG}`, {
        headers: { accept: 'application/ld+json' },
      });
      const ld = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(ld.name, [
        { '@value': ENGLISH.name, '@language': 'en' },
        { '@value': CATALAN.name, '@language': 'ca' },
      ]);
    });

    test('the bulk download carries every approved translation', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-translations-'));
      try {
        await regenerateDownloads(t.db, { dir });
        const withFiles = createApp(t.db, { downloadsDir: dir });
        const res = await withFiles.request('/downloads/permed-atlas-csv.zip');
        assert.equal(res.status, 200);
        const zip = await unzipByName(Buffer.from(await res.arrayBuffer()));
        const [head, ...rows] = parseCsv(zip.get('translations.csv') as Buffer, {
          bom: true,
        }) as string[][];
        assert.deepEqual(head, [...TRANSLATION_HEADERS]);
        const stored = await listAllTranslations(t.db.kysely);
        assert.equal(stored.length, 2);
        assert.deepEqual(
          rows.map((r) => r.slice(0, 6)),
          stored.map((r) => [r.kind, r.key, r.field, r.language, r.text, r.translatedBy]),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('withdrawn by a curator, the translation is neither shown nor found', async () => {
      await moveVersion(t.db, curator, 'translation', `initiative/${SLUG}/ca`, 'withdraw');
      assert.deepEqual(await listTranslations(t.db.kysely, 'initiative', [SLUG]), []);
      assert.ok(!(await slugsFound('seqüenciació consultes')).includes(SLUG));
      const ca = await page(`/initiatives/${SLUG}?lang=ca`);
      assert.ok(!ca.includes(CATALAN.name));
    });

    test('a German reader is offered the translation form, filled in for the record, and what a coordinator sends waits for review', async () => {
      const link = `/contribute/translations/new?record=initiative&slug=${SLUG}&language=de`;
      const de = await page(`/initiatives/${SLUG}?lang=de`);
      assert.ok(
        de.includes(`href="${link.replaceAll('&', '&amp;')}"`),
        'the German page links the form',
      );
      // No link in the record's own language.
      assert.ok(
        !(await page(`/initiatives/${SLUG}?lang=en`)).includes('/contribute/translations/new'),
      );
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await once(server, 'listening');
      try {
        const browser = new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        assert.equal((await browser.fetch(link)).status, 303, 'a visitor is sent to sign in');
        assert.equal((await browser.signIn('coord-tr@example.org', PASSWORD)).status, 303);
        const form = await (await browser.fetch(link)).text();
        for (const [name, value] of [
          ['record', 'initiative'],
          ['slug', SLUG],
          ['language', 'de'],
        ])
          assert.match(
            form,
            new RegExp(`name="${name}"[^>]*value="${value}"|value="${value}"[^>]*name="${name}"`),
            name,
          );
        const sent = await browser.post('/contribute/translations/new', {
          _csrf: await browser.csrf(link),
          record: 'initiative',
          slug: SLUG,
          language: 'de',
          name: 'Netzwerk genomischer Kliniken',
          translatedBy: 'Anna Schmidt',
        });
        assert.equal(sent.status, 303, await sent.clone().text());
        assert.deepEqual(await translationStates(t.db.kysely, `initiative/${SLUG}/de`), ['draft']);
        assert.ok(
          !(await page(`/initiatives/${SLUG}?lang=de`)).includes('Netzwerk genomischer Kliniken'),
        );
      } finally {
        server.close();
      }
    });
  });
}
