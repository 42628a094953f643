import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/accounts.ts';
import type { ResponseAnswers } from '../../src/domain/questionnaires.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { getResponse, moveResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import { addQuestionnaire, createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import {
  assertNoAxeViolations,
  assertPageBasics,
  launchBrowser,
  signedInPage,
  watchPageProblems,
} from '../helpers/browser.ts';
import { FIXTURE_DIR, ROOT } from '../helpers/fixtures.ts';
import { TEST_PASSWORD } from '../helpers/http-session.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

const WIDTHS = [375, 1280] as const;
const SHOTS = join(ROOT, 'tmp-shots');
const QUESTIONNAIRES = JSON.parse(
  readFileSync(new URL('../../data/reference/questionnaires.json', import.meta.url), 'utf8'),
) as unknown[];
const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const SURVEY = '/campaigns/browser-survey/responses/ES51';
const REPORT = '/campaigns/browser-report/responses/ES51';
const DONE = '/campaigns/browser-done/responses/ES51';
const REPORT_ANSWERS: ResponseAnswers = {
  summary: [{ answers: { overview: 'Hospitals share genomic data, but slowly.' } }],
  barriers: [
    {
      carry: 'new',
      answers: {
        barrier: 'other',
        other_description: 'Slow regional tendering',
        description: 'Tenders for sequencing take more than a year.',
      },
    },
    { carry: 'new', answers: { barrier: 'B01', description: 'Data sit in separate systems.' } },
  ],
  strengths: [{ carry: 'new', answers: { text: 'A regional genomics plan.' } }],
  weaknesses: [{ carry: 'new', answers: { text: 'Few trained staff.' } }],
  interviews: [
    {
      carry: 'new',
      answers: { stakeholder_group: 'industry', consent: true, notes: 'Private note' },
    },
  ],
  workshop: [{ answers: { held_on: '2026-11', format: 'hybrid', participants_total: 14 } }],
};

