/**
 * The shared rate-limit counters (issue 19): two stores over one database (or one Redis), as two
 * instances have, count a client's hits together, start a new window when the old one ends, keep
 * limits and clients apart, and take back a hit.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from 'hono-rate-limiter';
import { sql } from 'kysely';
import {
  databaseCounters,
  failingOpen,
  type RateLimitCounters,
  redisCounters,
} from '../../src/services/rate-limit-counters.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WINDOW_MS = 1500;

/** Why the Redis variant is skipped, or undefined when Redis answers. */
const redisSkip: string | undefined = await redisCounters(REDIS_URL).then(
  async (c) => {
    await c.close();
    return undefined;
  },
  (e: unknown) => `Redis at ${REDIS_URL} is not reachable (${String(e)}): SKIPPED`,
);

/** hono-rate-limiter hands a store the limit's window before the first hit. */
function ready(counters: RateLimitCounters, name: string): Store {
  const store = counters.store(name, WINDOW_MS);
  store.init?.({ windowMs: WINDOW_MS } as never);
  return store;
}

/** The checks every kind of shared counter passes, given two instances' counters. */
function sharedCounterTests(open: () => Promise<[RateLimitCounters, RateLimitCounters]>) {
  let one: RateLimitCounters;
  let two: RateLimitCounters;
  const name = `t${randomBytes(4).toString('hex')}`;
  before(async () => {
    [one, two] = await open();
  });
  after(async () => {
    await one?.close();
    await two?.close();
  });

  test('two instances count one client together; other clients and limits apart', async () => {
    const a = ready(one, name);
    const b = ready(two, name);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++)
      seen.push((await (i % 2 ? b : a).increment('198.51.100.1')).totalHits);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    assert.equal((await b.increment('198.51.100.2')).totalHits, 1, 'another client');
    assert.equal(
      (await ready(two, `${name}x`).increment('198.51.100.1')).totalHits,
      1,
      'another limit',
    );
    await a.decrement('198.51.100.1');
    const next = await b.increment('198.51.100.1');
    assert.equal(next.totalHits, 6, 'a hit taken back is not counted');
    assert.ok(next.resetTime && next.resetTime.getTime() > Date.now());
    assert.ok(next.resetTime.getTime() <= Date.now() + WINDOW_MS);
    await b.resetKey('198.51.100.1');
    assert.equal((await a.increment('198.51.100.1')).totalHits, 1, 'forgotten on both');
  });

  test('a new window starts when the old one ends', async () => {
    const a = ready(one, `${name}w`);
    const b = ready(two, `${name}w`);
    await a.increment('203.0.113.5');
    await b.increment('203.0.113.5');
    await new Promise((r) => setTimeout(r, WINDOW_MS + 200));
    assert.equal((await b.increment('203.0.113.5')).totalHits, 1);
    assert.equal((await a.increment('203.0.113.5')).totalHits, 2);
  });
}

for (const dialect of DIALECTS) {
  describe(`rate-limit counters in the database on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    sharedCounterTests(async () => {
      t = await dialect.open();
      return [databaseCounters(t.db), databaseCounters(t.db)];
    });
    test('every hit is one row per limit and client', async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from rate_limit_hits`.execute(
        t.db.kysely,
      );
      assert.equal(Number(rows[0]?.n), 4, 'two clients of one limit, one of two others');
    });
    after(async () => {
      await t?.dispose();
    });
  });
}

describe('rate-limit counters in Redis', { skip: redisSkip }, () => {
  sharedCounterTests(async () => [await redisCounters(REDIS_URL), await redisCounters(REDIS_URL)]);
});

describe('counters that cannot be reached', () => {
  test('let requests through and say so once', async () => {
    const reported: unknown[] = [];
    const broken: Store = {
      increment: async () => {
        throw new Error('connection refused');
      },
      decrement: async () => {},
      resetKey: async () => {},
    };
    const store = failingOpen(broken, (e) => reported.push(e));
    assert.equal((await store.increment('198.51.100.1')).totalHits, 0);
    assert.equal((await store.increment('198.51.100.1')).totalHits, 0);
    assert.equal(reported.length, 1);
    assert.match(String(reported[0]), /connection refused/);
  });
});
