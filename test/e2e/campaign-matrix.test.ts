/**
 * The authorization matrix of the campaign write routes: each route × anonymous, a coordinator
 * of the response's region, a coordinator of another region, a curator and an administrator,
 * against a table written out by hand. A campaign write route the table does not list fails the
 * test. Every attempt starts from a fresh campaign (and response) in the state the move applies
 * to, so a refusal can only come from the rights; and every refusal must leave the campaign's
 * state and the response's state and revision as they were.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Actor } from '../../src/domain/accounts.ts';
import type { ResponseItem } from '../../src/domain/questionnaires.ts';
import { createApp } from '../../src/http/app.ts';
import { API_CAMPAIGN_ROUTES, PAGE_WRITE_ROUTES } from '../../src/http/write-routes.ts';
import { findResponse } from '../../src/repositories/campaign-responses.ts';
import { listCampaigns } from '../../src/repositories/campaigns.ts';
import { CLI_ACTOR, createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { moveResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import { createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const WHO = ['visitor', 'own', 'foreign', 'curator', 'admin'] as const;
type Who = (typeof WHO)[number];
type Outcome = 'Y' | 'sign-in' | 'no';
const row = (...o: Outcome[]) =>
  Object.fromEntries(WHO.map((w, i) => [w, o[i]])) as Record<Who, Outcome>;
const MANAGER = row('sign-in', 'no', 'no', 'Y', 'Y');
const DRAFTER = row('sign-in', 'Y', 'no', 'Y', 'Y');
const REVIEWER = row('sign-in', 'no', 'no', 'Y', 'Y');

/** Expected by hand: "own" coordinates ES51 (every response here is ES51's), "foreign" SE232. */
const EXPECTED: Readonly<Record<string, Record<Who, Outcome>>> = {
  'POST /api/v1/campaigns': MANAGER,
  'PATCH /api/v1/campaigns/:slug': MANAGER,
  'POST /api/v1/campaigns/:slug/open': MANAGER,
  'POST /api/v1/campaigns/:slug/close': MANAGER,
  'POST /api/v1/campaigns/:slug/publish': MANAGER,
  'PUT /api/v1/campaigns/:slug/responses/:region': DRAFTER,
  'POST /api/v1/campaigns/:slug/responses/:region/submit': DRAFTER,
  'POST /api/v1/campaigns/:slug/responses/:region/request-changes': REVIEWER,
  'POST /api/v1/campaigns/:slug/responses/:region/accept': REVIEWER,
  'POST /api/v1/campaigns/:slug/responses/:region/comments': REVIEWER,
};

/** The state a route needs: the campaign's, and the response's (none: not started). */
function needs(route: string): {
  campaign: 'draft' | 'open' | 'closed';
  response?: 'draft' | 'submitted';
} {
  if (route.endsWith('/open') || route === 'POST /api/v1/campaigns') return { campaign: 'draft' };
  if (route.endsWith('/publish')) return { campaign: 'closed' };
  if (route.endsWith('/submit') || route.endsWith('/comments'))
    return { campaign: 'open', response: 'draft' };
  if (route.endsWith('/request-changes') || route.endsWith('/accept'))
    return { campaign: 'open', response: 'submitted' };
  return { campaign: 'open' };
}

const five: ResponseItem[] = Array.from({ length: 5 }, (_, i) => ({
  carry: 'new',
  answers: {
    name: `Matrix ${i + 1}`,
    objectives: 'Testing rights.',
    scopes: ['regional'],
    status: 'ongoing',
  },
}));

function outcome(res: Response): Outcome | `status ${number}` {
  const to = res.headers.get('location') ?? '';
  if (res.status === 401 || (res.status === 303 && to.startsWith('/sign-in'))) return 'sign-in';
  if (res.status === 403) return 'no';
  if (res.status >= 200 && res.status < 400) return 'Y';
  return `status ${res.status}`;
}

