import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { ATLAS_APPLICATION_NAME } from '../../src/db/connect.ts';
import {
  freshPostgres,
  POSTGRES_URL,
  postgresSkipReason,
  type TestDb,
} from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * A loopback TCP relay in front of PostgreSQL that the test can cut and restore: the atlas
 * server reaches its database only through it, so "the database is down" is a real refused or
 * reset connection, and the relay's upstream ports identify the server's own sessions.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Local ports of the relay's connections to PostgreSQL (pg_stat_activity.client_port). */
  readonly upstreamPorts = new Set<number>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target);
      upstream.once('connect', () => {
        if (upstream.localPort) this.upstreamPorts.add(upstream.localPort);
      });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops accepting and resets every open connection: the database is gone. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((r) => server.close(r));
  }
}

/** Fetches a path and returns its status, or the network error's message when there was none. */
async function statusOf(url: string): Promise<number | string> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    await r.arrayBuffer();
    return r.status;
  } catch (e) {
    return (e as Error).message;
  }
}

const PATHS = [
  '/',
  '/initiatives?q=genomic',
  '/initiatives/camp',
  '/regions',
  '/barriers',
  '/api/v1/initiatives?q=genomic',
  '/api/v1/initiatives/camp',
  '/api/v1/regions',
  '/api/v1/statistics',
];

describe('PostgreSQL outages (real server behind a relay it can lose)', {
  skip: postgresSkipReason,
}, () => {
  let t: TestDb;
  let relay: Relay;
  let server: RunningServer;
  let admin: pg.Client;

  before(async () => {
    t = await freshPostgres();
    const target = new URL(POSTGRES_URL);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const via = new URL(t.url);
    via.host = `127.0.0.1:${relay.port}`;
    server = await startServer(FIXTURE_DIR, {
      databaseUrl: via.toString(),
      // A low limit, so that the load test is not rate limited.
      env: { API_RATE_LIMIT: '0' },
    });
    admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
    await relay?.cut();
    await t?.dispose();
  });

  /** Ends every session of this server (named by the pool, reached through this relay). */
  async function terminateBackends(): Promise<number> {
    const { rows } = await admin.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where application_name = $1 and client_port = any($2::int[])`,
      [ATLAS_APPLICATION_NAME, [...relay.upstreamPorts]],
    );
    return rows.filter((r) => r.ended).length;
  }

  test('backends terminated under load: no exit, no 500, only 200 or 503, then all 200', async (ctx) => {
    const statuses = new Map<number | string, number>();
    let terminated = 0;
    const stopAt = Date.now() + 6000;
    const killer = (async () => {
      while (Date.now() < stopAt) {
        terminated += await terminateBackends();
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const clients = [0, 1, 2, 3].map(async (k) => {
      for (let i = k; Date.now() < stopAt; i++) {
        const s = await statusOf(`${server.url}${PATHS[i % PATHS.length]}`);
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    });
    await Promise.all([killer, ...clients]);
    const seen = Object.fromEntries(statuses);
    ctx.diagnostic(`statuses ${JSON.stringify(seen)}, ${terminated} backends terminated`);
    assert.ok(terminated >= 5, `backends were terminated (${terminated})`);
    assert.ok(
      server.running(),
      `the server process is still running:\n${server.output().slice(-3000)}`,
    );
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 503),
      [],
      `only 200 and 503: ${JSON.stringify(seen)}`,
    );
    assert.ok((statuses.get(200) ?? 0) > 0, `some requests succeeded: ${JSON.stringify(seen)}`);
    assert.doesNotMatch(server.output(), /unexpected error|uncaught/i);
    // An outage is logged once in a while with a count, not once per failed request.
    const logged = server.output().match(/^error: /gm)?.length ?? 0;
    ctx.diagnostic(`${logged} error lines for ${statuses.get(503) ?? 0} answers 503`);
    assert.ok(logged <= 1, `at most one outage line in 6 s:\n${server.output().slice(-3000)}`);
    for (const path of PATHS) assert.equal(await statusOf(`${server.url}${path}`), 200, path);
  });

  test('with the database gone: friendly 503 pages, 503 problems, /health down; then recovery', async () => {
    await relay.cut();
    try {
      const page = await fetch(`${server.url}/initiatives/camp?lang=es`);
      assert.equal(page.status, 503);
      assert.ok(Number(page.headers.get('retry-after')) > 0);
      const html = await page.text();
      assert.match(html, /<h1>El atlas no está disponible por un momento<\/h1>/);
      assert.match(html, /se vuelve a conectar por sí solo/);
      const api = await fetch(`${server.url}/api/v1/initiatives`);
      assert.equal(api.status, 503);
      assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.ok(Number(api.headers.get('retry-after')) > 0);
      const problem = await api.json();
      assert.equal(problem.code, 'database_unavailable');
      assert.equal(problem.type, '/api/v1/problems/database_unavailable');
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 503);
      assert.equal((await health.json()).state, 'down');
      assert.ok(server.running());
    } finally {
      await relay.open();
    }
    // Back on the same port: the pool reconnects by itself.
    for (const path of PATHS) assert.equal(await statusOf(`${server.url}${path}`), 200, path);
    const health = await (await fetch(`${server.url}/health`)).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.state, 'degraded', 'requests failed within the last minute');
    assert.match(health.reasons.join(' '), /database was down/);
  });
});
