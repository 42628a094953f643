/**
 * The authorization matrix of the write routes that name a record, an upload, a token or a
 * suggestion: each of them × each kind of record × anonymous, a coordinator of the record's region,
 * a coordinator of another region, a curator and an administrator, against a table written out by
 * hand. A write route the table does not list fails the test. (The write routes without a
 * parameter are walked in accounts-http.test.ts.) Every attempt starts from a fresh record in the
 * state the move applies to, so a refusal can only come from the rights, never from the state.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Actor } from '../../src/domain/accounts.ts';
import { formFromContent } from '../../src/domain/contribution-fields.ts';
import { type EntityKind, type Transition, WRITABLE } from '../../src/domain/contributions.ts';
import { createApp } from '../../src/http/app.ts';
import { API_WRITE_ROUTES, PAGE_WRITE_ROUTES } from '../../src/http/write-routes.ts';
import { upsertCampaign } from '../../src/repositories/campaigns.ts';
import { countVersions, listVersions } from '../../src/repositories/record-versions.ts';
import { insertSuggestion, listSuggestions } from '../../src/repositories/suggestions.ts';
import { createAccount, createTokenFor, listTokensOf } from '../../src/services/accounts.ts';
import { createDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { getRegionStrategies, uploadStrategy } from '../../src/services/strategies.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const WHO = ['visitor', 'own', 'foreign', 'curator', 'admin'] as const;
type Who = (typeof WHO)[number];
/** Did it (Y), was sent to sign in, was refused (403), or was told there is no such thing (404). */
type Outcome = 'Y' | 'sign-in' | 'no' | 'unseen';
const row = (...o: Outcome[]) =>
  Object.fromEntries(WHO.map((w, i) => [w, o[i]])) as Record<Who, Outcome>;

const DRAFTER = row('sign-in', 'Y', 'no', 'Y', 'Y');
const REVIEWER = row('sign-in', 'no', 'no', 'Y', 'Y');
/**
 * Expected by hand. "own" and "foreign" are coordinators of ES51 and of SE232; every record is
 * ES51's. For a token or an upload, "foreign" sends the ES51 coordinator's: no one sees another
 * person's.
 */
const EXPECTED: Readonly<Record<string, Record<Who, Outcome>>> = {
  'POST /account/tokens/:id/revoke': row('sign-in', 'Y', 'unseen', 'Y', 'Y'),
  'POST /admin/suggestions/:id/decide': REVIEWER,
  'POST /strategies/:id/review': REVIEWER,
  'POST /contribute/import/:id/plan': row('sign-in', 'Y', 'unseen', 'Y', 'Y'),
  'POST /contribute/import/:id/apply': row('sign-in', 'Y', 'unseen', 'Y', 'Y'),
  'POST /contribute/:kind/new': DRAFTER,
  'POST /contribute/:kind/:key/edit': DRAFTER,
  'POST /contribute/:kind/:key/move submit': DRAFTER,
  'POST /contribute/:kind/:key/move request-changes': REVIEWER,
  'POST /contribute/:kind/:key/move publish': REVIEWER,
  'POST /contribute/:kind/:key/move withdraw': DRAFTER,
  'POST /contribute/:kind/:key/comments': DRAFTER,
  'POST /contribute/:kind/:key/restore': DRAFTER,
  'POST /api/v1/:kind': DRAFTER,
  'PATCH /api/v1/:kind/:key': DRAFTER,
  'POST /api/v1/:kind/:key/submit': DRAFTER,
  'POST /api/v1/:kind/:key/request-changes': REVIEWER,
  'POST /api/v1/:kind/:key/publish': REVIEWER,
  'POST /api/v1/:kind/:key/withdraw': DRAFTER,
};

/** The state a record must be in for a move to apply. */
const BEFORE_MOVE: Readonly<Record<Transition, 'draft' | 'submitted'>> = {
  submit: 'draft',
  'request-changes': 'submitted',
  publish: 'submitted',
  withdraw: 'draft',
};

const TRANSITION_OF = (route: string) =>
  (route.match(/(?:move |\/)(submit|request-changes|publish|withdraw)$/)?.[1] ??
    null) as Transition | null;

function outcome(res: Response): Outcome | `status ${number}` {
  const to = res.headers.get('location') ?? '';
  if (res.status === 401 || (res.status === 303 && to.startsWith('/sign-in'))) return 'sign-in';
  if (res.status === 403) return 'no';
  if (res.status === 404) return 'unseen';
  if (res.status === 200 || res.status === 201 || res.status === 303) return 'Y';
  return `status ${res.status}`;
}

