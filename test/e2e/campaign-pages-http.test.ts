import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Actor } from '../../src/domain/accounts.ts';
import type { ResponseItem } from '../../src/domain/questionnaires.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { campaignDashboard, regionComparison } from '../../src/services/campaign-dashboard.ts';
import { saveResponse } from '../../src/services/campaign-responses.ts';
import { addQuestionnaire, createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import { campaignSummaries } from '../../src/services/engagement.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR, REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const QUESTIONNAIRES = JSON.parse(
  readFileSync(new URL('questionnaires.json', `file://${REFERENCE_DIR}/`), 'utf8'),
) as unknown[];

const item = (name: string, extra: Partial<ResponseItem> = {}): ResponseItem => ({
  carry: 'new',
  ...extra,
  answers: {
    name,
    objectives: `What ${name} sets out to do.`,
    scopes: ['regional'],
    status: 'ongoing',
    ...extra.answers,
  },
});

/** The text of an HTML fragment without its tags, spaces collapsed. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The inside of the first element that carries `attr` (e.g. data-region="ES51"), up to its tag's end. */
function element(html: string, attr: string, tag = 'tr'): string {
  const start = html.indexOf(attr);
  assert.ok(start >= 0, `an element with ${attr}`);
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end);
}

/** A whole number shown in an element with `attr` (the first number of its text). */
function numberIn(html: string, attr: string, tag = 'li'): number {
  const text = plain(`<x ${element(html, attr, tag)}`);
  const m = text.match(/(\d[\d,.]*)/);
  assert.ok(m, `a number in ${attr}: ${text}`);
  return Number(m[1]?.replace(/[,.]/g, ''));
}

/** The problem the form shows beside a field. */
const problemOf = (html: string, field: string) =>
  plain(html.match(new RegExp(`id="field-${field}-error"[^>]*>([^<]*)<`))?.[1] ?? '');

const GOOD = {
  questionnaire: 'preciseu-initiative-survey@1',
  slug: 'http-survey-2030',
  title: 'Initiative survey 2030',
  description: 'The second round of the initiative survey.',
  opensAt: '2026-01-01',
  closesAt: '2030-12-31',
  reminderDays: '7, 1',
  regions: ['ES51', 'SE232'],
  minItems: '5',
  maxItems: '10',
  previous: '',
  languages: ['en', 'es'],
};