describe('response pages in headless chromium: keyboard only, autosave, conflict, axe', () => {
  let server: RunningServer;
  let browser: Browser;
  const people: Record<string, Actor> = {};
  /** The response as stored, read from the server's database. */
  const stored = async (path: string) => {
    const db = openDatabase(server.databaseUrl);
    try {
      const [, , slug = '', , region = ''] = path.split('/');
      return await getResponse(db, people.cura as Actor, slug, region);
    } finally {
      await db.close();
    }
  };

  before(async () => {
    server = await startServer(FIXTURE_DIR);
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
    const db = openDatabase(server.databaseUrl);
    try {
      for (const [name, email, role, regions] of [
        ['cura', 'cura@example.org', 'curator', []],
        ['ana', 'ana@example.org', 'coordinator', ['ES51']],
        ['berta', 'berta@example.org', 'coordinator', ['ES51']],
      ] as const) {
        const a = await createAccount(
          db,
          { email, password: TEST_PASSWORD, role, regions: [...regions], displayName: name },
          'cli',
        );
        people[name] = { kind: 'account', id: a.id, role, regions };
      }
      const cura = people.cura as Actor;
      for (const qn of QUESTIONNAIRES) await addQuestionnaire(db, cura, qn);
      for (const [slug, kind, questionnaire] of [
        ['browser-survey', 'initiative_mapping', 'preciseu-initiative-survey'],
        ['browser-report', 'barrier_mapping', 'preciseu-regional-report'],
        ['browser-done', 'barrier_mapping', 'preciseu-regional-report'],
      ] as const) {
        await createCampaign(db, cura, {
          slug,
          kind,
          title: `Browser ${slug}`,
          questionnaire: { slug: questionnaire, version: 1 },
          opensAt: iso(-1),
          closesAt: iso(9),
          reminderDays: [3],
          regions: ['ES51'],
          rules:
            kind === 'initiative_mapping' ? { minItemsPerRegion: 5, maxItemsPerRegion: 10 } : {},
        });
        await moveCampaign(db, cura, slug, 'open');
      }
      // A complete regional report, submitted: read-only for the region, to review for curators.
      const ana = people.ana as Actor;
      await saveResponse(db, ana, 'browser-done', 'ES51', { answers: REPORT_ANSWERS, revision: 0 });
      await moveResponse(db, ana, 'browser-done', 'ES51', 'submit');
    } finally {
      await db.close();
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signedIn = (email: string, width: number) =>
    signedInPage(browser, server.url, email, width, TEST_PASSWORD);

  async function checkPage(page: Page, label: string) {
    await assertPageBasics(page, label);
    await page.screenshot({ path: join(SHOTS, `response-${label}.png`), fullPage: true });
  }

  /** Presses Tab until the focused element matches `selector`. */
  async function tabTo(page: Page, selector: string, limit = 400) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    assert.fail(`Tab never reached ${selector}`);
  }

  /** Autosave after half a second instead of 20 (the script reads the form's data-autosave-ms). */
  const quickAutosave = (page: Page) =>
    page.evaluate(() => {
      const form = document.getElementById('response-form');
      if (form) form.dataset.autosaveMs = '400';
    });

  test('a coordinator fills in the survey with the keyboard only; autosave says when it saved', async () => {
    const page = await signedIn('ana@example.org', 1280);
    const problems = await watchPageProblems(page);
    await page.goto(`${server.url}${SURVEY}`);
    await quickAutosave(page);
    const carried = (await stored(SURVEY)).answers.initiatives?.length ?? 0;
    const blank = `#q-initiatives-${carried}`;
    await tabTo(page, `${blank}-name`);
    await page.keyboard.type('Catalan Genomics Hub');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Joins up genome sequencing across the region’s hospitals.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://example.org/genomics-hub');
    await tabTo(page, `${blank}-scopes input[value=regional]`);
    await page.keyboard.press('Space');
    await tabTo(page, `${blank}-status`);
    await page.keyboard.type('Ongoing');
    await page.locator('#autosave-status', { hasText: /Saved at \d/ }).waitFor();
    // Typing went on while the first background saves ran: let the last one land.
    await page.waitForTimeout(1500);
    const autosaved = await stored(SURVEY);
    assert.ok(autosaved.revision >= 1, 'saved in the background');
    assert.equal(autosaved.answers.initiatives?.[carried]?.answers.status, 'ongoing');
    assert.equal(
      await page.inputValue('input[name=revision]'),
      String(autosaved.revision),
      'the form took the new revision',
    );
    // One more answer, then Save with Enter: a normal save on the revision autosave left.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, `${blank}-funding input[value=eu]`);
    await page.keyboard.press('Space');
    await tabTo(page, 'button[name=intent][value=save]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=saved/);
    assert.match((await page.locator('.notice[role=status]').textContent()) ?? '', /saved/);
    const saved = await stored(SURVEY);
    assert.equal(saved.revision, autosaved.revision + 1);
    const added = saved.answers.initiatives?.[carried];
    assert.deepEqual(added?.answers, {
      name: 'Catalan Genomics Hub',
      objectives: 'Joins up genome sequencing across the region’s hospitals.',
      link: 'https://example.org/genomics-hub',
      scopes: ['regional'],
      status: 'ongoing',
      funding: ['eu'],
    });
    assert.deepEqual(await problems(), []);
    await page.context().close();
  });

  test('two coordinators with the form open: the second is told of the conflict and keeps her text', async () => {
    const ana = await signedIn('ana@example.org', 1280);
    const berta = await signedIn('berta@example.org', 1280);
    await ana.goto(`${server.url}${SURVEY}`);
    await berta.goto(`${server.url}${SURVEY}`);
    await quickAutosave(ana);
    await quickAutosave(berta);
    await ana.fill('#q-initiatives-0-funding_note', 'Regional health plan');
    await ana.locator('#autosave-status', { hasText: /Saved at/ }).waitFor();
    await berta.fill('#q-initiatives-1-funding_note', 'Berta’s note');
    await berta.locator('#autosave-status', { hasText: /someone else saved/ }).waitFor();
    await berta.locator('button[name=intent][value=save]').click();
    await berta.waitForLoadState();
    assert.match(
      (await berta.locator('.error-summary h2').textContent()) ?? '',
      /Someone else saved/,
    );
    assert.equal(await berta.inputValue('#q-initiatives-1-funding_note'), 'Berta’s note');
    await checkPage(berta, 'conflict-1280');
    // Saving again after checking goes through, on the current revision.
    await berta.locator('button[name=intent][value=save]').click();
    await berta.waitForURL(/done=saved/);
    const now = await stored(SURVEY);
    assert.equal(now.answers.initiatives?.[1]?.answers.funding_note, 'Berta’s note');
    await ana.context().close();
    await berta.context().close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px: the survey, the regional report, problems and the curator's view pass axe`, async () => {
      const page = await signedIn('ana@example.org', width);
      await page.goto(`${server.url}${SURVEY}`);
      await checkPage(page, `survey-${width}`);
      await page.goto(`${server.url}${REPORT}?lang=es`);
      await checkPage(page, `report-es-${width}`);
      await page.goto(`${server.url}${REPORT}?lang=en`);
      // A barrier chosen as "other" without a description, and a bad count: problems on the fields.
      await page.selectOption('#q-barriers-0-barrier', 'other');
      await page.fill('#q-workshop-0-participants_total', '-3');
      await page.locator('button[name=intent][value=save]').click();
      await page.waitForURL(/done=saved/);
      assert.ok((await page.locator('.error-summary li').count()) > 0);
      assert.match(
        (await page.locator('#q-barriers-0-other_description-error').textContent()) ?? '',
        /describe the barrier/,
      );
      await checkPage(page, `report-problems-${width}`);
      await page.context().close();
      const cura = await signedIn('cura@example.org', width);
      await cura.goto(`${server.url}${SURVEY}`);
      assert.equal(await cura.locator('#comment-path').count(), 1);
      await checkPage(cura, `curator-${width}`);
      // A submitted report: the region reads it; a curator reviews it.
      await cura.goto(`${server.url}${DONE}`);
      assert.equal(await cura.locator('#response-form').count(), 0);
      assert.equal(await cura.locator('button', { hasText: 'Accept and publish' }).count(), 1);
      await checkPage(cura, `review-${width}`);
      await cura.context().close();
      const region = await signedIn('ana@example.org', width);
      await region.goto(`${server.url}${DONE}`);
      assert.match((await region.locator('main').textContent()) ?? '', /Slow regional tendering/);
      await checkPage(region, `read-only-${width}`);
      await region.context().close();
    });
  }

  test('a curator accepts with the keyboard; the outcome names the barrier to code', async () => {
    const cura = await signedIn('cura@example.org', 1280);
    await cura.goto(`${server.url}${DONE}`);
    await tabTo(cura, 'form.move-form input[value=accept] ~ button');
    await cura.keyboard.press('Enter');
    await cura.waitForURL(/done=accept/);
    const outcome = cura.locator('#outcome-title + ul, #outcome-title ~ *');
    assert.match((await outcome.allTextContents()).join(' '), /Slow regional tendering/);
    assert.equal((await stored(DONE)).state, 'accepted');
    await checkPage(cura, 'accepted-1280');
    await cura.context().close();
  });
  test('a new initiative that the atlas has already is pointed out once autosave has run', async () => {
    const page = await signedIn('berta@example.org', 375);
    await page.goto(`${server.url}${SURVEY}`);
    await quickAutosave(page);
    const items = (await stored(SURVEY)).answers.initiatives?.length ?? 0;
    await page.fill(`#q-initiatives-${items}-name`, 'Genomic Medicine Swedn');
    await page.locator('#autosave-status', { hasText: /Saved at \d/ }).waitFor();
    const hint = page.locator(`#item-initiatives-${items} .duplicate-hint`);
    await hint.waitFor();
    assert.equal(
      await hint.locator('a').getAttribute('href'),
      '/initiatives/genomic-medicine-sweden',
    );
    assert.match((await hint.textContent()) ?? '', /Already in the atlas\?.*94% alike/);
    await assertNoAxeViolations(page);
    await page.context().close();
  });
});
