import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/accounts.ts';
import type { ResponseItem } from '../../src/domain/questionnaires.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { regionComparison } from '../../src/services/campaign-dashboard.ts';
import { getResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import { readOutbox } from '../../src/services/mail.ts';
import { assertPageBasics, launchBrowser, signedInPage } from '../helpers/browser.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
import { TEST_PASSWORD } from '../helpers/http-session.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

const WIDTHS = [375, 1280] as const;
const SHOTS = join(ROOT, 'tmp-shots');
const SLUG = 'browser-survey-2030';
/** The seeded D3.1 round the new campaign follows. */
const PREVIOUS = 'preciseu-initiative-mapping-2025';

describe('campaign pages in headless chromium: list, form (keyboard only), dashboard, comparison', () => {
  let server: RunningServer;
  let browser: Browser;
  const outbox = mkdtempSync(join(tmpdir(), 'atlas-outbox-'));
  const people: Record<string, Actor> = {};

  before(async () => {
    server = await startServer(REFERENCE_DIR, { env: { MAIL_OUTBOX_DIR: outbox } });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
    const db = openDatabase(server.databaseUrl);
    try {
      for (const [name, email, role, regions] of [
        ['cura', 'cura@example.org', 'curator', []],
        ['ana', 'ana@example.org', 'coordinator', ['ES51']],
      ] as const) {
        const a = await createAccount(
          db,
          { email, password: TEST_PASSWORD, role, regions: [...regions] },
          'cli',
        );
        people[name] = { kind: 'account', id: a.id, role, regions };
      }
    } finally {
      await db.close();
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(outbox, { recursive: true, force: true });
  });

  const signedIn = (email: string, width: number) =>
    signedInPage(browser, server.url, email, width, TEST_PASSWORD);

  async function checkPage(page: Page, label: string) {
    await assertPageBasics(page, label);
    await page.screenshot({ path: join(SHOTS, `campaigns-${label}.png`), fullPage: true });
    await page.screenshot({ path: join(SHOTS, `campaigns-${label}-top.png`) });
  }

  /** Presses Tab until the focused element matches `selector`; fails after 200 presses. */
  async function tabTo(page: Page, selector: string) {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
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

  test('a curator fills in and sends the new-campaign form with the keyboard only, then opens the campaign', async () => {
    const page = await signedIn('cura@example.org', 1280);
    await page.goto(`${server.url}/campaigns/new`);
    await tabTo(page, '#field-questionnaire');
    await arrowTo(page, '#field-questionnaire', 'preciseu-initiative-survey@1');
    const typeInto = async (id: string, text: string) => {
      await tabTo(page, id);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    };
    await typeInto('#field-slug', SLUG);
    // The title is left out first: the form comes back with the problem beside it.
    await typeInto('#field-opensAt', '2026-01-01');
    await typeInto('#field-closesAt', '2030-12-31');
    for (const region of ['ES51', 'SE232']) {
      await tabTo(page, `input[name=regions][value=${region}]`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, '#field-previous');
    await arrowTo(page, '#field-previous', PREVIOUS);
    await tabTo(page, 'form.campaign-form button[type=submit]');
    await page.keyboard.press('Enter');
    await page.locator('.error-summary[role=alert]').waitFor();
    assert.match((await page.locator('#field-title-error').textContent()) ?? '', /title/);
    assert.equal(await page.inputValue('#field-slug'), SLUG, 'what was typed is kept');
    assert.ok(await page.isChecked('input[name=regions][value=SE232]'));
    await checkPage(page, 'new-errors-1280');
    // The summary's link takes the keyboard to the field.
    await tabTo(page, '.error-summary a[href="#field-title"]');
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    if ((await focused()) !== 'field-title') await page.keyboard.press('Tab');
    assert.equal(await focused(), 'field-title', 'the summary link leads to the field');
    await page.keyboard.type('Initiative survey 2030');
    assert.equal(await page.inputValue('#field-title'), 'Initiative survey 2030');
    await tabTo(page, 'form.campaign-form button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/campaigns/${SLUG}\\?done=created$`));
    assert.match((await page.locator('.notice').textContent()) ?? '', /created as a draft/);
    await tabTo(page, 'form[action$="/move"]:has(input[value=open]) button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=open/);
    const notice = (await page.locator('.notice').textContent()) ?? '';
    const sent = Number(notice.match(/(\d+) invitations? (was|were) sent/)?.[1]);
    const mails = (await readOutbox(outbox)).filter((m) => m.text.includes(SLUG));
    assert.equal(sent, mails.length);
    assert.ok(mails.some((m) => m.to === 'ana@example.org'));
  });

  test('pages at 375 and 1280 px: zero axe violations, no sideways scrolling, the comparison read back', async () => {
    // Ana answers: the D3.1 initiatives carried forward, one changed, one closed, one new.
    const db = openDatabase(server.databaseUrl);
    let expected: Awaited<ReturnType<typeof regionComparison>>['comparison'];
    try {
      const ana = people.ana as Actor;
      const before = await getResponse(db, ana, PREVIOUS, 'ES51');
      const items = (before.answers.initiatives ?? []).map(
        (it): ResponseItem => ({ ...it, carry: 'unchanged' }),
      );
      assert.ok(items.length >= 3, 'the D3.1 response of ES51 has initiatives');
      const [first, second] = items as [ResponseItem, ResponseItem];
      items[0] = {
        ...first,
        carry: 'changed',
        answers: { ...first.answers, objectives: 'Broadened to the whole region.' },
      };
      items[1] = { ...second, carry: 'closed' };
      items.push({
        carry: 'new',
        answers: {
          name: 'Catalan pharmacogenomics network',
          objectives: 'Shares pharmacogenomic testing between hospitals.',
          scopes: ['regional'],
          status: 'ongoing',
        },
      });
      await saveResponse(db, ana, SLUG, 'ES51', { answers: { initiatives: items }, revision: 0 });
      expected = (await regionComparison(db, ana, SLUG, 'ES51')).comparison;
    } finally {
      await db.close();
    }
    for (const width of WIDTHS) {
      const page = await signedIn('cura@example.org', width);
      await page.goto(`${server.url}/campaigns?lang=en`);
      await checkPage(page, `list-${width}`);
      assert.ok((await page.locator('[data-figure=responses] .figure').count()) >= 2);
      await page.goto(`${server.url}/campaigns/new?lang=es`);
      await checkPage(page, `new-es-${width}`);
      await page.goto(`${server.url}/campaigns/${SLUG}?lang=en`);
      await checkPage(page, `campaign-${width}`);
      assert.equal(
        await page.locator('tr[data-region=ES51] [data-col=state]').textContent(),
        'Draft',
      );
      await page.goto(`${server.url}/campaigns/${SLUG}/responses/ES51/compare?lang=de`);
      await checkPage(page, `compare-de-${width}`);
      const listed = (id: string) => page.locator(`[data-list=${id}] li`).allTextContents();
      assert.deepEqual(await listed('new'), expected.items.new);
      assert.deepEqual(await listed('closed'), expected.items.closed);
      assert.equal((await listed('changed')).length, expected.items.changed.length);
      assert.match((await listed('changed'))[0] ?? '', /geändert: Ziele/);
      assert.deepEqual(await listed('unchanged'), expected.items.unchanged);
      await page.context().close();
    }
  });
});
