import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { noneMatchHits, parseEntityTags } from '../../src/http/conditional.ts';
import { apiCors, apiRateLimit, conditionalGet } from '../../src/http/v1/middleware.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

/** One raw HTTP exchange (no automatic Accept-Encoding, unlike fetch), optionally from another local address. */
function http(
  url: string,
  options: { method?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const LIST = '/api/v1/initiatives?country=ES&status=ongoing';

describe('open data API middleware on a real server (rate limit off)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(undefined, { env: { API_RATE_LIMIT: '0' } });
  });
  after(async () => {
    await server?.stop();
  });

  test('a CORS preflight from any origin allows GET and HEAD only, without credentials', async () => {
    const r = await http(`${server.url}/api/v1/initiatives`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-methods'], 'GET,HEAD');
    assert.equal(r.headers['access-control-allow-headers'], 'if-none-match');
    assert.equal(r.headers['access-control-allow-credentials'], undefined);
    assert.ok(Number(r.headers['access-control-max-age']) > 0);
  });

  test('a simple GET exposes the validators and rate-limit headers; other methods get no CORS', async () => {
    const r = await http(`${server.url}${LIST}`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-credentials'], undefined);
    const exposed = (r.headers['access-control-expose-headers'] ?? '').toLowerCase().split(',');
    for (const h of ['etag', 'last-modified', 'retry-after', 'ratelimit-limit', 'ratelimit-reset'])
      assert.ok(exposed.includes(h), `exposes ${h}`);
    const post = await http(`${server.url}/api/v1/initiatives`, {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example' },
    });
    assert.equal(post.headers['access-control-allow-origin'], undefined);
  });

  test('ETag round trip: 304 without a body for the same tag, plain or weak, alone or in a list', async () => {
    const first = await http(`${server.url}${LIST}`);
    assert.equal(first.status, 200);
    const etag = first.headers.etag ?? '';
    assert.match(etag, /^"[\w-]{27}"$/, 'a strong tag: quoted base64url SHA-1');
    assert.equal(first.headers['cache-control'], 'public, max-age=60, must-revalidate');
    assert.ok(first.headers['last-modified'], 'Last-Modified is set');
    assert.match(first.headers.vary ?? '', /Accept-Language/, 'the app-wide Vary is kept');
    for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`, `W/"nope",W/${etag}`, '*']) {
      const again = await http(`${server.url}${LIST}`, {
        headers: { 'if-none-match': ifNoneMatch },
      });
      assert.equal(again.status, 304, `If-None-Match: ${ifNoneMatch}`);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers['last-modified'], first.headers['last-modified']);
      assert.match(again.headers.vary ?? '', /Accept-Language/);
      assert.equal(again.headers['content-type'], undefined);
    }
    const other = await http(`${server.url}${LIST}`, { headers: { 'if-none-match': '"nope"' } });
    assert.equal(other.status, 200);
    assert.equal(other.body, first.body);
    const head = await http(`${server.url}${LIST}`, {
      method: 'HEAD',
      headers: { 'if-none-match': etag },
    });
    assert.equal(head.status, 304);
  });

  test('a compressed answer carries the weak form of the tag, and that revalidates too', async () => {
    const r = await fetch(`${server.url}/api/v1/initiatives`); // fetch asks for gzip; the full list is > 1 KB
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    const etag = r.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"/);
    const again = await fetch(`${server.url}/api/v1/initiatives`, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
  });

  test('If-Modified-Since: 304 when not older than Last-Modified, ignored when If-None-Match is given', async () => {
    const first = await http(`${server.url}${LIST}`);
    const lastModified = first.headers['last-modified'] ?? '';
    const same = await http(`${server.url}${LIST}`, {
      headers: { 'if-modified-since': lastModified },
    });
    assert.equal(same.status, 304);
    const earlier = new Date(Date.parse(lastModified) - 86_400_000).toUTCString();
    const older = await http(`${server.url}${LIST}`, {
      headers: { 'if-modified-since': earlier },
    });
    assert.equal(older.status, 200);
    const both = await http(`${server.url}${LIST}`, {
      headers: { 'if-modified-since': lastModified, 'if-none-match': '"nope"' },
    });
    assert.equal(both.status, 200, 'If-None-Match takes precedence');
    const garbage = await http(`${server.url}${LIST}`, {
      headers: { 'if-modified-since': 'yesterday' },
    });
    assert.equal(garbage.status, 200);
  });

  test('errors are not cached or tagged', async () => {
    const r = await http(`${server.url}/api/v1/initiatives?status=maybe`);
    assert.equal(r.status, 400);
    assert.equal(r.headers.etag, undefined);
    assert.equal(r.headers['last-modified'], undefined);
  });

  test('limit 0: no rate limit and no RateLimit headers', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await http(`${server.url}/api/v1/initiatives`);
      assert.notEqual(r.status, 429);
      assert.equal(r.headers['ratelimit-limit'], undefined);
    }
  });

  test('after a data change the ETag and Last-Modified change, and the old tag no longer matches', async () => {
    const before = await http(`${server.url}${LIST}`);
    // HTTP dates have whole seconds: let the clock pass one.
    await sleep(1100);
    const dir = mkdtempSync(join(tmpdir(), 'atlas-apix-'));
    const file = join(dir, 'one.csv');
    writeFileSync(
      file,
      'Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type\n' +
        'Spanish Precision Oncology Test Network,R&I,https://example.org/spotn,Spain,National,Ongoing,Partnership\n',
    );
    // The real CLI writes to the server's database, as a curator would while the site runs.
    const applied = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/atlas.js'), 'import', file, '--apply', '--summary'],
      { env: { ...process.env, DATABASE_URL: server.databaseUrl }, encoding: 'utf8' },
    );
    rmSync(dir, { recursive: true, force: true });
    assert.equal(applied.status, 0, applied.stderr);
    const after = await http(`${server.url}${LIST}`);
    assert.equal(after.status, 200);
    assert.match(after.body, /Spanish Precision Oncology Test Network/);
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.ok(
      Date.parse(after.headers['last-modified'] ?? '') >
        Date.parse(before.headers['last-modified'] ?? ''),
      `${after.headers['last-modified']} is later than ${before.headers['last-modified']}`,
    );
    const stale = await http(`${server.url}${LIST}`, {
      headers: { 'if-none-match': before.headers.etag ?? '' },
    });
    assert.equal(stale.status, 200);
    const staleDate = await http(`${server.url}${LIST}`, {
      headers: { 'if-modified-since': before.headers['last-modified'] ?? '' },
    });
    assert.equal(staleDate.status, 200);
  });
});

describe('rate limit on a real server (API_RATE_LIMIT=3)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(undefined, { env: { API_RATE_LIMIT: '3' } });
  });
  after(async () => {
    await server?.stop();
  });

  test('the fourth request in a minute is a 429 problem with Retry-After; another address has its own budget', async () => {
    const path = `${server.url}/api/v1/initiatives`;
    for (const remaining of ['2', '1', '0']) {
      const r = await http(path, { headers: { origin: 'https://elsewhere.example' } });
      assert.notEqual(r.status, 429);
      assert.equal(r.headers['ratelimit-limit'], '3');
      assert.equal(r.headers['ratelimit-remaining'], remaining);
      assert.equal(r.headers['ratelimit-policy'], '3;w=60');
    }
    const limited = await http(path, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(limited.status, 429);
    assert.match(limited.headers['content-type'] ?? '', /^application\/problem\+json/);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${retryAfter}`);
    assert.equal(limited.headers['access-control-allow-origin'], '*', 'readable cross-origin');
    const problem = JSON.parse(limited.body);
    assert.equal(problem.status, 429);
    assert.equal(problem.code, 'rate_limited');
    assert.equal(problem.type, '/api/v1/problems/rate_limited');
    assert.equal(problem.title, 'Too many requests');
    assert.match(problem.detail, new RegExp(`Try again in ${retryAfter} seconds`));
    assert.equal(problem.instance, '/api/v1/initiatives');

    // The loopback network accepts any 127.x source address: a second client.
    const other = await http(path, { from: '127.0.0.2' });
    assert.notEqual(other.status, 429);
    assert.equal(other.headers['ratelimit-remaining'], '2');
    // The site and its other routes are not limited.
    assert.equal((await http(`${server.url}/health`)).status, 200);
  });
});