/** The generic row of the table that an API route of one kind falls under. */
function apiRow(method: string, path: string, kind: EntityKind): string {
  const one = kind.keyParams.map((p) => `:${p}`).join('/');
  return `${method} ${path.replace(`/api/v1/${kind.path}`, '/api/v1/:kind').replace(one, ':key')}`;
}

const SOURCES = [{ source: 'preciseu-d3-1', section: 'authorization matrix' }];

/** New content of each kind for ES51 under `key` (and its own campaign, where the key is one). */
function content(kind: EntityKind, key: string): Record<string, unknown> {
  const place = { region: 'ES51', sources: SOURCES };
  switch (kind.entity) {
    case 'initiative':
      return catalanInitiative(key, { sources: SOURCES });
    case 'good_practice':
      return {
        ...place,
        slug: key,
        name: `Practice ${key}`,
        summary: 'Hospitals share one catalogue.',
        country: 'ES',
        barriers: ['B01'],
      };
    case 'evidence':
      return {
        ...place,
        key,
        statement: 'Records of two hospitals cannot be linked.',
        barriers: ['B01'],
      };
    case 'regional_report':
      return { ...place, campaign: key, overview: 'What the region reported.' };
    case 'interview_row':
      return { ...place, campaign: key, printedTotal: 4, counts: { industry: 4 } };
    case 'workshop':
      return { ...place, key, campaign: 'matrix-campaign', participants: 5 };
    case 'recommendation':
      return {
        slug: key,
        title: `Recommendation ${key}`,
        text: 'Link the records of the hospitals of the region.',
        kind: 'regional_outlook',
        level: 'regional',
        regions: ['ES51'],
        barriers: ['B01'],
        actors: ['healthcare_provider'],
        sources: SOURCES,
      };
    case 'translation':
      throw new Error('translations are proposed through their own route, not the write matrix');
  }
}

