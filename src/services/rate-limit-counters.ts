/**
 * Where rate-limit counters live when the atlas runs as several instances: in the database they
 * share (PostgreSQL), or in Redis when the deployment names one (REDIS_URL). Each gives
 * hono-rate-limiter a store per limit, so a client's requests count against one budget whichever
 * instance answers them.
 */
import type { ClientRateLimitInfo, Store } from 'hono-rate-limiter';
import { RedisStore } from 'hono-rate-limiter';
import type { Db } from '../db/connect.ts';
import {
  countHit,
  findHits,
  forgetEndedWindows,
  forgetHits,
  uncountHit,
} from '../repositories/rate-limits.ts';

/** A place for counters: a store per named limit, and how to let go of it. */
export interface RateLimitCounters {
  /** Where the counters are, for the start-up message (never a password). */
  readonly description: string;
  /** The store of one limit; `name` keeps the limits' counters apart. */
  store(name: string, windowMs: number): Store;
  close(): Promise<void>;
}

/** How often the database store removes counters whose window has ended. */
const SWEEP_MS = 60_000;

/** Counters in the atlas's own database (table rate_limit_hits): one upsert per counted request. */
export function databaseCounters(
  db: Db,
  onError: (e: unknown) => void = () => {},
): RateLimitCounters {
  let longest = 60_000;
  const sweep = setInterval(() => {
    forgetEndedWindows(db.kysely, Date.now() - longest).catch(onError);
  }, SWEEP_MS);
  sweep.unref();
  return {
    description: `the database (${db.dialect})`,
    store(name, windowMs) {
      longest = Math.max(longest, windowMs);
      const key = (client: string) => `${name}:${client}`;
      const info = ({ hits, windowEnds }: { hits: number; windowEnds: number }) =>
        ({ totalHits: hits, resetTime: new Date(windowEnds) }) satisfies ClientRateLimitInfo;
      return {
        localKeys: false,
        prefix: `${name}:`,
        increment: async (client) =>
          info(await countHit(db.kysely, key(client), Date.now(), windowMs)),
        decrement: (client) => uncountHit(db.kysely, key(client)),
        resetKey: (client) => forgetHits(db.kysely, key(client)),
        get: async (client) => {
          const found = await findHits(db.kysely, key(client), Date.now());
          return found && info(found);
        },
      };
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/** The URL without its password, for messages. */
function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Counters in Redis (REDIS_URL): hono-rate-limiter's Redis store, whose Lua scripts count and
 * expire a key atomically. Connects before it answers, so a wrong URL stops the start.
 */
export async function redisCounters(
  url: string,
  onError: (e: unknown) => void = () => {},
): Promise<RateLimitCounters> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url });
  client.on('error', onError);
  await client.connect();
  const adapter = {
    scriptLoad: (script: string) => client.scriptLoad(script),
    evalsha: <TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) =>
      client.evalSha(sha, { keys, arguments: args.map(String) }) as Promise<TData>,
    decr: (key: string) => client.decr(key),
    del: (key: string) => client.del(key),
  };
  return {
    description: `Redis at ${withoutPassword(url)}`,
    store: (name) => new RedisStore({ client: adapter, prefix: `atlas:rate:${name}:` }),
    async close() {
      client.destroy();
    },
  };
}

/**
 * A store that lets requests through when its counters cannot be reached (Redis restarting, a
 * dropped connection): the limit protects the service, so losing it for a moment beats refusing
 * every request. Each failure is reported, at most once a minute.
 */
export function failingOpen(store: Store, onError: (e: unknown) => void): Store {
  let lastReport = 0;
  const report = (e: unknown) => {
    if (Date.now() - lastReport < 60_000) return;
    lastReport = Date.now();
    onError(new Error(`rate-limit counters unreachable, requests are let through: ${String(e)}`));
  };
  const open = async <T>(work: () => T | Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      report(e);
      return fallback;
    }
  };
  return {
    ...store,
    init: store.init?.bind(store),
    increment: (key) => open(() => store.increment(key), { totalHits: 0 }),
    decrement: (key) => open(() => store.decrement(key), undefined),
    resetKey: (key) => open(() => store.resetKey(key), undefined),
    get: store.get && ((key) => open(() => store.get?.(key), undefined)),
  };
}
