import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/http/app.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { seedReference } from '../../src/services/seed.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';

const NEW = catalanInitiative('http-registry', {
  name: 'Regional rare-disease registry',
  sources: [{ source: 'preciseu-d3-1', section: 'contributed through the API' }],
});

for (const dialect of DIALECTS) {
  describe(`write API on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let base = '';
    let close: () => void = () => {};
    const tokens: Record<string, string> = {};

    /** A request to the API with a token (by role) and a JSON body. */
    const call = apiCaller(() => base, tokens);

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      const people = [
        ['coordinator', 'coord-api@example.org', ['ES51'], 'read,write'],
        ['sweden', 'sweden-api@example.org', ['SE232'], 'read,write'],
        ['curator', 'curator-api@example.org', [], 'read,write'],
        ['reader', 'reader-api@example.org', ['ES51'], 'read'],
      ] as const;
      for (const [who, email, regions, scopes] of people) {
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
          await createTokenFor(t.db, email, {
            name: who,
            scopes: scopes.split(',') as ('read' | 'write')[],
          })
        ).token;
      }
      const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => server.close();
    });
    after(async () => {
      close();
      await t.dispose();
    });

    test('create → submit → publish: 201 with Location and ETag, and the record is public only at the end', async () => {
      const listed = async () =>
        (await (await call('GET', '/api/v1/initiatives?pageSize=1', undefined)).json()).total;
      const before = await listed();
      const created = await call('POST', '/api/v1/initiatives', 'coordinator', NEW, {
        'idempotency-key': 'create-1',
      });
      assert.equal(created.status, 201, await created.clone().text());
      assert.equal(created.headers.get('location'), '/api/v1/initiatives/http-registry/draft');
      const body = await created.json();
      // Compression may weaken the ETag (W/); If-Match takes either form.
      assert.equal(created.headers.get('etag')?.replace(/^W\//, ''), `"${body.tag}"`);
      assert.equal(body.state, 'draft');

      // A retry with the same key answers the same draft; another body under that key is refused.
      const again = await call('POST', '/api/v1/initiatives', 'coordinator', NEW, {
        'idempotency-key': 'create-1',
      });
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await again.json(), body);
      const reused = await call(
        'POST',
        '/api/v1/initiatives',
        'coordinator',
        { ...NEW, name: 'x' },
        {
          'idempotency-key': 'create-1',
        },
      );
      assert.equal(reused.status, 409);

      assert.equal((await call('GET', '/api/v1/initiatives/http-registry', undefined)).status, 404);
      assert.equal(await listed(), before, 'a draft is not in the public list');
      const drafts = await call('GET', '/api/v1/initiatives/http-registry/draft', undefined);
      assert.equal(drafts.status, 401);

      const submitted = await call(
        'POST',
        '/api/v1/initiatives/http-registry/submit',
        'coordinator',
        undefined,
        {
          'if-match': `"${body.tag}"`,
        },
      );
      assert.equal(submitted.status, 200, await submitted.clone().text());
      assert.equal((await submitted.json()).state, 'submitted');
      const refused = await call(
        'POST',
        '/api/v1/initiatives/http-registry/publish',
        'coordinator',
      );
      assert.equal(refused.status, 403);
      const published = await call('POST', '/api/v1/initiatives/http-registry/publish', 'curator', {
        note: 'checked against the registry website',
      });
      assert.equal(published.status, 200, await published.clone().text());
      const live = await call('GET', '/api/v1/initiatives/http-registry', undefined);
      assert.equal(live.status, 200);
      assert.equal((await live.json()).name, NEW.name);
      assert.equal(await listed(), before + 1);
      const history = await (
        await call('GET', '/api/v1/initiatives/http-registry/versions', undefined)
      ).json();
      assert.equal(history.total, 1);
      assert.equal(history.items[0].version.state, 'published');
    });

    test('PATCH makes a draft beside the published record; a stale If-Match is a 409 and loses nothing', async () => {
      const first = await call('PATCH', '/api/v1/initiatives/atmp-catalonia', 'coordinator', {
        acronym: 'ATMP-CAT',
      });
      assert.equal(first.status, 200, await first.clone().text());
      const tag = first.headers.get('etag') ?? '';
      const second = await call(
        'PATCH',
        '/api/v1/initiatives/atmp-catalonia',
        'curator',
        { acronym: 'XCAT' },
        {
          'if-match': tag,
        },
      );
      assert.equal(second.status, 200);
      const stale = await call(
        'PATCH',
        '/api/v1/initiatives/atmp-catalonia',
        'coordinator',
        { acronym: 'LOST?' },
        {
          'if-match': tag,
        },
      );
      assert.equal(stale.status, 409);
      assert.match((await stale.json()).detail, /saved by someone else/);
      const draft = await (
        await call('GET', '/api/v1/initiatives/atmp-catalonia/draft', 'coordinator')
      ).json();
      assert.equal(draft.content.acronym, 'XCAT');
      const live = await (
        await call('GET', '/api/v1/initiatives/atmp-catalonia', undefined)
      ).json();
      assert.notEqual(live.acronym, 'XCAT', 'the public keeps the published version');
    });

    test('invalid content is a 422 naming each field; rights by region, scope and sign-in', async () => {
      const bad = await call('POST', '/api/v1/initiatives', 'coordinator', {
        ...NEW,
        slug: 'bad-one',
        website: 'javascript:alert(1)',
        status: 'sleeping',
      });
      assert.equal(bad.status, 422);
      const problem = await bad.json();
      assert.equal(problem.code, 'invalid_data');
      assert.deepEqual(problem.errors.map((e: { field: string }) => e.field).sort(), [
        'status',
        'website',
      ]);
      const foreign = await call('POST', '/api/v1/initiatives', 'sweden', {
        ...NEW,
        slug: 'foreign',
      });
      assert.equal(foreign.status, 403);
      const readOnly = await call('POST', '/api/v1/initiatives', 'reader', { ...NEW, slug: 'ro' });
      assert.equal(readOnly.status, 403);
      assert.match((await readOnly.json()).detail, /write scope/);
      const anonymous = await call('POST', '/api/v1/initiatives', undefined, {
        ...NEW,
        slug: 'anon',
      });
      assert.equal(anonymous.status, 401);
      const notJson = await fetch(`${base}/api/v1/initiatives`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.coordinator}`, 'content-type': 'text/plain' },
        body: 'slug=x',
      });
      assert.equal(notJson.status, 400);
      for (const slug of ['bad-one', 'foreign', 'ro', 'anon']) {
        const r = await call('GET', `/api/v1/initiatives/${slug}/draft`, 'curator');
        assert.equal(r.status, 404, `${slug} was not stored`);
      }
      // Other methods stay closed.
      assert.equal(
        (await call('DELETE', '/api/v1/initiatives/atmp-catalonia', 'curator')).status,
        405,
      );
    });

    test('good practices and evidence go the same way', async () => {
      const gp = await call('POST', '/api/v1/good-practices', 'coordinator', {
        slug: 'api-practice',
        name: 'Regional biobank network',
        region: 'ES51',
        country: 'ES',
        summary: 'Hospitals of the region share one biobank catalogue.',
        barriers: ['B01'],
        sources: [{ source: 'preciseu-d3-1' }],
      });
      assert.equal(gp.status, 201, await gp.clone().text());
      const ev = await call('POST', '/api/v1/evidence', 'curator', {
        key: 'api-evidence',
        statement: 'Data from different hospitals cannot be linked.',
        barriers: ['B01'],
        region: 'ES51',
        sources: [{ source: 'preciseu-d3-1' }],
      });
      assert.equal(ev.status, 201, await ev.clone().text());
      const pub = await call('POST', '/api/v1/evidence/api-evidence/publish', 'curator');
      assert.equal(pub.status, 200, await pub.clone().text());
      const live = await call('GET', '/api/v1/evidence/api-evidence', undefined);
      assert.equal(live.status, 200);
    });

    test('regional reports, interview figures and workshops: addressed by region and campaign or key', async () => {
      const campaign = 'preciseu-barrier-mapping-2025';
      const engagement = async () =>
        (await call('GET', '/api/v1/engagement', undefined)).json() as Promise<{
          interviews: { region: string; campaign: string; printedTotal: number | null }[];
          workshops: { key: string }[];
        }>;
      const row = (await engagement()).interviews.find((r) => r.region === 'ES51');
      assert.ok(row, 'the reference data has an ES51 interview row');
      const one = `/api/v1/interview-rows/ES51/${campaign}`;
      const changed = await call('PATCH', one, 'coordinator', {
        printedTotal: (row.printedTotal ?? 0) + 1,
      });
      assert.equal(changed.status, 200, await changed.clone().text());
      const draft = await changed.json();
      assert.equal(draft.key, `ES51/${campaign}`);
      assert.equal(draft.links.draft, `${one}/draft`);
      assert.equal(draft.links.published, '/api/v1/engagement');
      assert.equal((await call('GET', `${one}/draft`, 'coordinator')).status, 200);
      const unchanged = (await engagement()).interviews.find((r) => r.region === 'ES51');
      assert.equal(unchanged?.printedTotal, row.printedTotal, 'the public keeps the published row');
      const published = await call('POST', `${one}/publish`, 'curator');
      assert.equal(published.status, 200, await published.clone().text());
      const after = (await engagement()).interviews.find((r) => r.region === 'ES51');
      assert.equal(after?.printedTotal, (row.printedTotal ?? 0) + 1);

      // The key cannot move: another region in the body is refused, naming the field.
      const moved = await call('PATCH', one, 'curator', { region: 'BE2' });
      assert.equal(moved.status, 422);
      assert.deepEqual(
        (await moved.json()).errors.map((e: { field: string }) => e.field),
        ['region'],
      );
      // A coordinator of another region may not touch ES51's report.
      const report = `/api/v1/regional-reports/ES51/${campaign}`;
      const foreign = await call('PATCH', report, 'sweden', { overview: 'Rewritten.' });
      assert.equal(foreign.status, 403);
      const own = await call('PATCH', report, 'coordinator', { overview: 'Rewritten overview.' });
      assert.equal(own.status, 200, await own.clone().text());
      assert.equal((await own.json()).links.published, '/api/v1/regions/ES51');

      const workshop = await call('POST', '/api/v1/workshops', 'coordinator', {
        key: 'es51-api-workshop',
        region: 'ES51',
        campaign,
        heldOn: '2026-11',
        participants: 12,
        format: 'hybrid',
        sources: [{ source: 'preciseu-d3-1' }],
      });
      assert.equal(workshop.status, 201, await workshop.clone().text());
      assert.equal(workshop.headers.get('location'), '/api/v1/workshops/es51-api-workshop/draft');
      const listed = async () =>
        (await engagement()).workshops.filter((w) => w.key === 'es51-api-workshop').length;
      assert.equal(await listed(), 0, 'a draft workshop is not public');
      assert.equal(
        (await call('POST', '/api/v1/workshops/es51-api-workshop/publish', 'curator')).status,
        200,
      );
      assert.equal(await listed(), 1);
    });
  });
}
