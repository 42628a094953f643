import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { checkHealth } from '../services/health.ts';
import { DATABASE_RETRY_SECONDS } from './errors.ts';

/** When requests last failed because the database was down; /health reports "degraded" after one. */
export interface OutageLog {
  record(): void;
  lastAt(): number | undefined;
}

/** An outage log kept in memory (one per process, like the pool it describes). */
export function createOutageLog(now: () => number = Date.now): OutageLog {
  let last: number | undefined;
  return {
    record: () => {
      last = now();
    },
    lastAt: () => last,
  };
}

/** Options of /health. */
export interface HealthOptions {
  readonly onUnavailable?: (reason: string) => void;
  /** Requests that failed because the database was down; recent ones make the state "degraded". */
  readonly outages?: OutageLog;
  /** A health query slower than this many milliseconds makes the state "degraded" (default 1000). */
  readonly slowMs?: number;
  /** For how many milliseconds after a failed request the state stays "degraded" (default 60000). */
  readonly recentMs?: number;
}

/** Why an answering database is "degraded", or an empty list when it is "up". */
function degradedReasons(elapsedMs: number, options: HealthOptions): string[] {
  const reasons: string[] = [];
  const slowMs = options.slowMs ?? 1000;
  if (elapsedMs > slowMs)
    reasons.push(`the database took ${elapsedMs} ms to answer (over ${slowMs} ms)`);
  const last = options.outages?.lastAt();
  const recentMs = options.recentMs ?? 60_000;
  if (last !== undefined && Date.now() - last < recentMs)
    reasons.push(
      `requests failed because the database was down ${Math.round((Date.now() - last) / 1000)} s ago`,
    );
  return reasons;
}

/**
 * /health for monitors and load balancers, in three states: "up" (200) while the database
 * answers promptly; "degraded" (200, with `reasons`) when it answers but slowly or requests
 * failed for want of it in the last minute; "down" (503, with what to check) when it does not
 * answer. `status` keeps its old values ("ok" while it answers, "unavailable" when not).
 */
export function healthRoutes(db: Db, options: HealthOptions = {}): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    const started = performance.now();
    const health = await checkHealth(db);
    const elapsedMs = Math.round(performance.now() - started);
    c.header('Cache-Control', 'no-store');
    if (health.ok) {
      const reasons = degradedReasons(elapsedMs, options);
      const base = { status: 'ok', database: db.dialect, initiatives: health.initiatives };
      if (reasons.length === 0) return c.json({ ...base, state: 'up', elapsedMs });
      return c.json({ ...base, state: 'degraded', elapsedMs, reasons });
    }
    options.onUnavailable?.(health.reason);
    return c.json(
      {
        status: 'unavailable',
        state: 'down',
        database: db.dialect,
        code: 'database_unavailable',
        message:
          'The database does not answer; check that it is running and that DATABASE_URL points to it.',
      },
      503,
      { 'Retry-After': String(DATABASE_RETRY_SECONDS) },
    );
  });
  return app;
}

/** The old JSON search, retired: 308 to /api/v1/initiatives with the same query string. */
export function retiredRoutes(): Hono {
  const app = new Hono();
  app.get('/api/search', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`/api/v1/initiatives${query}`, 308);
  });
  return app;
}