describe('middleware in a small app (no Node socket)', () => {
  test('without a client address every request shares one budget', async () => {
    const app = new Hono();
    app.use('/api/v1/*', apiRateLimit({ limit: 1, windowMs: 60_000 }));
    app.get('/api/v1/x', (c) => c.json({ ok: true }));
    assert.equal((await app.request('/api/v1/x')).status, 200);
    assert.equal((await app.request('/api/v1/x')).status, 429);
  });

  test('conditional GET leaves non-JSON and non-GET answers alone, and respects an ETag a route set', async () => {
    const app = new Hono();
    app.use(
      '/api/v1/*',
      apiCors(),
      conditionalGet(async () => new Date('2026-01-02T03:04:05Z')),
    );
    app.get('/api/v1/text', (c) => c.text('hello'));
    app.get('/api/v1/own', (c) => c.json({ a: 1 }, 200, { ETag: '"mine"' }));
    app.post('/api/v1/post', (c) => c.json({ a: 1 }));
    const text = await app.request('/api/v1/text');
    assert.equal(text.headers.get('etag'), null);
    const post = await app.request('/api/v1/post', { method: 'POST' });
    assert.equal(post.headers.get('etag'), null);
    const own = await app.request('/api/v1/own');
    assert.equal(own.headers.get('etag'), '"mine"');
    assert.equal(own.headers.get('last-modified'), 'Fri, 02 Jan 2026 03:04:05 GMT');
    const hit = await app.request('/api/v1/own', { headers: { 'if-none-match': '"mine"' } });
    assert.equal(hit.status, 304);
  });

  test('If-None-Match parsing follows RFC 9110 (lists, weak tags, *)', () => {
    assert.deepEqual(parseEntityTags('W/"a", "b",W/"c,d"'), ['"a"', '"b"', '"c,d"']);
    assert.deepEqual(parseEntityTags(' * '), ['*']);
    assert.equal(noneMatchHits('"x", W/"y"', '"y"'), true);
    assert.equal(noneMatchHits('"x"', 'W/"x"'), true);
    assert.equal(noneMatchHits('"x"', '"y"'), false);
    assert.equal(noneMatchHits('x', '"x"'), false, 'an unquoted tag is not a tag');
  });
});

describe('configuration of API_RATE_LIMIT', () => {
  test('defaults to 600 a minute; 0 turns it off', () => {
    assert.equal(loadConfig({}).API_RATE_LIMIT, 600);
    assert.equal(loadConfig({ API_RATE_LIMIT: '0' }).API_RATE_LIMIT, 0);
    assert.equal(loadConfig({ API_RATE_LIMIT: '120' }).API_RATE_LIMIT, 120);
  });
  for (const bad of ['-1', '1.5', 'lots']) {
    test(`rejects ${bad} with a message naming the variable and the fix`, () => {
      assert.throws(
        () => loadConfig({ API_RATE_LIMIT: bad }),
        (e) =>
          isAppError(e, 'invalid_parameter') &&
          /API_RATE_LIMIT/.test(e.message) &&
          /0 \(no limit\)|0 turns the limit off/.test(e.message),
      );
    });
  }
});