for (const dialect of DIALECTS) {
  describe(`authorization matrix of record write routes on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let base = '';
    let close: () => void = () => {};
    let curator: Actor;
    let serial = 0;
    const browsers = {} as Record<Who, Browser>;
    const tokens = {} as Record<Who, string | undefined>;
    const ids = {} as Record<Who, number>;
    const emails: Record<Exclude<Who, 'visitor'>, string> = {
      own: 'own@example.org',
      foreign: 'foreign@example.org',
      curator: 'curator@example.org',
      admin: 'admin@example.org',
    };

    const campaign = (slug: string) =>
      upsertCampaign(
        t.db.kysely,
        { slug, kind: 'barrier_mapping', title: slug, state: 'open', rules: {}, sources: SOURCES },
        { now: new Date().toISOString(), actor: 'test' },
      );

    /** A new ES51 record of the kind, made by a curator and brought to `state`. */
    async function fresh(kind: EntityKind, state: 'none' | 'draft' | 'submitted' | 'published') {
      const key = `matrix-${kind.path}-${++serial}`;
      if (kind.keyParams.includes('campaign')) await campaign(key);
      const body = content(kind, key);
      const recordKey = kind.key(body);
      if (state === 'none') return { body, key: recordKey };
      await createDraft(t.db, curator, kind.entity, body);
      if (state !== 'draft') await moveVersion(t.db, curator, kind.entity, recordKey, 'submit');
      if (state === 'published')
        await moveVersion(t.db, curator, kind.entity, recordKey, 'publish');
      return { body, key: recordKey };
    }

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      await campaign('matrix-campaign');
      const people = [
        ['own', 'coordinator', ['ES51']],
        ['foreign', 'coordinator', ['SE232']],
        ['curator', 'curator', []],
        ['admin', 'admin', []],
      ] as const;
      const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => server.close();
      browsers.visitor = new Browser(base);
      for (const [who, role, regions] of people) {
        const email = emails[who];
        const a = await createAccount(
          t.db,
          { email, password: TEST_PASSWORD, role, regions: [...regions] },
          'cli',
        );
        ids[who] = a.id;
        if (who === 'curator') curator = { kind: 'account', id: a.id, role, regions: [] };
        tokens[who] = (
          await createTokenFor(t.db, email, { name: who, scopes: ['read', 'write'] })
        ).token;
        browsers[who] = new Browser(base);
        assert.equal((await browsers[who].signIn(email)).status, 303, `${who} signs in`);
      }
    });
    after(async () => {
      close();
      await t.dispose();
    });

    /** A page form post as `who`, with a CSRF token from a page they can open. */
    async function page(who: Who, path: string, fields: Record<string, string | string[]>) {
      const b = browsers[who];
      const csrf = await b.csrf(who === 'visitor' ? '/sign-in' : '/account');
      return b.post(path, { _csrf: csrf, ...fields });
    }

    /** An API call as `who` (a token with write scope; none for a visitor). */
    function api(who: Who, method: string, path: string, body?: unknown) {
      const token = tokens[who];
      return fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    }

    /**
     * Makes a fresh record in the state one record route of one kind needs, and says how to send
     * that route as someone.
     */
    async function prepare(route: string, kind: EntityKind) {
      const move = TRANSITION_OF(route);
      const api1 = route.includes('/api/v1/');
      if (route.endsWith('/new') || route === 'POST /api/v1/:kind') {
        const { body, key } = await fresh(kind, 'none');
        const send = (who: Who) =>
          api1
            ? api(who, 'POST', `/api/v1/${kind.path}`, body)
            : page(who, `/contribute/${kind.path}/new`, formFromContent(kind.entity, body));
        return { key, send };
      }
      const state = move ? BEFORE_MOVE[move] : route.endsWith('/restore') ? 'published' : 'draft';
      const { body, key } = await fresh(kind, state);
      const one = `/api/v1/${kind.path}/${key}`;
      const path = `/contribute/${kind.path}/${encodeURIComponent(key)}`;
      const changed = { ...body, sources: [{ ...SOURCES[0], section: 'changed' }] };
      const send = (who: Who) => {
        if (api1 && move) return api(who, 'POST', `${one}/${move}`);
        if (api1) return api(who, 'PATCH', one, { sources: changed.sources });
        if (move) return page(who, `${path}/move`, { transition: move });
        if (route.endsWith('/edit'))
          return page(who, `${path}/edit`, formFromContent(kind.entity, changed));
        if (route.endsWith('/comments'))
          return page(who, `${path}/comments`, { field: '', body: 'Please cite the page.' });
        return page(who, `${path}/restore`, { number: '1' });
      };
      return { key, send };
    }

    /** Every version of a record with its state and revision, to show a refusal changed none. */
    const versionsOf = async (kind: EntityKind, key: string) =>
      (await listVersions(t.db.kysely, kind.entity, key, { limit: 100, offset: 0 }))
        .map((v) => `${v.number}:${v.state}:${v.revision}`)
        .join(' ');

    test('every write route with a parameter is in the table', () => {
      const listed = [
        // Campaign routes have their own matrix: test/e2e/campaign-matrix.test.ts.
        ...PAGE_WRITE_ROUTES.filter(
          (r) => r.action !== null && r.path.includes(':') && !r.path.startsWith('/campaigns/'),
        ).flatMap((r) =>
          r.path.endsWith('/move')
            ? (['submit', 'request-changes', 'publish', 'withdraw'] as const).map(
                (m) => `POST ${r.path} ${m}`,
              )
            : [`POST ${r.path}`],
        ),
        ...WRITABLE.flatMap((kind) =>
          API_WRITE_ROUTES.filter((r) => r.path.startsWith(`/api/v1/${kind.path}`)).map((r) =>
            apiRow(r.method, r.path, kind),
          ),
        ),
      ];
      const missing = [...new Set(listed)].filter((r) => !EXPECTED[r]);
      assert.deepEqual(missing, [], 'write routes the expected table does not list');
      assert.equal(API_WRITE_ROUTES.length, WRITABLE.length * 6, 'six API writes per kind');
    });

    test('each record route × each kind × each person: as the table says, and a refusal changes nothing', async () => {
      const wrong: string[] = [];
      for (const [route, expected] of Object.entries(EXPECTED)) {
        if (!route.includes(':kind')) continue;
        for (const kind of WRITABLE) {
          for (const who of WHO) {
            const { key, send } = await prepare(route, kind);
            const before = await versionsOf(kind, key);
            const got = outcome(await send(who));
            if (got !== expected[who])
              wrong.push(`${route} (${kind.path}) as ${who}: ${got}, expected ${expected[who]}`);
            if (got !== 'Y') assert.equal(await versionsOf(kind, key), before, `${route} ${who}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });

    /** An upload of a one-row spreadsheet by `who`: its id, and the slug its row would get. */
    async function upload(who: Who) {
      const name = `Matrix upload ${++serial}`;
      const csv = [
        'Name,Website,Country,Submitting region,Geographical scope,Status,Domain,Type',
        `${name},https://example.org/${serial},Spain,ES51,Regional,Ongoing,R&I,Partnership`,
      ].join('\n');
      const form = new FormData();
      form.set('_csrf', await browsers[who].csrf('/contribute/import'));
      form.set('file', new File([csv], 'matrix.csv', { type: 'text/csv' }));
      const res = await browsers[who].fetch('/contribute/import', { method: 'POST', body: form });
      const id = (await res.text()).match(/\/contribute\/import\/([^/"]+)\/plan/)?.[1];
      assert.ok(id, `${who} uploads a file (${res.status})`);
      return { id, slug: `matrix-upload-${serial}` };
    }

    /** Someone else's thing for "foreign" and for a visitor: the ES51 coordinator's. */
    const ownerOf = (who: Who): Exclude<Who, 'visitor'> =>
      who === 'visitor' || who === 'foreign' ? 'own' : who;

    /**
     * For each route: prepares what `who` sends it about, and a snapshot of what a refusal must
     * leave as it was.
     */
    type Prepared = { send: () => Promise<Response>; snapshot: () => Promise<string> };
    const OTHER_ROUTES: Record<string, (who: Who) => Promise<Prepared>> = {
      'POST /account/tokens/:id/revoke': async (who) => {
        const owner = ownerOf(who);
        const { view } = await createTokenFor(t.db, emails[owner], {
          name: `matrix ${++serial}`,
          scopes: ['read'],
        });
        return {
          send: () => page(who, `/account/tokens/${view.id}/revoke`, {}),
          snapshot: async () =>
            String((await listTokensOf(t.db, ids[owner])).find((k) => k.id === view.id)?.revokedAt),
        };
      },
      'POST /admin/suggestions/:id/decide': async (who) => {
        const id = await insertSuggestion(t.db.kysely, {
          entity: 'initiative',
          entity_key: 'atmp-catalonia',
          message: 'The start year should be 2019.',
          contact_email: null,
          address_hash: 'matrix',
          state: 'open',
          created_at: new Date().toISOString(),
        });
        return {
          send: () => page(who, `/admin/suggestions/${id}/decide`, { decision: 'dismissed' }),
          snapshot: async () =>
            String((await listSuggestions(t.db.kysely, 'open', 1000)).some((x) => x.id === id)),
        };
      },
      'POST /strategies/:id/review': async (who) => {
        // A strategy read from pasted text, awaiting a curator's decision.
        const { id } = await uploadStrategy(
          t.db,
          curator,
          { region: 'ES51', title: `Matrix strategy ${++serial}`, language: 'en' },
          {
            kind: 'text',
            text: `Strategy ${serial}: personalised medicine and genomics are a priority of the region.`,
          },
        );
        return {
          send: () => page(who, `/strategies/${id}/review`, { decision: 'reject' }),
          snapshot: async () =>
            String((await getRegionStrategies(t.db, 'ES51')).find((x) => x.id === id)?.state),
        };
      },
      'POST /contribute/import/:id/plan': async (who) => {
        const { id } = await upload(ownerOf(who));
        return {
          send: () => page(who, `/contribute/import/${id}/plan`, { name: 'matrix.csv' }),
          snapshot: async () => '',
        };
      },
      'POST /contribute/import/:id/apply': async (who) => {
        const { id, slug } = await upload(ownerOf(who));
        return {
          send: () => page(who, `/contribute/import/${id}/apply`, { name: 'matrix.csv' }),
          snapshot: async () => String(await countVersions(t.db.kysely, 'initiative', slug)),
        };
      },
    };

    test('tokens, suggestions and uploads: each person reaches only their own; only reviewers decide', async () => {
      const wrong: string[] = [];
      for (const [route, expected] of Object.entries(EXPECTED)) {
        if (route.includes(':kind')) continue;
        const send = OTHER_ROUTES[route];
        assert.ok(send, `${route} can be sent`);
        for (const who of WHO) {
          const { send: sendIt, snapshot } = await send(who);
          const before = await snapshot();
          const got = outcome(await sendIt());
          if (got !== expected[who])
            wrong.push(`${route} as ${who}: ${got}, expected ${expected[who]}`);
          if (got !== 'Y') assert.equal(await snapshot(), before, `${route} as ${who}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  });
}
