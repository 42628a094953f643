import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Script } from 'node:vm';
import { tokensCss } from '../../src/web/tokens.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

describe('HTTP server (real process, new database seeded on first start)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('the new database was migrated and seeded on first start', () => {
    assert.match(server.output(), /loaded 8 initiatives/);
  });

  test('health reports the database and the number of initiatives', async () => {
    const r = await fetch(`${server.url}/health`);
    assert.equal(r.status, 200);
    const { elapsedMs, ...rest } = await r.json();
    assert.deepEqual(rest, { status: 'ok', database: 'sqlite', initiatives: 8, state: 'up' });
    assert.equal(typeof elapsedMs, 'number');
  });

  for (const [path, title] of [
    ['/', 'PerMed Atlas'],
    ['/initiatives', 'Initiatives – PerMed Atlas'],
    ['/initiatives?q=genomic&domain=ecosystem', 'Initiatives matching “genomic” – PerMed Atlas'],
    ['/initiatives/camp', 'CAMP – PerMed Atlas'],
  ] as const) {
    test(`GET ${path} is a page with lang and title`, async () => {
      const r = await fetch(`${server.url}${path}`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      const body = await r.text();
      assert.match(body, /^<!doctype html><html lang="en">/);
      assert.ok(body.includes(`<title>${title}</title>`), `title of ${path}`);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    });
  }

  test('the list page filters by facet without JavaScript (plain GET parameters)', async () => {
    const body = await (await fetch(`${server.url}/initiatives?region=ES51`)).text();
    assert.match(body, /3 initiatives/);
    for (const name of ['ATMP Catalonia', 'Complementary Plan of Biotechnology applied to Health'])
      assert.ok(body.includes(name));
    assert.ok(!body.includes('Genomic Medicine Sweden'));
  });

  test('the results as cards: the same initiatives, and every link of the page keeps the view', async () => {
    const page = async (q: string) => (await fetch(`${server.url}/initiatives?${q}`)).text();
    const slugs = (html: string) =>
      [...html.matchAll(/<li class="result"><h3><a href="\/initiatives\/([^"]+)"/g)].map(
        (m) => m[1],
      );
    const list = await page('pageSize=3&sort=name');
    const cards = await page('pageSize=3&sort=name&view=cards');
    assert.match(cards, /<ol class="results results-cards"/);
    assert.deepEqual(slugs(cards), slugs(list));
    assert.equal(slugs(list).length, 3);
    assert.match(cards, /<strong aria-current="page">Cards<\/strong>/);
    assert.match(list, /<a href="\/initiatives\?pageSize=3&amp;view=cards">Cards<\/a>/);
    // The search form (and with it the filters), pages and the removal of a filter keep the view;
    // downloads and the canonical address do not.
    const filtered = await page('domain=ecosystem&pageSize=3&view=cards');
    assert.match(filtered, /href="\/initiatives\?pageSize=3&amp;view=cards"/);
    assert.match(cards, /href="\/initiatives\?page=2&amp;pageSize=3&amp;view=cards"/);
    assert.match(cards, /<input type="hidden" name="view" value="cards"\/>/);
    assert.doesNotMatch(cards, /initiatives\.csv\?[^"]*view=/);
    assert.match(cards, /<link rel="canonical" href="\/initiatives\?pageSize=3"\/>/);
  });

  test('the list page highlights matched words in snippets', async () => {
    const body = await (await fetch(`${server.url}/initiatives?q=bioprocess`)).text();
    assert.match(body, /with <mark>bioprocessing<\/mark> and manufacturing/);
  });

  test('a page past the last one says so and links to the last page', async () => {
    const body = await (await fetch(`${server.url}/initiatives?page=50`)).text();
    assert.match(body, /Page 50 is past the end: there is 1 page of results\./);
    assert.match(body, /<a href="\/initiatives">Go to the last page<\/a>/);
  });

  test('the detail page links the home country to the country filter', async () => {
    const body = await (await fetch(`${server.url}/initiatives/camp`)).text();
    assert.ok(body.includes('<a href="/initiatives?country=SE">Sweden</a>'));
  });

  test('the detail page shows the missing-link reason and the source', async () => {
    const body = await (
      await fetch(`${server.url}/initiatives/roadmap-precision-medicine-sweden`)
    ).text();
    assert.match(body, /the source says “Not available yet\.”/);
    assert.match(
      body,
      /<cite>PRECISEU D3\.1 Initiatives Mapping<\/cite>, section 7 Appendix, row 7/,
    );
  });

  test('unknown pages are 404 pages that help; bad parameters are 400', async () => {
    const r = await fetch(`${server.url}/initiatives/no-such-thing`);
    assert.equal(r.status, 404);
    assert.match(
      await r.text(),
      /<p>There is no initiative &quot;no-such-thing&quot;; search the list of initiatives instead<\/p>/,
    );
    const bad = await fetch(`${server.url}/initiatives?status=finished`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /allowed values: planned, ongoing, closed, permanent/);
  });

  test('the retired /api/search redirects to /api/v1/initiatives with its query', async () => {
    const r = await fetch(`${server.url}/api/search?q=bioprocessing&status=ongoing`, {
      redirect: 'manual',
    });
    assert.equal(r.status, 308);
    assert.equal(r.headers.get('location'), '/api/v1/initiatives?q=bioprocessing&status=ongoing');
    const followed = await fetch(`${server.url}/api/search?q=bioprocessing`);
    assert.equal(followed.url, `${server.url}/api/v1/initiatives?q=bioprocessing`);
    assert.equal((await followed.json()).items[0].slug, 'camp');
  });

  test('the JSON search returns hits, totals and facets; errors name the parameter', async () => {
    const r = await fetch(`${server.url}/api/v1/initiatives?q=bioprocessing`);
    assert.equal(r.status, 200);
    const j = await r.json();
    assert.equal(j.total, 1);
    assert.equal(j.items[0].slug, 'camp');
    assert.match(j.items[0].snippetHtml, /<mark>bioprocessing<\/mark>/);
    assert.ok(!j.items[0].snippet.includes('\uE000'));
    const bad = await fetch(`${server.url}/api/v1/initiatives?theme=cheese`);
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const e = await bad.json();
    assert.equal(e.status, 400);
    assert.equal(e.code, 'invalid_parameter');
    assert.equal(e.type, '/api/v1/problems/invalid_parameter');
    assert.equal(e.instance, '/api/v1/initiatives');
    assert.equal(e.parameter, 'theme');
    assert.ok(e.allowed.includes('genomics'));
  });

  test('HTML in data is escaped, never interpreted', async () => {
    const r = await fetch(
      `${server.url}/initiatives?q=${encodeURIComponent('<script>alert(1)</script>')}`,
    );
    const body = await r.text();
    assert.ok(!body.includes('<script>alert(1)</script>'));
    assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  test('responses are compressed when the client accepts it', async () => {
    const r = await fetch(`${server.url}/initiatives`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.headers.get('content-encoding'), 'gzip');
  });

  for (const name of ['search', 'figures']) {
    test(`/assets/${name}.js is the TypeScript source bundled into a script that parses`, async () => {
      const r = await fetch(`${server.url}/assets/${name}.js`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(r.headers.get('cache-control'), 'public, max-age=3600');
      const body = await r.text();
      // The source has type annotations, so only compiled output parses as JavaScript.
      const source = readFileSync(
        new URL(`../../src/web/client/${name}.ts`, import.meta.url),
        'utf8',
      );
      assert.throws(() => new Script(source), SyntaxError);
      assert.doesNotThrow(() => new Script(body, { filename: `${name}.js` }));
      // One self-contained, minified function: no imports left, no comments, no indentation.
      assert.match(body, /^"use strict";\(\(\)=>\{/);
      assert.ok(!/\bimport\b|\n\s|\/\//.test(body.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '')));
      assert.ok(body.length < source.length / 2, `${body.length} bytes of ${source.length}`);
    });
  }

  test('/assets/style.css starts with the design tokens; unknown assets are 404', async () => {
    const r = await fetch(`${server.url}/assets/style.css`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/css; charset=utf-8');
    const body = await r.text();
    assert.ok(body.startsWith(tokensCss()));
    assert.match(body, /--color-ink: #1b2430;/);
    assert.match(body, /\.swatch-4 \{\n {2}background: var\(--map-4\);/);
    for (const path of ['/assets/search.ts', '/assets/nope.js', '/assets/']) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
    }
  });
});
