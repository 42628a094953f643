import type { MiddlewareHandler } from 'hono';
import type { DialectName } from '../db/connect.ts';
import { Gate, type GateLimits } from '../services/gate.ts';

export type { GateLimits };

/**
 * The default limits of a database's requests. On SQLite every query outside the search threads
 * runs on the server's thread, so a few requests at once are enough (more only interleave and
 * stretch every answer); PostgreSQL answers several at once. 128 may wait, none longer than 10 s.
 */
export function defaultAdmission(dialect: DialectName): GateLimits {
  return { concurrency: dialect === 'sqlite' ? 4 : 8, queue: 128, maxWaitMs: 10_000 };
}

/**
 * Admission control: requests to pages and the API take turns through one gate, so that under a
 * crowd /health, the assets and the heavy routes (which hand their work to worker threads and
 * have their own queue) still answer at once, and a request that cannot be served soon is told
 * "busy, try again" (503 with Retry-After) instead of waiting without end.
 */
export function admission(
  limits: GateLimits,
  exempt: (path: string) => boolean,
): MiddlewareHandler {
  const gate = new Gate(limits, 'requests');
  return (c, next) => (exempt(c.req.path) ? next() : gate.run(next));
}
