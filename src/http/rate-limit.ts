import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { type RateLimitInfo, rateLimiter } from 'hono-rate-limiter';

/** The address a client connects from (IPv4-mapped IPv6 shown as IPv4), or 'unknown' outside the Node server. */
export function clientAddress(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    if (address) return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  } catch {
    // No Node socket (app.request() in tests, another runtime): all such clients share one budget.
  }
  return 'unknown';
}

/** What a limiter tells the handler of an excess request. */
export interface OverLimit {
  readonly limit: number;
  readonly windowSeconds: number;
  /** Seconds until the client's window resets (at least 1). */
  readonly retryAfterSeconds: number;
}

/**
 * Rate limiting per client address: `limit` requests per `windowMs` (0 turns it off), with the
 * standard RateLimit-* headers (draft-6) and Retry-After; `answer` makes the 429 response.
 * Behind a reverse proxy every client would share the proxy's address, so put the limit in the
 * proxy there, or turn this one off.
 */
export function perClientRateLimit(options: {
  readonly limit: number;
  readonly windowMs: number;
  readonly answer: (c: Context, over: OverLimit) => Response | Promise<Response>;
}): MiddlewareHandler {
  const { limit, windowMs, answer } = options;
  if (limit <= 0) return async (_c, next) => next();
  const windowSeconds = Math.ceil(windowMs / 1000);
  return rateLimiter<{ Variables: { rateLimit: RateLimitInfo } }>({
    limit,
    windowMs,
    standardHeaders: 'draft-6',
    keyGenerator: clientAddress,
    handler: (c) => {
      const reset = c.get('rateLimit')?.resetTime;
      const seconds = Math.max(
        1,
        reset ? Math.ceil((reset.getTime() - Date.now()) / 1000) : windowSeconds,
      );
      c.header('Retry-After', String(seconds));
      return answer(c, { limit, windowSeconds, retryAfterSeconds: seconds });
    },
  }) as unknown as MiddlewareHandler;
}
