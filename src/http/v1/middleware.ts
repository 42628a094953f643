/**
 * Cross-cutting HTTP behaviour of the versioned open data API, each a middleware to mount with
 * `app.use('/api/v1/*', …)`: per-client rate limiting, CORS for reading, conditional GET.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { invalidParameter } from '../../domain/errors.ts';
import { noneMatchHits } from '../conditional.ts';
import { problemResponse } from '../errors.ts';
import { perClientRateLimit } from '../rate-limit.ts';

/** The rate-limit headers (draft-6 of the IETF RateLimit fields) hono-rate-limiter sets. */
export const RATE_LIMIT_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
] as const;

const READ_METHODS = new Set(['GET', 'HEAD']);

const openCors = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD'],
  exposeHeaders: ['ETag', 'Last-Modified', 'Retry-After', ...RATE_LIMIT_HEADERS],
  // Preflights are rare for plain GETs (only with custom headers); a day saves the round trips.
  maxAge: 86_400,
});

/**
 * CORS for the open data: any origin may read (GET, HEAD, and the OPTIONS preflight), without
 * credentials; other methods get no CORS headers, so browsers refuse them cross-origin.
 */
export function apiCors(): MiddlewareHandler {
  return async (c, next) => {
    if (READ_METHODS.has(c.req.method) || c.req.method === 'OPTIONS') return openCors(c, next);
    await next();
  };
}

/** The Cache-Control of API answers: caches may keep them a minute, then must revalidate (cheap with the ETag). */
export const API_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** The strong entity tag of a body: a quoted base64url SHA-1 of its bytes. */
export function entityTag(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Conditional GET for JSON answers: a successful GET/HEAD gets a strong ETag (hash of the body),
 * Last-Modified (the latest data change, from `lastModified`) and Cache-Control; a request whose
 * If-None-Match names the ETag, or (without If-None-Match) whose If-Modified-Since is not older
 * than Last-Modified, is answered 304 without a body.
 */
export function conditionalGet(lastModified: () => Promise<Date | undefined>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!READ_METHODS.has(c.req.method) || c.res.status !== 200) return;
    const type = c.res.headers.get('Content-Type') ?? '';
    if (!JSON_TYPE.test(type) || c.res.headers.has('Content-Encoding')) return;
    const bytes = new Uint8Array(await c.res.arrayBuffer());
    c.res = new Response(bytes, c.res);
    const headers = c.res.headers;
    const etag = headers.get('ETag') ?? entityTag(bytes);
    headers.set('ETag', etag);
    // The answer is already made; a failing lookup only costs it its Last-Modified.
    // A handler that knows when its answer changed (a response's last save) says so itself.
    const own = headers.get('Last-Modified');
    const changed = own ? new Date(own) : await lastModified().catch(() => undefined);
    // HTTP dates have whole seconds; comparisons below use the same rounding.
    const changedSeconds = changed ? Math.floor(changed.getTime() / 1000) : undefined;
    if (changed && !own) headers.set('Last-Modified', changed.toUTCString());
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', API_CACHE_CONTROL);

    const ifNoneMatch = c.req.header('If-None-Match');
    let notModified = false;
    if (ifNoneMatch !== undefined) notModified = noneMatchHits(ifNoneMatch, etag);
    else {
      const since = Date.parse(c.req.header('If-Modified-Since') ?? '');
      if (changedSeconds !== undefined && !Number.isNaN(since))
        notModified = changedSeconds <= Math.floor(since / 1000);
    }
    if (!notModified) return;
    // A 304 keeps the validators, Cache-Control, Vary and the other response fields, not the
    // body's own (RFC 9110 §15.4.5).
    const kept = new Headers(headers);
    kept.delete('Content-Type');
    kept.delete('Content-Length');
    c.res = undefined; // replace the response instead of merging the old headers back in
    c.res = new Response(null, { status: 304, headers: kept });
  };
}

/**
 * Rate limiting per client address: `limit` requests per `windowMs` (limit 0 turns it off), with
 * the standard RateLimit-* headers; an excess request gets a 429 problem document (code
 * rate_limited) and Retry-After in seconds. Behind a reverse proxy every client would share the
 * proxy's address, so put the limit in the proxy there, or set API_RATE_LIMIT=0.
 */
export function apiRateLimit(options: { limit: number; windowMs: number }): MiddlewareHandler {
  const { limit } = options;
  return perClientRateLimit({
    ...options,
    answer: (c, { windowSeconds, retryAfterSeconds: seconds }) =>
      problemResponse(c, {
        status: 429,
        code: 'rate_limited',
        message: `Too many requests: each client may make ${limit} requests in ${windowSeconds} seconds. Try again in ${seconds} seconds, or download the whole dataset from /downloads instead of paging through it.`,
        details: { limit, windowSeconds, retryAfterSeconds: seconds },
      }),
  });
}

/** What the unknown-parameter check needs of a documented operation. */
interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly request?: {
    readonly query?: unknown;
    readonly params?: unknown;
    readonly body?: unknown;
  };
}

/** Parameters every operation accepts besides its own: `lang`, the site's language choice. */
const ALWAYS_ALLOWED = ['lang'];

/** The query parameter names an operation documents, plus `lang`. */
function documentedParameters(route: DocumentedOperation): readonly string[] {
  const shape = (route.request?.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  // Each once: an operation may document an always-allowed parameter itself (lang).
  return [...new Set([...Object.keys(shape ?? {}), ...ALWAYS_ALLOWED])];
}

/**
 * A query parameter no operation documents is a 400 naming it and listing the allowed ones,
 * instead of being ignored, so a misspelt filter (`?contry=SE`) does not silently return
 * everything. Addresses of no documented operation (the docs page, openapi.json) pass.
 */
export function rejectUnknownParameters(routes: readonly DocumentedOperation[]): MiddlewareHandler {
  // Fewer path parameters first, so /api/v1/statistics/regions is not taken for a {code}.
  const matchers = [...routes]
    .sort((a, b) => a.path.split('{').length - b.path.split('{').length)
    .map((route) => ({
      method: route.method.toUpperCase(),
      pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      allowed: documentedParameters(route),
    }));
  return async (c, next) => {
    const path = c.req.path;
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const match = matchers.find((m) => m.method === method && m.pattern.test(path));
    if (match) {
      const given = [...new Set(new URL(c.req.url).searchParams.keys())];
      const unknown = given.filter((name) => !match.allowed.includes(name));
      if (unknown.length > 0) {
        throw invalidParameter(
          unknown[0] as string,
          `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${path} accepts: ${match.allowed.join(', ')}`,
          { unknown, allowed: match.allowed },
        );
      }
    }
    return next();
  };
}
