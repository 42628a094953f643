import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoAxeViolations, launchBrowser } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

const PASSWORD = 'correct horse battery staple';
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const WIDTHS = [375, 1280] as const;

describe('contributor pages in headless chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const outbox = mkdtempSync(join(tmpdir(), 'atlas-outbox-'));
  /** The real CLI against the server's database and outbox. */
  const atlas = (input: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl, MAIL_OUTBOX_DIR: outbox },
      encoding: 'utf8',
      input,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  before(async () => {
    server = await startServer(undefined, { env: { MAIL_OUTBOX_DIR: outbox } });
    browser = await launchBrowser();
    atlas(`${PASSWORD}\n`, 'users', 'create', '--email', 'admin@example.org', '--role', 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(outbox, { recursive: true, force: true });
  });

  /** A new page at a width (phones: 375 px), CSP bypassed only so axe can be injected. */
  async function open(width: number): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    // A missing element fails the test in 15 s instead of waiting for ever.
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  async function checkPage(page: Page, label: string) {
    assert.equal(await page.locator('h1').count(), 1, `${label}: one h1`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px)`);
    await assertNoAxeViolations(page);
  }

  test('keyboard only: Tab to the form, type, Enter signs in and lands on the account page', async () => {
    const page = await open(1280);
    await page.goto(`${server.url}/sign-in`);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === 'field-email') break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-email');
    await page.keyboard.type('admin@example.org');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    assert.equal(await page.locator('h1').textContent(), 'Your account');
    await page.context().close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px: sign-in (with its errors), account, token, invitations, audit and reset pass axe in English and Spanish`, async () => {
      const page = await open(width);
      for (const lang of ['en', 'es']) {
        await page.goto(`${server.url}/sign-in?lang=${lang}`);
        await checkPage(page, `sign-in ${lang}`);
        await page.fill('#field-email', 'admin@example.org');
        await page.fill('#field-password', 'not the password');
        await page.locator('form.stacked-form button[type=submit]').click();
        await page.waitForLoadState();
        assert.equal(await page.locator('.error-summary[role=alert]').count(), 1);
        assert.equal(await page.inputValue('#field-email'), 'admin@example.org', 'kept');
        await checkPage(page, `sign-in error ${lang}`);
        await page.goto(`${server.url}/password-reset?lang=${lang}`);
        await checkPage(page, `reset ${lang}`);
      }
      await page.goto(`${server.url}/sign-in?lang=en`);
      await page.fill('#field-email', 'admin@example.org');
      await page.fill('#field-password', PASSWORD);
      await page.locator('form.stacked-form button[type=submit]').click();
      await page.waitForURL(/\/account$/);
      await page.fill('#field-name', `phone ${width}`);
      await page.locator('button', { hasText: 'Create token' }).click();
      await page.waitForLoadState();
      assert.match((await page.locator('code.secret').textContent()) ?? '', /^atlas_pat_/);
      await checkPage(page, 'account with a new token');
      for (const lang of ['en', 'es']) {
        await page.goto(`${server.url}/admin/accounts?lang=${lang}`);
        await checkPage(page, `administration ${lang}`);
        // An address the browser accepts; the region is what the server refuses.
        await page.fill('#field-email', `someone-${width}-${lang}@example.org`);
        await page.fill('#field-regions', 'XX9');
        await page
          .locator('button', { hasText: lang === 'en' ? 'Send the invitation' : 'Enviar' })
          .click();
        await page.waitForLoadState();
        assert.equal(await page.locator('#field-regions[aria-invalid=true]').count(), 1);
        assert.equal(await page.inputValue('#field-email'), `someone-${width}-${lang}@example.org`);
        await checkPage(page, `invitation error ${lang}`);
        await page.goto(`${server.url}/admin/audit?lang=${lang}`);
        await checkPage(page, `audit ${lang}`);
      }
      await page.context().close();
    });
  }

  for (const width of WIDTHS) {
    test(`at ${width} px: a visitor suggests a correction without JavaScript; the curators' queue passes axe`, async () => {
      const page = await open(width);
      const context = page.context();
      await page.goto(`${server.url}/initiatives`);
      const first = await page
        .locator('main a[href^="/initiatives/"]')
        .first()
        .getAttribute('href');
      await page.goto(`${server.url}${first}`);
      await page.locator('a', { hasText: 'Suggest a correction' }).click();
      await page.waitForURL(/\/suggest\?record=initiative:/);
      await checkPage(page, 'suggestion form');
      // The form needs no JavaScript: the page loads no script at all.
      assert.equal(await page.locator('script[src]').count(), 0);
      await page.fill(
        '#field-message',
        `The end year is 2027 (seen at ${width} px in the annual report).`,
      );
      const sum = (await page.locator('label[for=field-answer]').textContent()) ?? '';
      const [x, y] = (sum.match(/(\d) \+ (\d)/)?.slice(1) ?? []).map(Number);
      await page.fill('#field-answer', String((x ?? 0) + (y ?? 0) + 1));
      await page.locator('button', { hasText: 'Send the suggestion' }).click();
      await page.waitForLoadState();
      assert.equal(
        await page.locator('#field-answer[aria-invalid=true]').count(),
        1,
        'a wrong sum',
      );
      assert.match(
        await page.inputValue('#field-message'),
        /end year is 2027/,
        'the message is kept',
      );
      await checkPage(page, 'suggestion form with a problem');
      const again = (await page.locator('label[for=field-answer]').textContent()) ?? '';
      const [a, b] = (again.match(/(\d) \+ (\d)/)?.slice(1) ?? []).map(Number);
      await page.fill('#field-answer', String((a ?? 0) + (b ?? 0)));
      await page.locator('button', { hasText: 'Send the suggestion' }).click();
      await page.waitForLoadState();
      assert.match((await page.locator('[role=status]').textContent()) ?? '', /curators' queue/);
      await context.close();
      const curator = await open(width);
      await curator.goto(`${server.url}/sign-in`);
      await curator.fill('#field-email', 'admin@example.org');
      await curator.fill('#field-password', PASSWORD);
      await curator.locator('form.stacked-form button[type=submit]').click();
      await curator.waitForURL(/\/account$/);
      await curator.goto(`${server.url}/admin/suggestions`);
      assert.ok(
        (await curator.locator('blockquote', { hasText: `seen at ${width} px` }).count()) === 1,
      );
      await checkPage(curator, 'suggestions queue');
      await curator.context().close();
    });
  }

  test('a hostile name typed into a form renders as text and runs nothing', async () => {
    atlas(
      '',
      'users',
      'invite',
      '--email',
      'coord@example.org',
      '--role',
      'coordinator',
      '--regions',
      'ES51',
      '--url',
      server.url,
    );
    const link = atlas('', 'mail', 'outbox', '--show').match(/http:\/\/\S+\/invitations\/\S+/)?.[0];
    assert.ok(link, 'the invitation link is in the outbox');
    const page = await open(375);
    await page.goto(link);
    await checkPage(page, 'invitation');
    await page.fill('#field-displayName', HOSTILE);
    await page.fill('#field-password', PASSWORD);
    await page.locator('form.stacked-form button[type=submit]').click();
    await page.waitForURL(/\/account$/);
    assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('dl.facts dd').first().textContent(), HOSTILE);
    await checkPage(page, 'account of a coordinator');
    await page.goto(`${server.url}/initiatives`);
    assert.match((await page.locator('footer').textContent()) ?? '', /Signed in as <img src=x/);
    assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined);
    await page.context().close();
  });
});
