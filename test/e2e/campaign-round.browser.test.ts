/**
 * A whole campaign round in headless chromium against a real HTTP server, on SQLite and (when it
 * answers) PostgreSQL, seeded with the reference data, with mail to an SMTP server in this process
 * (issue 15, the first two acceptance bullets).
 *
 * 1. The D3.1 initiative survey: a curator creates and opens a round for LT, BG41 and SE232
 *    through /campaigns/new (the invitations arrive); two LT coordinators answer together (carry
 *    forward, one closed, new ones, a conflict), Ana with the keyboard only; the reminder reaches
 *    the regions that have not submitted; the curator requests changes, Ana corrects, the curator
 *    accepts; the closing date passes and BG41's late submit is refused naming the date; the
 *    curator closes and publishes; the public page, the API, the downloads and the comparison
 *    show the new round, read back against counts over the stored responses.
 * 2. The Appendix B regional report for BG41: filled in, submitted and accepted; the barrier ×
 *    region prevalence (fact-sheet challenges) counts it, and the private interview note is on no
 *    public page or API answer.
 * Every step passes axe at 1280 px with no sideways scrolling; each page type once at 375 px.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closingInstant } from '../../src/domain/campaigns.ts';
import type { ResponseAnswers, ResponseItem } from '../../src/domain/questionnaires.ts';
import { createApp } from '../../src/http/app.ts';
import { findResponse } from '../../src/repositories/campaign-responses.ts';
import { findCampaign, listCampaigns, upsertCampaign } from '../../src/repositories/campaigns.ts';
import { initiativeSlugsOfRegion } from '../../src/repositories/initiatives.ts';
import { listRegionalReports } from '../../src/repositories/regional-reports.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { sendDueReminders } from '../../src/services/campaign-mail.ts';
import type { Mailer } from '../../src/services/mail.ts';
import { seedReference } from '../../src/services/seed.ts';
import { assertNoAxeViolations, launchBrowser } from '../helpers/browser.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { TEST_PASSWORD } from '../helpers/http-session.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const DAY = 86_400_000;
const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const SURVEY = 'round-survey-2027';
const REPORT = 'round-report-2027';
const OPENS = iso(-2);
const CLOSES = iso(30);
const SURVEY_REGIONS = ['LT', 'BG41', 'SE232'] as const;
/** The barrier the new report adds: no region's 2025 report names it, so the count must move. */
const NEW_BARRIER = 'B04';
const OTHER_BARRIER_TEXT = 'Hospital procurement rules written before genomic tests existed';
const PRIVATE_NOTE = 'PRIVATE-NOTE: the interviewee asked not to be quoted on tendering';
const PEOPLE = [
  ['cura@example.org', 'curator', []],
  ['ana@example.org', 'coordinator', ['LT']],
  ['berta@example.org', 'coordinator', ['LT']],
  ['bora@example.org', 'coordinator', ['BG41']],
  ['sven@example.org', 'coordinator', ['SE232']],
] as const;

/** The items of a response's initiatives section as stored. */
const initiativesOf = (answers: string | undefined): ResponseItem[] =>
  ((answers ? JSON.parse(answers) : {}) as ResponseAnswers).initiatives ?? [];
const nameOf = (it: ResponseItem) => String(it.answers.name ?? '');