for (const dialect of DIALECTS) {
  describe(`campaign pages over HTTP on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let server: ReturnType<typeof serve>;
    let base = '';
    const people: Record<string, Actor> = {};
    const who = (name: string) => people[name] as Actor;
    const signedIn = async (email: string) => {
      const b = new Browser(base);
      assert.equal((await b.signIn(email)).status, 303);
      return b;
    };
    const slugs = async () => (await campaignSummaries(t.db)).map((s) => s.campaign.slug);

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      smtp = await startSmtp();
      const mailer = smtp.mailer;
      for (const [name, email, role, regions] of [
        ['cura', 'cura@example.org', 'curator', []],
        ['ana', 'ana@example.org', 'coordinator', ['ES51']],
        ['berta', 'berta@example.org', 'coordinator', ['ES51']],
        ['sven', 'sven@example.org', 'coordinator', ['SE232']],
      ] as const) {
        const a = await createAccount(
          t.db,
          { email, password: TEST_PASSWORD, role, regions: [...regions] },
          'cli',
        );
        people[name] = { kind: 'account', id: a.id, role, regions };
      }
      for (const qn of QUESTIONNAIRES) await addQuestionnaire(t.db, who('cura'), qn);
      server = serve({ fetch: createApp(t.db, { mailer }).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await smtp?.close();
      await t?.dispose();
    });

    test('visitors are sent to sign in and coordinators refused on the form and the moves; nothing changes', async () => {
      const visitor = new Browser(base);
      const form = await visitor.fetch('/campaigns/new');
      assert.equal(form.status, 303);
      assert.match(form.headers.get('location') ?? '', /^\/sign-in\?next=%2Fcampaigns%2Fnew/);
      const list = await (await visitor.fetch('/campaigns')).text();
      assert.doesNotMatch(list, /href="\/campaigns\/new"/, 'no "New campaign" link for visitors');
      const before = await slugs();
      const csrf = await visitor.csrf('/sign-in');
      const posted = await visitor.post('/campaigns/new', { ...GOOD, _csrf: csrf });
      assert.ok([401, 403].includes(posted.status), `visitor POST: ${posted.status}`);

      const ana = await signedIn('ana@example.org');
      const page = await ana.fetch('/campaigns/new');
      assert.equal(page.status, 403);
      assert.match(await page.text(), /only curators/i);
      const token = await ana.csrf('/account');
      const refused = await ana.post('/campaigns/new', { ...GOOD, _csrf: token });
      assert.equal(refused.status, 403);
      await createCampaign(t.db, who('cura'), {
        slug: 'http-locked',
        kind: 'initiative_mapping',
        title: 'Locked',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        closesAt: '2030-12-31',
        regions: ['ES51'],
      });
      const move = await ana.post('/campaigns/http-locked/move', { move: 'open', _csrf: token });
      assert.equal(move.status, 403);
      const curator = await signedIn('cura@example.org');
      const stale = await curator.post('/campaigns/http-locked/move', {
        move: 'open',
        _csrf: 'not-the-token',
      });
      assert.equal(stale.status, 403, 'a wrong form token is refused');
      const foreign = await curator.post(
        '/campaigns/http-locked/move',
        { move: 'open', _csrf: await curator.csrf('/campaigns/new') },
        { origin: 'https://evil.example' },
      );
      assert.equal(foreign.status, 403, 'a form from another origin is refused');
      assert.deepEqual(await slugs(), [...before, 'http-locked'].sort());
      const still = (await campaignSummaries(t.db)).find((s) => s.campaign.slug === 'http-locked');
      assert.equal(still?.campaign.state, 'draft');
      // The coordinator's own region is linked from the campaign page.
      const own = await (await ana.fetch('/campaigns/http-locked')).text();
      assert.match(own, /href="\/campaigns\/http-locked\/responses\/ES51"/);
      assert.doesNotMatch(own, /id="dashboard-title"/, 'no dashboard for a coordinator');
    });

    test('the form refuses bad input with the problem beside its field and a summary, keeps what was typed, creates nothing', async () => {
      const cura = await signedIn('cura@example.org');
      const blank = await (await cura.fetch('/campaigns/new')).text();
      assert.match(blank, /<option value="preciseu-initiative-survey@1"[^>]*>[^<]*version 1/);
      assert.match(blank, /name="minItems"[^>]*value="5"/);
      assert.match(blank, /name="maxItems"[^>]*value="10"/);
      assert.match(blank, /<legend>Spain<\/legend>/, 'regions grouped by country');
      const csrf = await cura.csrf('/campaigns/new');
      const before = await slugs();
      const cases = [
        { fields: { regions: ['ES51', 'XX99'] }, field: 'regions', problem: /XX99/ },
        { fields: { title: '' }, field: 'title', problem: /title/i },
        {
          fields: { opensAt: '2030-06-01', closesAt: '2030-05-01' },
          field: 'closesAt',
          problem: /close after it opens/,
        },
        { fields: { reminderDays: '7, soon' }, field: 'reminderDays', problem: /whole numbers/ },
      ];
      for (const c of cases) {
        const res = await cura.post('/campaigns/new', { ...GOOD, ...c.fields, _csrf: csrf });
        assert.equal(res.status, 400, c.field);
        const html = await res.text();
        assert.match(problemOf(html, c.field), c.problem, `${c.field}: beside the field`);
        assert.match(html, /class="error-summary" role="alert"/);
        assert.match(
          html,
          new RegExp(`<a href="#field-${c.field}">`),
          'the summary links the field',
        );
        assert.match(html, /value="Initiative survey 2030"|name="title"/);
        if (c.field !== 'title')
          assert.match(html, /id="field-title"[^>]*value="Initiative survey 2030"/, 'kept');
        assert.match(html, /value="ES51" checked/, 'the chosen regions stay chosen');
      }
      assert.deepEqual(await slugs(), before, 'nothing was created');
    });

    test('a good campaign is created (303, flash), opened with invitations, and its dashboard reads the same figures as the service', async () => {
      const cura = await signedIn('cura@example.org');
      const csrf = await cura.csrf('/campaigns/new');
      const created = await cura.post('/campaigns/new', { ...GOOD, _csrf: csrf });
      assert.equal(created.status, 303, await created.clone().text());
      const where = created.headers.get('location') ?? '';
      assert.equal(where, '/campaigns/http-survey-2030?done=created');
      const page = await (await cura.fetch(where)).text();
      assert.match(page, /<h1>Initiative survey 2030<\/h1>/);
      assert.match(page, /role="status">The campaign was created as a draft/);
      assert.match(page, /class="tag tag-state-draft">Draft</);
      assert.match(page, /Survey of personalised-medicine initiatives, version 1/);
      assert.match(page, /value="open"/, 'the draft can be opened');
      assert.doesNotMatch(page, /value="publish"/);

      const mails = smtp.received.length;
      const opened = await cura.post('/campaigns/http-survey-2030/move', {
        move: 'open',
        _csrf: csrf,
      });
      assert.equal(opened.status, 303);
      const back = new URL(opened.headers.get('location') ?? '', base);
      const sent = Number(back.searchParams.get('sent'));
      const invited = smtp.received.slice(mails);
      assert.equal(sent, invited.length);
      assert.deepEqual(invited.map((m) => m.to).sort(), [
        'ana@example.org',
        'berta@example.org',
        'sven@example.org',
      ]);
      assert.ok(
        invited.every((m) => m.text.includes(`${base}/campaigns/http-survey-2030/responses/`)),
      );
      const openPage = await (await cura.fetch(`${back.pathname}${back.search}`)).text();
      assert.match(openPage, new RegExp(`${sent} invitations were sent`));
      assert.match(openPage, /class="tag tag-state-open">Open</);
      assert.match(openPage, /value="close"/);

      // Ana saves four initiatives: one short of the 5–10 rule.
      await saveResponse(t.db, who('ana'), 'http-survey-2030', 'ES51', {
        answers: { initiatives: ['One', 'Two', 'Three', 'Four'].map((n) => item(n)) },
        revision: 0,
      });
      const html = await (await cura.fetch('/campaigns/http-survey-2030')).text();
      const d = await campaignDashboard(t.db, who('cura'), 'http-survey-2030');
      for (const [key, n] of Object.entries(d.totals))
        assert.equal(numberIn(html, `data-total="${key}"`), n, `total ${key}`);
      for (const r of d.regions) {
        const row = element(html, `data-region="${r.region}"`);
        assert.equal(numberIn(row, 'data-col="percent"', 'td'), r.percent, `${r.region} percent`);
        assert.equal(
          numberIn(row, 'data-col="problems"', 'td'),
          r.problems,
          `${r.region} problems`,
        );
        assert.match(row, new RegExp(`data-items="${r.items?.count}"`));
        assert.match(
          plain(`<x ${element(row, 'data-col="items"', 'td')}`),
          new RegExp(`${r.items?.count} of ${r.items?.min}–${r.items?.max}`),
        );
        assert.ok(r.invitedAt, 'invited');
        assert.match(row, new RegExp(`href="/campaigns/http-survey-2030/responses/${r.region}"`));
        assert.match(
          row,
          new RegExp(`href="/campaigns/http-survey-2030/responses/${r.region}/compare"`),
        );
      }
      const es = element(html, 'data-region="ES51"');
      assert.match(es, /Draft/);
      assert.match(es, /outside the rule/, 'four of 5–10 is flagged in words');
      assert.doesNotMatch(element(html, 'data-region="SE232"'), /outside the rule/);
      assert.match(html, /opened/);
      assert.match(html, /invitations: 3 sent/);
    });

    test('invitations that cannot be sent are counted on the page, and go out on the next opening', async () => {
      await createCampaign(t.db, who('cura'), {
        slug: 'http-mail-down',
        kind: 'initiative_mapping',
        title: 'Mail down',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        closesAt: '2030-12-31',
        regions: ['SE232'],
      });
      const cura = await signedIn('cura@example.org');
      const csrf = await cura.csrf('/campaigns/new');
      const broken = createApp(t.db, {
        mailer: {
          description: 'a mail server that is down',
          send: async () => {
            throw new Error('connection refused');
          },
        },
      });
      const cookie = [...cura.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await broken.request(`${base}/campaigns/http-mail-down/move`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ move: 'open', _csrf: csrf }),
      });
      assert.equal(res.status, 303);
      const where = res.headers.get('location') ?? '';
      assert.match(where, /sent=0&failed=1$/);
      const page = await (await cura.fetch(where)).text();
      assert.match(page, /0 invitations were sent\. 1 invitation could not be sent/);
      const mails = smtp.received.length;
      const token = await cura.csrf('/campaigns/http-mail-down');
      await cura.post('/campaigns/http-mail-down/move', { move: 'close', _csrf: token });
      const again = await cura.post('/campaigns/http-mail-down/move', {
        move: 'open',
        _csrf: token,
      });
      assert.match(again.headers.get('location') ?? '', /sent=1&failed=0$/);
      assert.deepEqual(
        smtp.received.slice(mails).map((m) => m.to),
        ['sven@example.org'],
      );
    });

    test('the list shows every campaign with its facts, and a published campaign its results', async () => {
      await createCampaign(t.db, who('cura'), {
        slug: 'http-published',
        kind: 'initiative_mapping',
        title: 'Published round',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        opensAt: '2026-01-01',
        closesAt: '2030-12-31',
        regions: ['ES51', 'SE232', 'DE1'],
      });
      for (const m of ['open', 'close', 'publish'] as const)
        await moveCampaign(t.db, who('cura'), 'http-published', m);
      const cura = await signedIn('cura@example.org');
      const html = await (await cura.fetch('/campaigns')).text();
      assert.match(html, /href="\/campaigns\/new"/);
      for (const s of await campaignSummaries(t.db)) {
        const block = element(html, `data-campaign="${s.campaign.slug}"`, 'section');
        assert.match(block, new RegExp(`>${s.campaign.title}<`));
        assert.match(block, new RegExp(`${(s.campaign.regions ?? []).length} region`));
        assert.match(block, new RegExp(`${s.campaign.opensAt ?? '…'} – ${s.campaign.closesAt}`));
        if (!s.results) {
          assert.doesNotMatch(block, /data-figure=/);
          continue;
        }
        const r = s.results;
        const expected: Record<string, number> = {
          responses: r.responses,
          initiatives: r.initiatives,
          regions: r.regions.length,
          statements: r.evidenceStatements,
          reports: r.regionalReports,
          interviews: r.interviews,
          workshops: r.workshops,
          participants: r.workshopParticipants,
        };
        for (const [k, n] of Object.entries(expected)) {
          // A figure the kind of round does not collect is left out rather than shown as 0.
          if (!block.includes(`data-figure="${k}"`) && !['responses', 'regions'].includes(k))
            assert.equal(n, 0, `${s.campaign.slug} ${k} is missing`);
          else assert.equal(numberIn(block, `data-figure="${k}"`), n, `${s.campaign.slug} ${k}`);
        }
      }
      assert.match(
        element(html, 'data-campaign="http-published"', 'section'),
        /tag-state-published">Published</,
      );
    });

    test('the comparison page lists new, closed, changed (with question labels) and unchanged items against the round before', async () => {
      const base1 = {
        kind: 'initiative_mapping',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        closesAt: '2030-12-31',
        regions: ['ES51'],
      };
      await createCampaign(t.db, who('cura'), { ...base1, slug: 'http-round-1', title: 'Round 1' });
      await moveCampaign(t.db, who('cura'), 'http-round-1', 'open');
      await saveResponse(t.db, who('ana'), 'http-round-1', 'ES51', {
        answers: {
          initiatives: [
            item('Kept', { ref: 'kept' }),
            item('Grown', { ref: 'grown' }),
            item('Ended', { ref: 'ended' }),
            item('Forgotten', { ref: 'forgotten' }),
          ],
        },
        revision: 0,
      });
      await createCampaign(t.db, who('cura'), {
        ...base1,
        slug: 'http-round-2',
        title: 'Round 2',
        previous: 'http-round-1',
      });
      await moveCampaign(t.db, who('cura'), 'http-round-2', 'open');
      await saveResponse(t.db, who('ana'), 'http-round-2', 'ES51', {
        answers: {
          initiatives: [
            item('Kept', { ref: 'kept', carry: 'unchanged' }),
            item('Grown', {
              ref: 'grown',
              carry: 'changed',
              answers: { objectives: 'Now serves the whole region.' },
            }),
            item('Ended', { ref: 'ended', carry: 'closed' }),
            item('Brand new'),
          ],
        },
        revision: 0,
      });
      const round2 = await (await new Browser(base).fetch('/campaigns/http-round-2')).text();
      assert.match(round2, /<a href="\/campaigns\/http-round-1">Round 1<\/a>/, 'the round before');
      const path = '/campaigns/http-round-2/responses/ES51/compare';
      const visitor = await new Browser(base).fetch(path);
      assert.equal(visitor.status, 303, 'not accepted yet: not public');
      const sven = await signedIn('sven@example.org');
      assert.equal((await sven.fetch(path)).status, 403, 'another region’s coordinator');
      const ana = await signedIn('ana@example.org');
      const res = await ana.fetch(path);
      assert.equal(res.status, 200);
      const html = await res.text();
      const cmp = (await regionComparison(t.db, who('ana'), 'http-round-2', 'ES51')).comparison;
      const listed = (id: string) =>
        [
          ...(html.match(new RegExp(`data-list="${id}">([\\s\\S]*?)</ul>`))?.[1] ?? '').matchAll(
            /<li>([\s\S]*?)<\/li>/g,
          ),
        ].map((m) => plain(m[1] ?? ''));
      assert.deepEqual(listed('new'), cmp.items.new);
      assert.deepEqual(listed('closed'), cmp.items.closed);
      assert.deepEqual(listed('unchanged'), cmp.items.unchanged);
      assert.deepEqual(listed('dropped'), cmp.items.dropped);
      assert.deepEqual(cmp.items.new, ['Brand new']);
      assert.deepEqual(cmp.items.dropped, ['Forgotten']);
      assert.equal(cmp.items.changed.length, 1);
      assert.deepEqual(listed('changed'), ['Grown — changed: Objectives']);
      const row = element(html, 'data-section="initiatives"');
      const section = cmp.sections.find((s) => s.key === 'initiatives');
      assert.equal(numberIn(row, 'data-col="before"', 'td'), section?.before);
      assert.equal(numberIn(row, 'data-col="after"', 'td'), section?.after);
      const es = await (await ana.fetch(`${path}?lang=es`)).text();
      assert.match(es, /cambios: Objetivos/, 'the question label in Spanish');
      assert.equal((await ana.fetch('/campaigns/http-round-2/responses/XX99/compare')).status, 404);
    });
  });
}
