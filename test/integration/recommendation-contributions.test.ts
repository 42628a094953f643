import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import jsonld from 'jsonld';
import { contentFromForm, formFromContent } from '../../src/domain/contribution-fields.ts';
import { checkDraft, ENTITY_KINDS } from '../../src/domain/contributions.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createApp } from '../../src/http/app.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { lastChange } from '../../src/repositories/history.ts';
import { listRecommendations } from '../../src/repositories/recommendations.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { recordState, saveDraft } from '../../src/services/contributions.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Recommendations as contributed records (issue 17): a coordinator proposes a change to the
 * recommendation for their region, a curator publishes it, and the page, the API and the history
 * show it; a proposal naming a barrier the codebook does not have is refused with the field and
 * changes nothing. The page's JSON-LD links the barriers' and places' identifiers.
 */

const ORIGIN = 'https://atlas.example.org';
const SLUG = 'es51-alignment-pathways-financing';
const PASSWORD = 'correct horse battery staple';
const NEW_TEXT =
  'Catalonia is advised to line up its initiatives, make clear who decides what, and fund the teaching of personalised medicine for every group that uses it.';

const noFetch = async (url: string): Promise<never> => {
  throw new Error(`a remote document was requested: ${url}`);
};
// biome-ignore lint/suspicious/noExplicitAny: jsonld's option types lag behind its API
const offline: any = { documentLoader: noFetch, safe: true };
const S = 'https://schema.org/';

type Expanded = Record<string, { '@id'?: string; '@value'?: string; '@language'?: string }[]>;

