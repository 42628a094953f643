import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { watchPageProblems } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

describe('linked data in headless chromium (reference data, CSP enforced)', () => {
  const site = referenceSiteWithBrowser();

  test('an initiative page carries its JSON-LD in the head without any CSP violation', async () => {
    // No bypassCSP: the site's own policy (script-src 'self') applies.
    const context = await site.browser.newContext();
    try {
      const page = await context.newPage();
      const reports = await watchPageProblems(page);
      const path = '/initiatives/genomic-medicine-sweden';
      const res = await page.goto(`${site.server.url}${path}`);
      assert.equal(res?.status(), 200);
      assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      const block = page.locator('head script[type="application/ld+json"]');
      assert.equal(await block.count(), 1);
      const embedded = JSON.parse((await block.textContent()) ?? '');
      const negotiated = await (
        await fetch(`${site.server.url}${path}`, { headers: { accept: 'application/ld+json' } })
      ).json();
      assert.deepEqual(embedded, negotiated);
      assert.equal(embedded['@type'], 'Organization');
      assert.equal(embedded['@id'], `${site.server.url}${path}`);
      await page.waitForLoadState('load');
      assert.deepEqual(await reports(), []);

      // The watch does see a violation: an inline script the policy refuses is reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'void 0';
        document.body.append(s);
      });
      await page.waitForTimeout(100);
      assert.ok(
        (await reports()).some((r) => /script-src/.test(r)),
        'an inline script is reported as a CSP violation',
      );
    } finally {
      await context.close();
    }
  });
});
