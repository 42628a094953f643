import assert from 'node:assert/strict';
import { createApp } from '../../src/http/app.ts';
import { isDatabaseDown, toProblem } from '../../src/http/errors.ts';
import { createOutageLog, healthRoutes } from '../../src/http/health.ts';
import { acceptsWrite } from '../../src/http/write-routes.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** The five record routes the tracker found answering 500 on PostgreSQL for a NUL in the path. */
const NUL_PATHS = [
  '/api/v1/initiatives/a%00b',
  '/initiatives/a%00b',
  '/regions/a%00b',
  '/barriers/a%00b',
  '/good-practices/a%00b',
  '/api/v1/regions/a%00b',
];

/** A sample of every route family, pages and API, all read-only. */
const READ_ONLY = [
  '/',
  '/initiatives',
  '/initiatives/camp',
  '/regions/SE',
  '/barriers',
  '/good-practices',
  '/compare',
  '/about',
  '/health',
  '/assets/style.css',
  '/catalog',
  '/api/v1/initiatives',
  '/api/v1/initiatives/camp',
  '/api/v1/regions',
  '/api/v1/barriers',
  '/api/v1/evidence',
  '/api/v1/good-practices',
  '/api/v1/engagement',
  '/api/v1/campaigns',
  '/api/v1/statistics',
  '/api/v1/problems',
  '/api/v1/openapi.json',
];

for (const dialect of DIALECTS) {
  describe(`HTTP guards on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    const logged: unknown[] = [];
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      app = createApp(t.db, { onError: (e) => logged.push(e) });
    });
    after(async () => {
      await t?.dispose();
    });

    for (const path of NUL_PATHS) {
      test(`a NUL in the path of ${path} is a 400 that says so, not a database error`, async () => {
        const r = await app.request(`http://localhost${path}`);
        assert.equal(r.status, 400);
        const body = await r.text();
        assert.match(body, /control character/);
        if (path.startsWith('/api/')) {
          assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
          assert.equal(JSON.parse(body).parameter, 'path');
        } else assert.match(body, /<h1>Request not understood<\/h1>/);
      });
    }

    for (const query of ['q=a%00b', 'q=line%0Abreak', 'region=SE%7F', 'a%01=1']) {
      test(`a control character in the query (${query}) is a 400 on pages and the API`, async () => {
        for (const path of ['/initiatives', '/api/v1/initiatives']) {
          const r = await app.request(`http://localhost${path}?${query}`);
          assert.equal(r.status, 400, `${path}?${query}`);
          assert.match(await r.text(), /contains a control character/);
        }
      });
    }

    test('a tab-free, NUL-free path with other escapes is still served', async () => {
      const r = await app.request('http://localhost/initiatives?q=gen%C3%B3mica');
      assert.equal(r.status, 200);
    });

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      test(`${method} on every read-only route family is a 405 with Allow`, async () => {
        for (const path of READ_ONLY) {
          // Contributors' writes (the API's creates and changes) have tests of their own.
          if (acceptsWrite(method, path)) continue;
          const r = await app.request(`http://localhost${path}`, { method });
          assert.equal(r.status, 405, `${method} ${path}`);
          const api = path.startsWith('/api/');
          const writes = ['POST', 'PATCH'].filter((m) => acceptsWrite(m, path));
          const allow = [...(api ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'HEAD']), ...writes];
          assert.equal(r.headers.get('allow'), allow.join(', '), path);
          // /health answers problem documents like the API, for monitors.
          if (api || path === '/health') {
            const problem = await r.json();
            assert.equal(problem.code, 'method_not_allowed');
            assert.equal(problem.type, '/api/v1/problems/method_not_allowed');
          } else assert.match(await r.text(), /<h1>Method not allowed<\/h1>/);
        }
      });
    }

    test('a 405 page speaks the visitor’s language', async () => {
      const r = await app.request('http://localhost/initiatives?lang=de', { method: 'POST' });
      assert.equal(r.status, 405);
      assert.match(await r.text(), /<h1>Methode nicht erlaubt<\/h1>/);
    });

    test('unknown API query parameters are a 400 naming them and listing the allowed ones', async () => {
      const r = await app.request('http://localhost/api/v1/initiatives?contry=SE&q=x&foo=1');
      assert.equal(r.status, 400);
      const problem = await r.json();
      assert.equal(problem.code, 'invalid_parameter');
      assert.equal(problem.parameter, 'contry');
      assert.deepEqual(problem.unknown, ['contry', 'foo']);
      assert.ok(problem.allowed.includes('country') && problem.allowed.includes('lang'));
      assert.match(problem.detail, /unknown query parameters contry, foo/);
      const record = await app.request('http://localhost/api/v1/initiatives/camp?page=2');
      assert.equal(record.status, 400);
      assert.deepEqual((await record.json()).allowed, ['lang']);
    });

    test('lang is accepted on every API operation, and a static path is not taken for a {code}', async () => {
      for (const path of [
        '/api/v1/initiatives/camp',
        '/api/v1/statistics/regions',
        '/api/v1/regions',
      ]) {
        const r = await app.request(`http://localhost${path}?lang=es`);
        assert.equal(r.status, 200, path);
      }
    });

    test('pages ignore unknown parameters as before (only the API is strict)', async () => {
      const r = await app.request('http://localhost/initiatives?utm_source=x');
      assert.equal(r.status, 200);
    });

    test('no 500 was logged by any of these requests', () => {
      assert.deepEqual(logged, []);
    });
  });
}