for (const dialect of DIALECTS) {
  describe(`authorization matrix of campaign routes on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let base = '';
    let close: () => void = () => {};
    const tokens: Partial<Record<Who, string>> = {};
    let n = 0;

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      const people: [Who, 'coordinator' | 'curator' | 'admin', string[]][] = [
        ['own', 'coordinator', ['ES51']],
        ['foreign', 'coordinator', ['SE232']],
        ['curator', 'curator', []],
        ['admin', 'admin', []],
      ];
      for (const [who, role, regions] of people) {
        const email = `${who}-matrix@example.org`;
        await createAccount(t.db, { email, password: TEST_PASSWORD, role, regions }, 'cli');
        tokens[who] = (
          await createTokenFor(t.db, email, { name: who, scopes: ['read', 'write'] })
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

    /** A fresh campaign (and ES51 response) in the state a route needs. */
    async function fresh(route: string): Promise<string> {
      const slug = `matrix-${++n}`;
      const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await createCampaign(t.db, CLI_ACTOR, {
        slug,
        kind: 'initiative_mapping',
        title: `Matrix ${n}`,
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        closesAt,
        regions: ['ES51', 'SE232'],
        rules: { minItemsPerRegion: 5, maxItemsPerRegion: 10 },
      });
      const want = needs(route);
      if (want.campaign !== 'draft') await moveCampaign(t.db, CLI_ACTOR, slug, 'open');
      if (want.response)
        await saveResponse(t.db, CLI_ACTOR as Actor, slug, 'ES51', {
          answers: { initiatives: five },
          revision: 0,
        });
      if (want.response === 'submitted')
        await moveResponse(t.db, CLI_ACTOR, slug, 'ES51', 'submit');
      if (want.campaign === 'closed') await moveCampaign(t.db, CLI_ACTOR, slug, 'close');
      return slug;
    }

    const snapshot = async (slug: string) => {
      const c = (await listCampaigns(t.db.kysely)).find((x) => x.slug === slug);
      const r = await findResponse(t.db.kysely, slug, 'ES51');
      return `${c?.state}:${c?.closesAt}:${c?.regions?.length}:${r?.state ?? '-'}:${r?.revision ?? 0}`;
    };

    test('every campaign write route is in the table', () => {
      const listed = [
        ...API_CAMPAIGN_ROUTES.map((r) => `${r.method} ${r.path}`),
        ...PAGE_WRITE_ROUTES.filter((r) => r.path.startsWith('/campaigns')).map(
          (r) => `POST ${r.path}`,
        ),
      ];
      const missing = listed.filter((r) => !EXPECTED[r] && !r.includes(' /campaigns'));
      assert.deepEqual(missing, [], 'campaign write routes the expected table does not list');
    });

    test('each API route × each person: as the table says, and a refusal changes nothing', async () => {
      const wrong: string[] = [];
      for (const [route, expected] of Object.entries(EXPECTED)) {
        const [method = '', path = ''] = route.split(' ');
        for (const who of WHO) {
          const slug = await fresh(route);
          const before = await snapshot(slug);
          const url = path.replace(':slug', slug).replace(':region', 'ES51');
          const body =
            route === 'POST /api/v1/campaigns'
              ? {
                  slug: `${slug}-made-by-${who}`,
                  kind: 'initiative_mapping',
                  title: 'Made',
                  questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
                  closesAt: '2099-01-31',
                  regions: ['ES51'],
                }
              : route === 'PATCH /api/v1/campaigns/:slug'
                ? { closesAt: '2099-12-31', addRegions: ['LT'] }
                : method === 'PUT'
                  ? { answers: { initiatives: five } }
                  : route.endsWith('/comments')
                    ? { body: 'Matrix comment' }
                    : route.endsWith('/request-changes')
                      ? { note: 'Please check.' }
                      : undefined;
          const res = await fetch(`${base}${url}`, {
            method,
            headers: {
              ...(who === 'visitor' ? {} : { authorization: `Bearer ${tokens[who]}` }),
              ...(body ? { 'content-type': 'application/json' } : {}),
              ...(method === 'PUT' ? { 'if-match': '"0"' } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          });
          const got = outcome(res);
          if (got !== expected[who])
            wrong.push(
              `${route} as ${who}: ${got} (${(await res.text()).slice(0, 200)}), expected ${expected[who]}`,
            );
          if (got !== 'Y') {
            const after = await snapshot(slug);
            if (after !== before)
              wrong.push(`${route} as ${who} was refused but changed ${before} → ${after}`);
            if (route === 'POST /api/v1/campaigns') {
              const made = (await listCampaigns(t.db.kysely)).some(
                (c) => c.slug === `${slug}-made-by-${who}`,
              );
              if (made) wrong.push(`${route} as ${who} was refused but created the campaign`);
            }
          }
        }
      }
      assert.deepEqual(wrong, []);
    });

    test("the curators' workbook of every response: curators only", async () => {
      const slug = await fresh('POST /x/submit');
      const path = `/campaigns/${slug}/responses.xlsx`;
      const visitor = await new Browser(base).fetch(path);
      assert.equal(visitor.status, 303);
      const own = new Browser(base);
      await own.signIn('own-matrix@example.org');
      assert.equal((await own.fetch(path)).status, 403);
      const curator = new Browser(base);
      await curator.signIn('curator-matrix@example.org');
      const res = await curator.fetch(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
      assert.equal((await res.arrayBuffer()).byteLength > 1000, true);
    });

    test("a curator moves a campaign's closing date on its page; bad input is shown beside the field", async () => {
      const slug = await fresh('PUT');
      const path = `/campaigns/${slug}/window`;
      const curator = new Browser(base);
      await curator.signIn('curator-matrix@example.org');
      const csrf = await curator.csrf(`/campaigns/${slug}`);
      const before = await snapshot(slug);
      const bad = await curator.post(path, {
        _csrf: csrf,
        closesAt: 'next week',
        reminderDays: '3',
        addRegions: '',
      });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /id="field-closesAt-error"/);
      assert.equal(await snapshot(slug), before, 'a refused change changes nothing');
      const good = await curator.post(path, {
        _csrf: csrf,
        closesAt: '2099-06-30',
        reminderDays: '7, 1',
        addRegions: 'lt',
      });
      assert.equal(good.status, 303);
      const c = (await listCampaigns(t.db.kysely)).find((x) => x.slug === slug);
      assert.deepEqual(
        [c?.closesAt, c?.reminderDays, c?.regions],
        ['2099-06-30', [7, 1], ['ES51', 'LT', 'SE232']],
      );
      const own = new Browser(base);
      await own.signIn('own-matrix@example.org');
      const refused = await own.post(path, {
        _csrf: await own.csrf('/account'),
        closesAt: '2099-07-31',
        reminderDays: '',
      });
      assert.equal(refused.status, 403);
    });

    test('a page form of a campaign needs a signed-in person with the rights', async () => {
      const slug = await fresh('PUT');
      const visitor = new Browser(base);
      const res = await visitor.post(`/campaigns/${slug}/responses/ES51`, { revision: '0' });
      assert.ok(
        [303, 401, 403].includes(res.status),
        `a visitor's post is refused (${res.status})`,
      );
      assert.match(await snapshot(slug), /^open:.*:-:0$/);
    });
  });
}
