import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type RunningServer, startServer } from '../helpers/server.ts';

describe('bulk downloads over HTTP (real server on the fixtures, its own DOWNLOADS_DIR)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('the page lists the files; each file streams with its checksum as ETag and revalidates with 304', async () => {
    const page = await fetch(`${server.url}/downloads`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const sums = await (await fetch(`${server.url}/downloads/SHA256SUMS`)).text();
    const lines = sums.trim().split('\n');
    assert.equal(lines.length, 5);
    for (const line of lines) {
      const [sha256, name] = line.split('  ');
      assert.ok(html.includes(`href="/downloads/${name}"`), `the page links ${name}`);
      assert.ok(html.includes(sha256 ?? '-'), `the page shows the checksum of ${name}`);
      const r = await fetch(`${server.url}/downloads/${name}`, {
        headers: { 'accept-encoding': 'gzip, br' },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('etag'), `"${sha256}"`);
      const bytes = Buffer.from(await r.arrayBuffer());
      assert.equal(Number(r.headers.get('content-length')), bytes.length);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), sha256, name);
      const again = await fetch(`${server.url}/downloads/${name}`, {
        headers: { 'if-none-match': `"${sha256}"` },
      });
      assert.equal(again.status, 304);
    }
    assert.equal((await fetch(`${server.url}/downloads/..%2F..%2Fatlas.db`)).status, 404);
    assert.match(await (await fetch(`${server.url}/about`)).text(), /href="\/downloads"/);
    assert.match(await (await fetch(`${server.url}/initiatives`)).text(), /href="\/downloads"/);
  });
});