for (const dialect of DIALECTS) {
  describe(`a whole campaign round in chromium on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let mailer: Mailer;
    let server: ReturnType<typeof serve>;
    let browser: Browser;
    let base = '';
    const downloads = mkdtempSync(join(tmpdir(), 'atlas-round-downloads-'));
    const contexts: BrowserContext[] = [];
    /** BG41's coordinator keeps her form open from the start of the round to its late submit. */
    let bora: Page;

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      smtp = await startSmtp();
      mailer = smtp.mailer;
      for (const [email, role, regions] of PEOPLE)
        await createAccount(
          t.db,
          {
            email,
            password: TEST_PASSWORD,
            role,
            regions: [...regions],
            displayName: email.split('@')[0],
          },
          'cli',
        );
      const app = createApp(t.db, { mailer, downloadsDir: downloads, heavyWaitMs: 120_000 });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
    });
    after(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await smtp?.close();
      await t?.dispose();
      rmSync(downloads, { recursive: true, force: true });
    });

    /** A new browser context at a width, signed in as `email` (or a visitor without one). */
    async function pageAs(email: string | undefined, width = 1280): Promise<Page> {
      const context = await browser.newContext({
        bypassCSP: true, // only so that axe can be injected
        viewport: { width, height: 900 },
      });
      contexts.push(context);
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      if (!email) return page;
      await page.goto(`${base}/sign-in`);
      await page.fill('#field-email', email);
      await page.fill('#field-password', TEST_PASSWORD);
      await page.locator('form.stacked-form button[type=submit]').click();
      await page.waitForURL(/\/account$/);
      return page;
    }

    /** One h1, no sideways scrolling, zero axe violations. */
    async function checkPage(page: Page, label: string) {
      assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px)`);
      try {
        await assertNoAxeViolations(page);
      } catch (e) {
        throw new Error(`${label} (${page.url()}): ${(e as Error).message}`);
      }
    }

    /** The autosave script waits 20 s after typing; the test saves by hand, so it is put off. */
    const noAutosave = (page: Page) =>
      page.evaluate(() => {
        const form = document.getElementById('response-form');
        if (form) form.dataset.autosaveMs = String(3_600_000);
      });

    /** Presses Tab until the focused element matches `selector`. */
    async function tabTo(page: Page, selector: string, limit = 600) {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector))
          return;
      }
      assert.fail(`Tab never reached ${selector}`);
    }

    /** Chooses an option of the focused select with the arrow keys only. */
    async function arrowTo(page: Page, selector: string, value: string) {
      for (let i = 0; i < 20; i++) {
        if ((await page.locator(selector).inputValue()) === value) return;
        await page.keyboard.press('ArrowDown');
      }
      assert.fail(`the arrow keys never chose ${value} in ${selector}`);
    }

    const responsePath = (slug: string, region: string) =>
      `${base}/campaigns/${slug}/responses/${region}`;
    const stored = (slug: string, region: string) => findResponse(t.db.kysely, slug, region);
    const mailsSince = (n: number) => smtp.received.slice(n);
    const move = (page: Page, m: string) =>
      page.locator(`form[action$="/move"]:has(input[name=move][value="${m}"]) button`).click();

    /** Fills in and sends the new-campaign form with the mouse; the campaign page comes back. */
    async function createThroughForm(
      page: Page,
      c: {
        slug: string;
        title: string;
        questionnaire: string;
        regions: readonly string[];
        previous: string;
        minItems: string;
        maxItems: string;
      },
    ) {
      await page.goto(`${base}/campaigns/new`);
      await page.selectOption('#field-questionnaire', c.questionnaire);
      await page.fill('#field-slug', c.slug);
      await page.fill('#field-title', c.title);
      await page.fill('#field-opensAt', OPENS);
      await page.fill('#field-closesAt', CLOSES);
      await page.fill('#field-reminderDays', '7');
      for (const r of c.regions) await page.check(`input[name=regions][value="${r}"]`);
      await page.fill('#field-minItems', c.minItems);
      await page.fill('#field-maxItems', c.maxItems);
      await page.selectOption('#field-previous', c.previous);
      await page.locator('form.campaign-form button[type=submit]').click();
      await page.waitForURL(new RegExp(`/campaigns/${c.slug}\\?done=created$`));
    }

    /** Opens the campaign from its page; returns the invitations the notice says were sent. */
    async function openCampaign(page: Page): Promise<number> {
      await move(page, 'open');
      await page.waitForURL(/done=open/);
      const notice = (await page.locator('.notice').textContent()) ?? '';
      const sent = notice.match(/(\d+) invitations? (?:was|were) sent/)?.[1];
      assert.ok(sent, `the notice counts the invitations: ${notice}`);
      return Number(sent);
    }

    test('a curator creates the initiative survey for three regions and opens it; the invitations arrive', async () => {
      const cura = await pageAs('cura@example.org');
      await cura.goto(`${base}/campaigns/new`);
      await checkPage(cura, 'new campaign');
      await createThroughForm(cura, {
        slug: SURVEY,
        title: 'Initiative survey, second round',
        questionnaire: 'preciseu-initiative-survey@1',
        regions: SURVEY_REGIONS,
        previous: 'preciseu-initiative-mapping-2025',
        minItems: '5',
        maxItems: '10',
      });
      await checkPage(cura, 'campaign created');
      const c = await findCampaign(t.db.kysely, SURVEY);
      assert.equal(c?.state, 'draft');
      assert.deepEqual([...(c?.regions ?? [])].sort(), [...SURVEY_REGIONS].sort());
      assert.deepEqual(c?.rules, { minItemsPerRegion: 5, maxItemsPerRegion: 10 });
      assert.deepEqual(c?.reminderDays, [7]);
      assert.equal(c?.previous, 'preciseu-initiative-mapping-2025');
      assert.deepEqual(c?.questionnaire, { slug: 'preciseu-initiative-survey', version: 1 });
      const before = smtp.received.length;
      const sent = await openCampaign(cura);
      await checkPage(cura, 'campaign opened');
      const invited = mailsSince(before).filter((m) => m.text.includes(`/campaigns/${SURVEY}/`));
      assert.equal(invited.length, sent, 'every invitation the notice counts reached the server');
      assert.deepEqual(invited.map((m) => m.to).sort(), [
        'ana@example.org',
        'berta@example.org',
        'bora@example.org',
        'sven@example.org',
      ]);
      assert.ok(invited.some((m) => m.text.includes(responsePath(SURVEY, 'LT'))));
      await cura.context().close();
    });

    test('BG41 starts its response (one new initiative, saved)', async () => {
      bora = await pageAs('bora@example.org');
      await bora.goto(responsePath(SURVEY, 'BG41'));
      await noAutosave(bora);
      const carried = await bora.locator('input[name^="ref.initiatives."]').count();
      await bora.fill(`#q-initiatives-${carried}-name`, 'Plovdiv rare-disease registry');
      await bora.fill(`#q-initiatives-${carried}-objectives`, 'Records rare diseases in Plovdiv.');
      await bora.check(`#q-initiatives-${carried}-scopes input[value=regional]`);
      await bora.selectOption(`#q-initiatives-${carried}-status`, 'ongoing');
      await bora.locator('button[name=intent][value=save]').click();
      await bora.waitForURL(/done=saved/);
      const row = await stored(SURVEY, 'BG41');
      assert.equal(row?.state, 'draft');
      assert.equal(initiativesOf(row?.answers).length, carried + 1);
    });

    test('two LT coordinators answer together: carry forward, one closed, new ones, a conflict; Ana with the keyboard only; submitted', async () => {
      const ana = await pageAs('ana@example.org');
      const berta = await pageAs('berta@example.org');
      await ana.goto(responsePath(SURVEY, 'LT'));
      await berta.goto(responsePath(SURVEY, 'LT'));
      await noAutosave(ana);
      await noAutosave(berta);
      await checkPage(ana, 'survey form');
      // Carried forward: the region's live initiatives in the atlas, one item each.
      const inAtlas = await initiativeSlugsOfRegion(t.db.kysely, 'LT');
      const refs = await ana
        .locator('input[name^="ref.initiatives."]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      assert.ok(refs.length >= 2, `LT opens with its initiatives (${refs.join(', ')})`);
      assert.ok(
        refs.every((r) => inAtlas.includes(r)),
        `carried ${refs} ⊆ ${inAtlas}`,
      );
      const n = refs.length;
      // Berta (mouse) marks the second as closed and adds one.
      await berta.selectOption('#carry-initiatives-1', 'closed');
      await berta.fill(`#q-initiatives-${n}-name`, 'Kaunas pharmacogenomics pilot');
      await berta.fill(
        `#q-initiatives-${n}-objectives`,
        'Tests gene-drug pairs before prescribing.',
      );
      await berta.check(`#q-initiatives-${n}-scopes input[value=regional]`);
      await berta.selectOption(`#q-initiatives-${n}-status`, 'ongoing');
      await berta.locator('button[name=intent][value=save]').click();
      await berta.waitForURL(/done=saved/);
      await checkPage(berta, 'survey saved');
      const afterBerta = await stored(SURVEY, 'LT');
      // Ana (keyboard only) types a new initiative on the page she opened before Berta saved.
      const typeNew = async (i: number) => {
        await tabTo(ana, `#q-initiatives-${i}-name`);
        await ana.keyboard.type('Vilnius genomic medicine centre');
        await ana.keyboard.press('Tab');
        await ana.keyboard.type('Brings sequencing into routine care.');
        await tabTo(ana, `#q-initiatives-${i}-scopes input[value=regional]`);
        await ana.keyboard.press('Space');
        await tabTo(ana, `#q-initiatives-${i}-status`);
        await arrowTo(ana, `#q-initiatives-${i}-status`, 'ongoing');
        await tabTo(ana, 'button[name=intent][value=save]');
        await ana.keyboard.press('Enter');
      };
      await typeNew(n);
      await ana.locator('.error-summary', { hasText: /Someone else saved/ }).waitFor();
      assert.match((await ana.locator('.error-summary').textContent()) ?? '', /berta/);
      await checkPage(ana, 'survey conflict');
      const unchanged = await stored(SURVEY, 'LT');
      assert.equal(unchanged?.revision, afterBerta?.revision, 'the stale save changed nothing');
      // She opens the response again (Berta's answers now in it) and saves hers through.
      await ana.goto(responsePath(SURVEY, 'LT'));
      await noAutosave(ana);
      assert.equal(await ana.inputValue('#carry-initiatives-1'), 'closed');
      await typeNew(n + 1);
      await ana.waitForURL(/done=saved/);
      const items = initiativesOf((await stored(SURVEY, 'LT'))?.answers);
      assert.deepEqual(
        items.map((it) => it.carry),
        [...refs.map((_, i) => (i === 1 ? 'closed' : 'unchanged')), 'new', 'new'],
      );
      assert.deepEqual(items.slice(n).map(nameOf), [
        'Kaunas pharmacogenomics pilot',
        'Vilnius genomic medicine centre',
      ]);
      await tabTo(ana, 'button[name=move][value=submit]');
      await ana.keyboard.press('Enter');
      await ana.waitForURL(/done=submit/);
      await checkPage(ana, 'survey submitted');
      assert.equal((await stored(SURVEY, 'LT'))?.state, 'submitted');
      await berta.context().close();
      await ana.context().close();
    });

    test('seven days before closing the reminder reaches the regions that have not submitted, and only them', async () => {
      const before = smtp.received.length;
      const now = new Date(closingInstant(CLOSES).getTime() - 7 * DAY);
      const report = await sendDueReminders(t.db, mailer, base, now);
      const reminders = mailsSince(before).filter((m) => m.text.includes(`/campaigns/${SURVEY}/`));
      assert.equal(reminders.length, report.sent);
      assert.deepEqual(reminders.map((m) => m.to).sort(), ['bora@example.org', 'sven@example.org']);
      for (const m of reminders) assert.match(m.text, new RegExp(`closes on ${CLOSES}`));
      assert.ok(!reminders.some((m) => /ana@|berta@/.test(m.to)), 'LT has submitted');
    });

    test('the curator requests changes, Ana corrects with the keyboard and resubmits, the curator accepts', async () => {
      const cura = await pageAs('cura@example.org');
      await cura.goto(responsePath(SURVEY, 'LT'));
      await checkPage(cura, 'survey to review');
      const first = initiativesOf((await stored(SURVEY, 'LT'))?.answers)[0] as ResponseItem;
      const note = `Please say what ${nameOf(first)} does in Lithuania now.`;
      await cura.fill('#request-note', note);
      await move(cura, 'request-changes');
      await cura.waitForURL(/done=request-changes/);
      assert.equal((await stored(SURVEY, 'LT'))?.state, 'changes_requested');
      const ana = await pageAs('ana@example.org');
      await ana.goto(responsePath(SURVEY, 'LT'));
      await noAutosave(ana);
      assert.ok(((await ana.locator('main').textContent()) ?? '').includes(note), 'the note');
      await checkPage(ana, 'survey changes requested');
      await tabTo(ana, '#carry-initiatives-0');
      await arrowTo(ana, '#carry-initiatives-0', 'changed');
      await tabTo(ana, '#q-initiatives-0-objectives');
      await ana.keyboard.press('Control+A');
      await ana.keyboard.type('Shares sequencing with Lithuanian hospitals since 2026.');
      await tabTo(ana, 'button[name=move][value=submit]');
      await ana.keyboard.press('Enter');
      await ana.waitForURL(/done=submit/);
      const resubmitted = await stored(SURVEY, 'LT');
      assert.equal(resubmitted?.state, 'submitted');
      const changed = initiativesOf(resubmitted?.answers)[0];
      assert.equal(changed?.carry, 'changed');
      assert.equal(
        changed?.answers.objectives,
        'Shares sequencing with Lithuanian hospitals since 2026.',
      );
      await cura.goto(responsePath(SURVEY, 'LT'));
      await move(cura, 'accept');
      await cura.waitForURL(/done=accept/);
      await checkPage(cura, 'survey accepted');
      assert.equal((await stored(SURVEY, 'LT'))?.state, 'accepted');
      await ana.context().close();
      await cura.context().close();
    });

    test('once the closing date has passed, BG41 submitting late is refused with a message naming the date', async () => {
      // The round cannot wait a month for its closing day, and no service moves a closing date
      // (createCampaign refuses one in the past): the stored campaign is written again, as it
      // was, with closesAt set to yesterday.
      const c = await findCampaign(t.db.kysely, SURVEY);
      assert.ok(c);
      const yesterday = iso(-1);
      await upsertCampaign(
        t.db.kysely,
        { ...c, closesAt: yesterday },
        { now: new Date().toISOString(), actor: 'test' },
      );
      const before = await stored(SURVEY, 'BG41');
      const carried = initiativesOf(before?.answers).length;
      await bora.fill(`#q-initiatives-${carried}-name`, 'Bulgarian newborn screening');
      await bora.fill(
        `#q-initiatives-${carried}-objectives`,
        'Screens newborns for rare diseases.',
      );
      await bora.check(`#q-initiatives-${carried}-scopes input[value=regional]`);
      await bora.selectOption(`#q-initiatives-${carried}-status`, 'ongoing');
      const [answer] = await Promise.all([
        bora.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/move')),
        bora.locator('button[name=move][value=submit]').click(),
      ]);
      assert.equal(answer.status(), 409);
      const summary = bora.locator('.error-summary', { hasText: 'closed on' });
      await summary.waitFor();
      const said = (await summary.textContent()) ?? '';
      assert.match(said, new RegExp(`closed on ${yesterday}`), said);
      await checkPage(bora, 'survey refused late');
      const after = await stored(SURVEY, 'BG41');
      assert.equal(after?.state, 'draft');
      assert.equal(after?.revision, before?.revision, 'nothing saved after the close');
      await bora.context().close();
    });

    test('the curator closes and publishes; the public page, the API, the downloads and the comparison show the round', async () => {
      const cura = await pageAs('cura@example.org');
      await cura.goto(`${base}/campaigns/${SURVEY}`);
      const state = (r: string) =>
        cura.locator(`tr[data-region=${r}] [data-col=state]`).textContent();
      assert.equal(await state('LT'), 'Accepted');
      assert.equal(await state('BG41'), 'Draft');
      await checkPage(cura, 'dashboard');
      await move(cura, 'close');
      await cura.waitForURL(/done=close/);
      await move(cura, 'publish');
      await cura.waitForURL(/done=publish/);
      await checkPage(cura, 'dashboard published');
      await cura.context().close();
      assert.equal((await findCampaign(t.db.kysely, SURVEY))?.state, 'published');

      // What the stored responses say: accepted responses, their live initiatives, their regions.
      const rows = await Promise.all(SURVEY_REGIONS.map((r) => stored(SURVEY, r)));
      const accepted = rows.filter((r) => r?.state === 'accepted');
      const expected = {
        responses: accepted.length,
        initiatives: accepted
          .flatMap((r) => initiativesOf(r?.answers))
          .filter((it) => it.carry !== 'closed').length,
        regions: new Set(accepted.map((r) => r?.region_code)).size,
      };
      assert.deepEqual(expected, { responses: 1, initiatives: 5, regions: 1 });

      const visitor = await pageAs(undefined);
      await visitor.goto(`${base}/campaigns/${SURVEY}`);
      await checkPage(visitor, 'public campaign');
      const figure = async (key: string) =>
        Number(
          ((await visitor.locator(`[data-figure=${key}] .figure`).textContent()) ?? '').replace(
            /\D/g,
            '',
          ),
        );
      assert.deepEqual(
        {
          responses: await figure('responses'),
          initiatives: await figure('initiatives'),
          regions: await figure('regions'),
        },
        expected,
      );
      const api = (await (await fetch(`${base}/api/v1/campaigns/${SURVEY}`)).json()) as {
        state: string;
        results: { responses: number; initiatives: number; regions: string[] };
      };
      assert.equal(api.state, 'published');
      assert.deepEqual(
        {
          responses: api.results.responses,
          initiatives: api.results.initiatives,
          regions: api.results.regions.length,
        },
        expected,
      );
      assert.deepEqual(api.results.regions, ['LT']);

      // The comparison with the round before, public now that LT's response is accepted.
      const items = initiativesOf(accepted[0]?.answers);
      const names = (carry: string) => items.filter((it) => it.carry === carry).map(nameOf);
      await visitor.goto(`${base}/campaigns/${SURVEY}/responses/LT/compare`);
      await checkPage(visitor, 'comparison');
      const listed = (id: string) => visitor.locator(`[data-list=${id}] li`).allTextContents();
      assert.deepEqual(await listed('new'), names('new'));
      assert.deepEqual(await listed('closed'), names('closed'));
      const changedShown = await listed('changed');
      assert.equal(changedShown.length, names('changed').length);
      assert.match(changedShown[0] ?? '', new RegExp(names('changed')[0] ?? '-'));
      assert.deepEqual(await listed('unchanged'), names('unchanged'));

      // The bulk downloads carry the campaigns: the page counts them, the JSON file holds the new one.
      await visitor.goto(`${base}/downloads`);
      await checkPage(visitor, 'downloads');
      const all = await listCampaigns(t.db.kysely);
      const line = await visitor.locator('li', { hasText: /^Campaigns: / }).textContent();
      assert.equal(Number((line ?? '').replace(/\D/g, '')), all.length, `${line}`);
      const dataset = (await (await fetch(`${base}/downloads/permed-atlas.json`)).json()) as {
        campaigns?: { slug: string; state: string }[];
      };
      const inFile = dataset.campaigns?.find((x) => x.slug === SURVEY);
      assert.equal(inFile?.state, 'published', 'the JSON download holds the published round');
      await visitor.context().close();
    });

    test('the regional report: filled in, submitted, accepted; the barrier × region prevalence counts it; the private note stays private', async () => {
      const cura = await pageAs('cura@example.org');
      await createThroughForm(cura, {
        slug: REPORT,
        title: 'Regional report, second round',
        questionnaire: 'preciseu-regional-report@1',
        regions: ['BG41'],
        previous: 'preciseu-barrier-mapping-2025',
        minItems: '',
        maxItems: '',
      });
      const before = smtp.received.length;
      assert.equal(await openCampaign(cura), 1);
      assert.deepEqual(
        mailsSince(before).map((m) => m.to),
        ['bora@example.org'],
      );
      const visitor = await pageAs(undefined);
      const prevalence = `${base}/barriers/prevalence?evidence=challenges`;
      const regionsFor = async (code: string) => {
        await visitor.goto(prevalence);
        const cell = visitor.locator(`tr[data-code=${code}] td.num`).nth(1);
        return Number(((await cell.textContent()) ?? '').replace(/\D/g, ''));
      };
      const countBefore = await regionsFor(NEW_BARRIER);

      const coord = await pageAs('bora@example.org');
      await coord.goto(responsePath(REPORT, 'BG41'));
      await noAutosave(coord);
      await checkPage(coord, 'report form');
      const narrow = await pageAs('bora@example.org', 375);
      await narrow.goto(responsePath(REPORT, 'BG41'));
      await checkPage(narrow, 'report form at 375 px');
      await narrow.context().close();
      const count = (section: string) => coord.locator(`fieldset[id^="item-${section}-"]`).count();
      const blank = async (section: string) => (await count(section)) - 1;
      await coord.fill('#q-summary-0-overview', 'Plovdiv links its hospitals, slowly.');
      const b = await blank('barriers');
      await coord.selectOption(`#q-barriers-${b}-barrier`, NEW_BARRIER);
      await coord.fill(`#q-barriers-${b}-description`, 'Few people can read genomic results.');
      const s = await blank('strengths');
      await coord.fill(`#q-strengths-${s}-text`, 'A university hospital with a genomics lab.');
      const p = await blank('practices');
      await coord.fill(`#q-practices-${p}-name`, 'Shared tumour board');
      await coord.fill(`#q-practices-${p}-description`, 'Oncologists meet weekly across sites.');
      await coord.fill('#q-data_access-0-how_accessed', 'By request to each hospital.');
      await coord.selectOption('#q-interviews-0-stakeholder_group', 'industry');
      await coord.check('#q-interviews-0-consent input[value=yes]');
      await coord.fill('#q-interviews-0-notes', PRIVATE_NOTE);
      await coord.fill('#q-workshop-0-held_on', '2026-11');
      await coord.selectOption('#q-workshop-0-format', 'hybrid');
      await coord.fill('#q-workshop-0-participants_total', '12');
      await coord.locator('button[name=add][value=barriers]').click();
      await coord.waitForURL(/more=barriers/);
      await noAutosave(coord);
      const o = (await count('barriers')) - 2;
      await coord.selectOption(`#q-barriers-${o}-barrier`, 'other');
      await coord.fill(`#q-barriers-${o}-other_description`, OTHER_BARRIER_TEXT);
      await coord.fill(`#q-barriers-${o}-description`, 'Tenders take more than a year.');
      await coord.locator('button[name=add][value=interviews]').click();
      await coord.waitForURL(/more=interviews/);
      await noAutosave(coord);
      for (const [i, group] of [
        [1, 'healthcare_provider'],
        [2, 'patient_organisation'],
      ] as const) {
        await coord.selectOption(`#q-interviews-${i}-stakeholder_group`, group);
        await coord.check(`#q-interviews-${i}-consent input[value=yes]`);
      }
      await coord.locator('button[name=move][value=submit]').click();
      await coord.waitForURL(/done=submit/);
      await checkPage(coord, 'report submitted');
      const sent = JSON.parse((await stored(REPORT, 'BG41'))?.answers ?? '{}') as ResponseAnswers;
      assert.equal(sent.interviews?.length, 3);
      assert.equal(sent.interviews?.[0]?.answers.notes, PRIVATE_NOTE);
      const newBarriers = (sent.barriers ?? []).filter((it) => it.carry === 'new');
      assert.deepEqual(
        newBarriers.map((it) => it.answers.barrier),
        [NEW_BARRIER, 'other'],
      );

      await cura.goto(responsePath(REPORT, 'BG41'));
      assert.ok(((await cura.locator('main').textContent()) ?? '').includes(PRIVATE_NOTE));
      await checkPage(cura, 'report to review');
      const review = await pageAs('cura@example.org', 375);
      await review.goto(responsePath(REPORT, 'BG41'));
      await checkPage(review, 'report to review at 375 px');
      await review.context().close();
      await move(cura, 'accept');
      await cura.waitForURL(/done=accept/);
      await checkPage(cura, 'report accepted');
      assert.match(
        (await cura.locator('main').textContent()) ?? '',
        new RegExp(OTHER_BARRIER_TEXT),
      );

      // The matrix counts regions per barrier from the reports' challenges: read back and count.
      const countAfter = await regionsFor(NEW_BARRIER);
      await checkPage(visitor, 'prevalence');
      const reports = await listRegionalReports(t.db.kysely);
      const regionsOnRecord = new Set(
        reports
          .filter((r) => r.challenges.some((c) => c.barrier === NEW_BARRIER))
          .map((r) => r.region),
      );
      assert.ok(
        reports.some((r) => r.region === 'BG41' && r.campaign === REPORT),
        'the new report is on record',
      );
      assert.ok(regionsOnRecord.has('BG41'));
      assert.equal(countAfter, regionsOnRecord.size);
      assert.equal(countAfter, countBefore + 1);

      // Closed and published, the round's page counts the report and its interviews.
      await cura.goto(`${base}/campaigns/${REPORT}`);
      await move(cura, 'close');
      await cura.waitForURL(/done=close/);
      await move(cura, 'publish');
      await cura.waitForURL(/done=publish/);
      const ours = reports.filter((r) => r.campaign === REPORT);
      await visitor.goto(`${base}/campaigns/${REPORT}`);
      await checkPage(visitor, 'public report campaign');
      const shown = async (key: string) =>
        Number(
          ((await visitor.locator(`[data-figure=${key}] .figure`).textContent()) ?? '').replace(
            /\D/g,
            '',
          ),
        );
      assert.equal(await shown('reports'), ours.length);
      assert.equal(await shown('interviews'), sent.interviews?.length);
      const api = (await (await fetch(`${base}/api/v1/campaigns/${REPORT}`)).json()) as {
        results: { regionalReports: number; interviews: number; regions: string[] };
      };
      assert.equal(api.results.regionalReports, ours.length);
      assert.equal(api.results.interviews, sent.interviews?.length);
      assert.deepEqual(api.results.regions, ['BG41']);

      // The private note: on no public page, API answer or download.
      for (const path of [
        '/regions/BG41',
        `/campaigns/${REPORT}`,
        `/campaigns/${REPORT}/responses/BG41/compare`,
        '/barriers/prevalence?evidence=challenges',
        '/api/v1/regions/BG41',
        `/api/v1/campaigns/${REPORT}`,
        '/api/v1/engagement',
        '/api/v1/statistics/prevalence?evidence=challenges',
        '/downloads/permed-atlas.json',
      ]) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, 200, path);
        assert.ok(!(await res.text()).includes('PRIVATE-NOTE'), `the private note on ${path}`);
      }
      await visitor.goto(`${base}/regions/BG41`);
      await checkPage(visitor, 'region page');
      for (const page of [cura, coord, visitor]) await page.context().close();
    });

    test('each page type at 375 px: zero axe violations, no sideways scrolling', async () => {
      const cura = await pageAs('cura@example.org', 375);
      for (const path of [
        '/campaigns/new',
        `/campaigns/${REPORT}`,
        `/campaigns/${SURVEY}/responses/LT`,
        `/campaigns/${SURVEY}/responses/BG41`,
      ]) {
        await cura.goto(`${base}${path}`);
        await checkPage(cura, `${path} at 375 px`);
      }
      const visitor = await pageAs(undefined, 375);
      for (const path of [
        `/campaigns/${SURVEY}`,
        `/campaigns/${SURVEY}/responses/LT/compare`,
        '/barriers/prevalence?evidence=challenges',
        '/downloads',
      ]) {
        await visitor.goto(`${base}${path}`);
        await checkPage(visitor, `${path} at 375 px`);
      }
    });
  });
}