for (const dialect of DIALECTS) {
  describe(`recommendations contributed and as linked data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    const tokens: Record<string, string> = {};
    const api = (method: string, path: string, who?: string, body?: unknown, etag?: string) =>
      app.request(path, {
        method,
        headers: {
          ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(etag ? { 'if-match': etag } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const record = async () => (await listRecommendations(t.db.kysely, SLUG))[0];

    before(async () => {
      t = await dialect.open();
      await seedData(t.db, await readReferenceData(REFERENCE_DIR));
      for (const [who, regions] of [
        ['coordinator', ['ES51']],
        ['sweden', ['SE232']],
        ['curator', []],
      ] as const) {
        const email = `${who}-rec@example.org`;
        await createAccount(
          t.db,
          {
            email,
            password: PASSWORD,
            role: who === 'curator' ? 'curator' : 'coordinator',
            regions: [...regions],
          },
          'cli',
        );
        tokens[who] = (
          await createTokenFor(t.db, email, { name: who, scopes: ['read', 'write'] })
        ).token;
      }
      app = createApp(t.db, { publicUrl: ORIGIN });
    });
    after(() => t?.dispose());

    test('the form of a recommendation reads back the published content unchanged', async () => {
      const published = (await recordState(t.db, { kind: 'visitor' }, 'recommendation', SLUG).catch(
        () => undefined,
      )) as undefined;
      assert.equal(published, undefined, 'a visitor cannot open the draft state');
      const curator = { kind: 'account', id: 0, role: 'admin', regions: [] } as const;
      const state = await recordState(t.db, curator, 'recommendation', SLUG);
      const content = state.published?.content ?? {};
      const again = contentFromForm(
        'recommendation',
        formFromContent('recommendation', content),
        content,
      );
      assert.deepEqual(again, content);
      assert.ok(checkDraft(ENTITY_KINDS.recommendation, again).ok);
      assert.deepEqual(content.barriers, (await record())?.barriers);
    });

    test('propose → publish: the page and the API show the new text, barriers and places, and the history has both versions', async () => {
      const before = await record();
      assert.ok(before);
      const changeBefore = await lastChange(t.db.kysely, 'recommendation', SLUG);
      const page0 = await (await app.request(`/recommendations/${SLUG}`)).text();
      assert.ok(page0.includes(`href="/contribute/recommendations/${SLUG}/edit"`), 'the link');

      // Another region's coordinator may not; the region's coordinator may.
      const refused = await api('PATCH', `/api/v1/recommendations/${SLUG}`, 'sweden', {
        text: NEW_TEXT,
      });
      assert.equal(refused.status, 403, await refused.clone().text());
      const barriers = [...before.barriers.filter((b) => b !== 'B10'), 'B13'].sort();
      const patched = await api('PATCH', `/api/v1/recommendations/${SLUG}`, 'coordinator', {
        text: NEW_TEXT,
        barriers,
        actors: ['healthcare_provider', 'industry'],
      });
      assert.equal(patched.status, 200, await patched.clone().text());
      const draft = (await patched.json()) as { state: string; tag: string; number: number };
      assert.equal(draft.state, 'draft');
      // Until it is published the public record is unchanged.
      assert.equal((await record())?.text, before.text);
      const submitted = await api(
        'POST',
        `/api/v1/recommendations/${SLUG}/submit`,
        'coordinator',
        undefined,
        `"${draft.tag}"`,
      );
      assert.equal(submitted.status, 200, await submitted.clone().text());
      const coordinatorPublish = await api(
        'POST',
        `/api/v1/recommendations/${SLUG}/publish`,
        'coordinator',
      );
      assert.equal(coordinatorPublish.status, 403);
      const published = await api('POST', `/api/v1/recommendations/${SLUG}/publish`, 'curator');
      assert.equal(published.status, 200, await published.clone().text());

      const after = await record();
      assert.equal(after?.text, NEW_TEXT);
      assert.deepEqual(after?.barriers, barriers);
      assert.deepEqual(after?.actors, ['healthcare_provider', 'industry']);
      assert.deepEqual(after?.regions, before.regions);
      assert.equal(after?.version, before.version + 1, 'the versioned upsert wrote a new version');
      const change = await lastChange(t.db.kysely, 'recommendation', SLUG);
      assert.ok(change && change.at > (changeBefore?.at ?? ''), 'the history has the publication');

      const json = (await (await app.request(`/api/v1/recommendations/${SLUG}`)).json()) as {
        text: string;
        barriers: string[];
        version?: number;
      };
      assert.equal(json.text, NEW_TEXT);
      assert.deepEqual([...json.barriers].sort(), barriers);
      const html = await (await app.request(`/recommendations/${SLUG}`)).text();
      assert.ok(html.includes(NEW_TEXT.replace(/'/g, '&#39;')), 'the page shows the new text');
      assert.ok(!html.includes(before.text), 'and no longer the old one');

      const versions = (await (
        await app.request(`/api/v1/recommendations/${SLUG}/versions`)
      ).json()) as {
        total: number;
        items: { version: { number: number; state: string }; changes: { field: string }[] }[];
      };
      assert.equal(versions.total, 2, JSON.stringify(versions));
      assert.deepEqual(
        versions.items.map((i) => [i.version.number, i.version.state]),
        [
          [2, 'published'],
          [1, 'superseded'],
        ],
      );
      assert.deepEqual(versions.items[0]?.changes.map((c) => c.field).sort(), [
        'actors',
        'barriers',
        'text',
      ]);
      const history = await app.request(`/history/recommendations/${SLUG}`);
      assert.equal(history.status, 200);
      assert.ok((await history.text()).includes(NEW_TEXT.slice(0, 40)));
    });

    test('a proposal naming an unknown barrier is refused with the field, and nothing changes', async () => {
      const before = await record();
      const res = await api('PATCH', `/api/v1/recommendations/${SLUG}`, 'coordinator', {
        barriers: ['B01', 'B99'],
      });
      assert.equal(res.status, 422, await res.clone().text());
      const problem = (await res.json()) as {
        detail: string;
        errors: { field: string; message: string }[];
      };
      const field = problem.errors.find((e) => e.field.startsWith('barriers'));
      assert.ok(field, JSON.stringify(problem));
      assert.match(field.message, /"B99" is not a code of this list; choose one of: B01, .*B17/);
      assert.match(problem.detail, /barriers/);
      // The same through the service: an AppError, no draft, the public record as it was.
      await assert.rejects(
        saveDraft(
          t.db,
          { kind: 'account', id: 0, role: 'admin', regions: [] },
          'recommendation',
          SLUG,
          { barriers: ['B99'] },
          { patch: true },
        ),
        (e: unknown) => isAppError(e) && e.code === 'invalid_data',
      );
      const state = await recordState(
        t.db,
        { kind: 'account', id: 0, role: 'admin', regions: [] },
        'recommendation',
        SLUG,
      );
      assert.equal(state.open, undefined, 'no draft was saved');
      assert.deepEqual(await record(), before);
      const versions = (await (
        await app.request(`/api/v1/recommendations/${SLUG}/versions`)
      ).json()) as {
        total: number;
      };
      assert.equal(versions.total, 2);
    });

    test('the edit form: a coordinator changes the text through the page, an unknown barrier is named in the form', async () => {
      const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const browser = new Browser(base);
        assert.equal((await browser.signIn('coordinator-rec@example.org', PASSWORD)).status, 303);
        const path = `/contribute/recommendations/${SLUG}/edit`;
        const page = await browser.fetch(path);
        assert.equal(page.status, 200);
        const html = await page.text();
        for (const name of ['text', 'barriers', 'actors', 'regions'])
          assert.ok(html.includes(`name="${name}"`), `the form has ${name}`);
        const current = (await record()) as NonNullable<Awaited<ReturnType<typeof record>>>;
        const fields = {
          _csrf: await browser.csrf(path),
          ...Object.fromEntries(
            Object.entries(
              formFromContent(
                'recommendation',
                (
                  await recordState(
                    t.db,
                    { kind: 'account', id: 0, role: 'admin', regions: [] },
                    'recommendation',
                    SLUG,
                  )
                ).published?.content ?? {},
              ),
            ).map(([k, v]) => [k, v]),
          ),
        };
        const bad = await browser.post(path, { ...fields, barriers: ['B01', 'B99'] });
        assert.equal(bad.status, 422, 'the form comes back with the problem');
        assert.match(
          await bad.text(),
          /&quot;B99&quot; is not a code of this list|"B99" is not a code of this list/,
        );
        assert.deepEqual(await record(), current, 'nothing changed');
        const text = `${current.text} Through the form.`;
        const saved = await browser.post(path, { ...fields, text });
        assert.equal(saved.status, 303, await saved.clone().text());
        const open = await recordState(
          t.db,
          { kind: 'account', id: 0, role: 'admin', regions: [] },
          'recommendation',
          SLUG,
        );
        assert.equal(open.open?.content.text, text);
        assert.deepEqual(open.open?.content.barriers, current.barriers);
        assert.equal((await record())?.text, current.text, 'the public record waits for review');
      } finally {
        server.close();
      }
    });

    test('the JSON-LD of a recommendation parses offline and links its barriers and places; the page embeds the same', async () => {
      for (const r of await listRecommendations(t.db.kysely)) {
        const res = await app.request(`/recommendations/${r.slug}`, {
          headers: { accept: 'application/ld+json' },
        });
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^application\/ld\+json/);
        assert.match(res.headers.get('vary') ?? '', /Accept/);
        const doc = (await res.json()) as Record<string, unknown>;
        const [node] = (await jsonld.expand(doc as never, offline)) as unknown as Expanded[];
        assert.ok(node);
        assert.equal(
          (node as unknown as { '@id': string })['@id'],
          `${ORIGIN}/recommendations/${r.slug}`,
        );
        assert.deepEqual(
          (node[`${S}about`] ?? []).map((b) => b['@id']).sort(),
          r.barriers.map((b) => `${ORIGIN}/barriers/${b}`).sort(),
          `${r.slug}: the barriers' identifiers`,
        );
        assert.deepEqual(
          (node[`${S}spatialCoverage`] ?? []).map((p) => p['@id']).sort(),
          r.regions.map((g) => `${ORIGIN}/regions/${g}`).sort(),
          `${r.slug}: the places' identifiers`,
        );
        const name = node[`${S}name`]?.[0];
        assert.equal(name?.['@value'], r.title);
        assert.equal(name?.['@language'], r.language, 'the title is tagged with its language');
        assert.equal(node[`${S}text`]?.[0]?.['@language'], r.language);
        assert.equal((node[`${S}audience`] ?? []).length, r.actors.length);
        assert.ok((node[`${S}isBasedOn`] ?? []).length > 0, `${r.slug}: its sources`);
        // The barrier identifiers are those of the barrier pages' own JSON-LD.
        const barrier = r.barriers[0] as string;
        const barrierDoc = (await (
          await app.request(`/barriers/${barrier}`, { headers: { accept: 'application/ld+json' } })
        ).json()) as { '@id': string };
        assert.equal(barrierDoc['@id'], `${ORIGIN}/barriers/${barrier}`);
      }
      const html = await (await app.request(`/recommendations/${SLUG}`)).text();
      const embedded = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)?.[1];
      assert.ok(embedded, 'the page embeds JSON-LD');
      const fromPage = JSON.parse(embedded.replace(/\\u003c/g, '<'));
      const byAccept = await (
        await app.request(`/recommendations/${SLUG}`, {
          headers: { accept: 'application/ld+json' },
        })
      ).json();
      assert.deepEqual(fromPage, byAccept);
    });
  });
}