describe('/health states', () => {
  let t: TestDb;
  before(async () => {
    t = await DIALECTS[0].open();
  });
  after(async () => {
    await t?.dispose();
  });

  test('up while the database answers promptly and nothing failed', async () => {
    const r = await healthRoutes(t.db).request('/health');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const body = await r.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.state, 'up');
    assert.equal(body.reasons, undefined);
  });

  test('degraded when the answer is slower than the threshold', async () => {
    const body = await (await healthRoutes(t.db, { slowMs: -1 }).request('/health')).json();
    assert.equal(body.state, 'degraded');
    assert.match(body.reasons[0], /took \d+ ms to answer \(over -1 ms\)/);
  });

  test('degraded for a while after a request failed for want of the database, then up', async () => {
    let now = Date.now() - 10_000;
    const outages = createOutageLog(() => now);
    const health = healthRoutes(t.db, { outages, recentMs: 60_000 });
    assert.equal((await (await health.request('/health')).json()).state, 'up');
    outages.record();
    const recent = await (await health.request('/health')).json();
    assert.equal(recent.state, 'degraded');
    assert.match(recent.reasons.join(' '), /database was down 10 s ago/);
    now = Date.now() - 61_000;
    outages.record();
    assert.equal((await (await health.request('/health')).json()).state, 'up');
  });

  test('down (503) when the database does not answer', async () => {
    const gone = await DIALECTS[0].open();
    await gone.dispose();
    const r = await healthRoutes(gone.db).request('/health');
    assert.equal(r.status, 503);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const body = await r.json();
    assert.deepEqual(
      [body.status, body.state, body.code],
      ['unavailable', 'down', 'database_unavailable'],
    );
  });
});

