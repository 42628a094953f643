/**
 * Issue 13, the phone re-walk of twinning and campaigns, each finding as its kind:
 * - a weight printed as a bare number in brackets reads as a count: every number in brackets on
 *   a twinning view says what it is, and the profile's weights equal the API's;
 * - a code printed where a reader needs a name ("EL43: …" under a campaign's results, a log's
 *   "(ES51)" and "submitted → changes_requested"): results notes and the curators' log name
 *   regions and states in words.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type HTMLElement, parse } from 'node-html-parser';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { moveResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import { createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** A text's words that look like codes: a region code (EL43, ES51) or words_with_underscores. */
const CODE_WORDS = /\b(?:[A-Z]{2}[A-Z0-9]{1,3}|[a-z]+(?:_[a-z]+)+)\b/g;

interface Region {
  code: string;
  name: string;
  partner: boolean;
}

for (const dialect of DIALECTS) {
  describe(`twinning and campaign pages say what their figures and codes are on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const page = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return parse(await res.text());
    };
    let regions: Region[];
    before(async () => {
      regions = (await site.json('/api/v1/regions?pageSize=100')).items as Region[];
    });

    test('twinning: every number in brackets is named (a weight, not a count), each equal to the API', async () => {
      const partners = regions.filter((r) => r.partner);
      assert.ok(partners.length > 0);
      for (const r of partners) {
        const api = (await site.json(`/api/v1/regions/${r.code}/twinning`)) as {
          profile: { barrier: string; weight: number }[];
        };
        for (const path of [`/twinning?region=${r.code}`, `/regions/${r.code}`]) {
          const view = (await page(path)).querySelector('.twinning') as HTMLElement;
          assert.ok(view, `${path}: a twinning view`);
          assert.deepEqual(
            view.text.match(/\(\s*[\d.,]+\s*\)/g) ?? [],
            [],
            `${path}: bare numbers`,
          );
          if (api.profile.length === 0) continue;
          const profile = view.querySelector('[data-profile]')?.text ?? '';
          const weights = [...profile.matchAll(/\(weight ([\d.]+)\)/g)].map((m) => Number(m[1]));
          assert.deepEqual(
            weights,
            api.profile.map((p) => p.weight),
            `${path}: the profile's weights`,
          );
          assert.match(view.text, /A weight is not a count/, `${path}: what a weight is`);
        }
      }
    });

    test("campaigns: a results note names its region, not its code (no 'EL43:')", async () => {
      const names = new Map(regions.map((r) => [r.code, r.name]));
      const campaigns = (await site.json('/api/v1/campaigns')).items as { slug: string }[];
      let notes = 0;
      for (const path of ['/campaigns', ...campaigns.map((c) => `/campaigns/${c.slug}`)]) {
        for (const li of (await page(path)).querySelectorAll('li[data-region]')) {
          const code = li.getAttribute('data-region') ?? '';
          notes++;
          assert.ok(li.text.includes(names.get(code) ?? '?'), `${path}: ${li.text} names ${code}`);
          assert.deepEqual(li.text.match(CODE_WORDS) ?? [], [], `${path}: ${li.text}`);
        }
      }
      assert.ok(notes > 0, 'the reference data has a results note (Crete’s interview row)');
    });
  });

  describe(`the curators' campaign log names regions and states on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let server: ReturnType<typeof serve>;
    let base = '';
    const people: Record<string, Actor> = {};
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      for (const [name, role, regions] of [
        ['cura', 'curator', []],
        ['ana', 'coordinator', ['ES51']],
      ] as const) {
        const a = await createAccount(
          t.db,
          { email: `${name}@example.org`, password: TEST_PASSWORD, role, regions: [...regions] },
          'cli',
        );
        people[name] = { kind: 'account', id: a.id, role, regions };
      }
      server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await t?.dispose();
    });

    test('a response submitted and sent back reads "Catalonia" and "Submitted → Changes requested"', async () => {
      const cura = people.cura as Actor;
      const ana = people.ana as Actor;
      const slug = 'log-words-2030';
      await createCampaign(t.db, cura, {
        slug,
        title: 'Log words',
        kind: 'initiative_mapping',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        closesAt: '2030-12-31',
        regions: ['ES51'],
      });
      await moveCampaign(t.db, cura, slug, 'open');
      await saveResponse(t.db, ana, slug, 'ES51', {
        answers: {
          initiatives: [
            {
              carry: 'new',
              answers: {
                name: 'Probe',
                objectives: 'What it sets out to do.',
                scopes: ['regional'],
                status: 'ongoing',
              },
            },
          ],
        },
        revision: 0,
      });
      await moveResponse(t.db, ana, slug, 'ES51', 'submit');
      await moveResponse(t.db, cura, slug, 'ES51', 'request-changes', { note: 'More, please.' });
      const browser = new Browser(base);
      assert.equal((await browser.signIn('cura@example.org')).status, 303);
      const html = parse(await (await browser.fetch(`/campaigns/${slug}`)).text());
      const log = html.querySelector('.campaign-log')?.text.replace(/\s+/g, ' ') ?? '';
      assert.match(log, /Draft → Open/);
      assert.match(log, /\(Catalonia\): Submitted → Changes requested/);
      assert.deepEqual(log.match(CODE_WORDS) ?? [], [], log);
    });
  });
}
