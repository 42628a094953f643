import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { assertNoAxeViolations, launchBrowser } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

/**
 * Sign-in through a real OpenID Connect provider (oidc-provider, in this process) with its
 * development login and consent pages, driven in chromium like a person would.
 */
describe('sign-in with an OpenID Connect provider', () => {
  let idp: Server;
  let issuer = '';
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    server = await startServer(undefined, {
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'atlas',
        OIDC_CLIENT_SECRET: 'a client secret of the test',
        OIDC_NAME: 'Test University',
      },
    });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'atlas',
          client_secret: 'a client secret of the test',
          redirect_uris: [`${server.url}/sign-in/oidc/callback`],
        },
      ],
      // The login typed on the provider's page is the person's e-mail address; "unverified-…"
      // addresses come without the provider's confirmation.
      findAccount: async (_ctx, id) => ({
        accountId: id,
        claims: async () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified') }),
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      cookies: { keys: ['a cookie key of the test'] },
    });
    idp.on('request', provider.callback());
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/atlas.js'),
        'users',
        'create',
        '--email',
        'coord@example.org',
        '--role',
        'coordinator',
        '--regions',
        'ES51',
      ],
      {
        env: { ...process.env, DATABASE_URL: server.databaseUrl },
        input: 'correct horse battery staple\n',
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((r) => idp?.close(r));
  });

  /** From the atlas's sign-in page through the provider's login and consent, as `login`. */
  async function signInAs(login: string): Promise<Page> {
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 375, height: 800 },
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in?next=/contribute`);
    await assertNoAxeViolations(page);
    await page.getByRole('link', { name: 'Sign in with Test University' }).click();
    await page.waitForURL(new RegExp(`^${issuer}/interaction/`));
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything');
    await page.locator('button[type=submit]').click();
    // The provider asks for consent once per client.
    await page.waitForLoadState();
    if (page.url().startsWith(issuer)) await page.locator('button[type=submit]').click();
    await page.waitForURL(new RegExp(`^${server.url}`));
    return page;
  }

  test('an invited account signs in and lands where it was going', async () => {
    const page = await signInAs('coord@example.org');
    assert.equal(new URL(page.url()).pathname, '/contribute');
    assert.match((await page.locator('footer').textContent()) ?? '', /Signed in as coord/);
    await page.context().close();
  });

  test('an address without an account, or one the provider did not confirm, is refused with what to do', async () => {
    const stranger = await signInAs('stranger@example.org');
    assert.match(
      (await stranger.locator('.error-summary').textContent()) ?? '',
      /no account of the atlas has the address stranger@example\.org; ask a curator or an administrator for an invitation/,
    );
    await assertNoAxeViolations(stranger);
    await stranger.context().close();
    const unverified = await signInAs('unverified-coord@example.org');
    assert.match(
      (await unverified.locator('.error-summary').textContent()) ?? '',
      /did not confirm an e-mail address/,
    );
    await unverified.context().close();
  });

  test('a callback that did not start here is refused', async () => {
    const r = await fetch(`${server.url}/sign-in/oidc/callback?code=forged&state=forged`);
    assert.equal(r.status, 401);
    assert.match(await r.text(), /did not start here; start it again/);
  });
});