describe('origin of absolute identifiers', () => {
  let t: TestDb;
  before(async () => {
    t = await DIALECTS[0].open();
    await seedReference(t.db, REFERENCE_DIR);
  });
  after(async () => {
    await t?.dispose();
  });

  test('an untrusted Host never reaches API links, JSON-LD or the catalogue: 400', async () => {
    const app = createApp(t.db);
    for (const path of ['/api/v1/initiatives', '/initiatives/camp', '/catalog']) {
      const r = await app.request(`http://evil.example${path}`, {
        headers: { accept: path === '/catalog' ? 'application/ld+json' : 'text/html' },
      });
      assert.equal(r.status, 400, path);
      const body = await r.text();
      assert.match(body, /TRUSTED_HOSTS/);
      assert.ok(!/evil\.example\/(api|initiatives|catalog)/.test(body), path);
    }
  });

  test('a Host in TRUSTED_HOSTS (with or without its port) and loopback hosts are used', async () => {
    const app = createApp(t.db, { trustedHosts: ['atlas.example.org', 'atlas.test:8443'] });
    for (const origin of [
      'http://atlas.example.org',
      'http://atlas.example.org:8080',
      'https://atlas.test:8443',
      'http://127.0.0.1:3000',
      'http://[::1]:3000',
    ]) {
      const r = await app.request(`${origin}/api/v1/initiatives?pageSize=1`);
      assert.equal(r.status, 200, origin);
      assert.ok((await r.json()).links.self.startsWith(`${origin}/api/v1/`), origin);
    }
    const other = await app.request('https://atlas.test:9999/api/v1/initiatives');
    assert.equal(other.status, 400);
  });

  test('PUBLIC_URL wins over any Host', async () => {
    const app = createApp(t.db, { publicUrl: 'https://atlas.example.org' });
    const r = await app.request('http://evil.example/api/v1/initiatives?pageSize=1');
    assert.equal(r.status, 200);
    assert.ok((await r.json()).links.self.startsWith('https://atlas.example.org/api/v1/'));
  });
});

describe('security headers', () => {
  let t: TestDb;
  before(async () => {
    t = await DIALECTS[0].open();
  });
  after(async () => {
    await t?.dispose();
  });

  test('framing is governed by CSP frame-ancestors alone (no X-Frame-Options)', async () => {
    const r = await createApp(t.db).request('http://localhost/about');
    assert.equal(r.headers.get('x-frame-options'), null);
    assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  test('HSTS is sent over https only', async () => {
    const plain = createApp(t.db);
    assert.equal(
      (await plain.request('http://localhost/about')).headers.get('strict-transport-security'),
      null,
    );
    const viaHttps = await plain.request('https://localhost/about');
    assert.match(viaHttps.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    const publicHttps = createApp(t.db, { publicUrl: 'https://atlas.example.org' });
    assert.match(
      (await publicHttps.request('http://localhost/about')).headers.get(
        'strict-transport-security',
      ) ?? '',
      /max-age/,
    );
    const publicHttp = createApp(t.db, { publicUrl: 'http://atlas.example.org' });
    assert.equal(
      (await publicHttp.request('http://localhost/about')).headers.get('strict-transport-security'),
      null,
    );
  });
});

describe('database errors that mean "down"', () => {
  const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  for (const [name, e] of [
    ['refused', coded('ECONNREFUSED')],
    ['reset', coded('ECONNRESET')],
    ['admin shutdown', coded('57P01', 'terminating connection due to administrator command')],
    ['cannot connect now', coded('57P03')],
    ['connection exception', coded('08006')],
    ['terminated', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['sqlite cannot open', coded('SQLITE_CANTOPEN')],
    ['sqlite io', coded('SQLITE_IOERR_READ')],
  ] as const) {
    test(`${name} is a 503 database_unavailable`, () => {
      assert.ok(isDatabaseDown(e));
      const p = toProblem(e);
      assert.equal(p.status, 503);
      assert.equal(p.code, 'database_unavailable');
    });
  }
  test('a SQLite write lock held past the timeout (an import being applied) says so, and to retry', () => {
    const p = toProblem(coded('SQLITE_BUSY', 'database is locked'));
    assert.equal(p.status, 503);
    assert.match(p.message, /busy with a long write.*Nothing was saved.*try again/);
  });
  for (const [name, e] of [
    ['syntax error', coded('42601', 'syntax error at or near "x"')],
    ['invalid byte sequence', coded('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['sqlite constraint', coded('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain bug', new TypeError('x is undefined')],
  ] as const) {
    test(`${name} stays a 500`, () => {
      assert.equal(isDatabaseDown(e), false);
      assert.equal(toProblem(e).status, 500);
    });
  }
});
