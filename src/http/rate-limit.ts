import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { type RateLimitInfo, rateLimiter, type Store } from 'hono-rate-limiter';
import { failingOpen, type RateLimitCounters } from '../services/rate-limit-counters.ts';

/** Where the limits created from now on count (several instances); in memory when unset. */
let shared: { counters: RateLimitCounters; onError: (e: unknown) => void } | undefined;

/**
 * Makes the limits created from now on count in `counters` (the database or Redis), so that
 * instances behind one proxy share each client's budget; undefined goes back to memory (one
 * process). `atlas serve` calls it before it builds the application.
 */
export function shareRateLimits(
  counters: RateLimitCounters | undefined,
  onError: (e: unknown) => void = () => {},
): void {
  shared = counters && { counters, onError };
}

/** IPv4-mapped IPv6 shown as IPv4. */
const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The reverse proxies whose X-Forwarded-For is believed (config TRUSTED_PROXIES). */
let proxies: ReadonlySet<string> = new Set();

/** Believes X-Forwarded-For from these addresses (the reverse proxy in front of the instances). */
export function trustProxies(addresses: readonly string[]): void {
  proxies = new Set(addresses.map(plain));
}

/**
 * The address a client connects from (IPv4-mapped IPv6 shown as IPv4), or 'unknown' outside the
 * Node server. A request from a trusted proxy is the client's whom that proxy names: the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (a client can prepend
 * anything, but not what the proxy appended).
 */
export function clientAddress(c: Context): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // No Node socket (app.request() in tests, another runtime): all such clients share one budget.
  }
  if (!address) return 'unknown';
  address = plain(address);
  if (!proxies.has(address)) return address;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map(plain).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i] as string;
    if (!proxies.has(hop)) return hop;
  }
  return address;
}

/** What the limiter keeps in a request's context. */
type LimitEnv = { Variables: { rateLimit: RateLimitInfo } };

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
 * Behind a reverse proxy, list it in TRUSTED_PROXIES so that clients are told apart by the
 * address it forwards; with several instances, shareRateLimits makes them count together.
 */
export function perClientRateLimit(options: {
  /** Keeps this limit's shared counters apart from the other limits'. */
  readonly name?: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly answer: (c: Context, over: OverLimit) => Response | Promise<Response>;
}): MiddlewareHandler {
  const { limit, windowMs, answer } = options;
  if (limit <= 0) return async (_c, next) => next();
  const windowSeconds = Math.ceil(windowMs / 1000);
  return rateLimiter<LimitEnv>({
    limit,
    windowMs,
    standardHeaders: 'draft-6',
    keyGenerator: clientAddress,
    ...(shared && {
      store: failingOpen(
        shared.counters.store(options.name ?? 'requests', windowMs),
        shared.onError,
      ) as unknown as Store<LimitEnv>,
    }),
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
