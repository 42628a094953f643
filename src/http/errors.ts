import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { databaseUnavailable, type ErrorCode, isAppError } from '../domain/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_parameter: 400,
  invalid_data: 422,
  invalid_file: 422,
  too_large: 413,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  method_not_allowed: 405,
  database_unavailable: 503,
  busy: 503,
  internal: 500,
};

/** A short, fixed title per code: the `title` of a problem document (RFC 9457). */
export const PROBLEM_TITLES: Record<ErrorCode, string> = {
  invalid_parameter: 'A request parameter is not valid',
  invalid_data: 'The data is not valid',
  invalid_file: 'The file cannot be read',
  too_large: 'The request is too large',
  not_found: 'Not found',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  conflict: 'The change conflicts with the current data',
  rate_limited: 'Too many requests',
  method_not_allowed: 'The method is not allowed here',
  database_unavailable: 'The database is unavailable',
  busy: 'The server is busy',
  internal: 'Internal error',
};

/** The path under which each error code is described; a problem's `type` is this plus the code. */
export const PROBLEM_TYPE_PATH = '/api/v1/problems';

/** An error as the HTTP layer reports it. */
export interface HttpProblem {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The HTTP status of an error code. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** Socket-level codes of a database server that cannot be reached or went away. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * True for a driver error that means the database is down or unreachable rather than that a
 * query is wrong: PostgreSQL's connection exceptions (class 08), admin/crash shutdown and
 * "cannot connect now" (57P01-57P03), a refused or reset socket, a connection the server ended,
 * a pool that timed out waiting for a connection; SQLite's cannot-open, I/O and busy errors.
 */
export function isDatabaseDown(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (UNREACHABLE_CODES.has(code)) return true;
  if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (/^SQLITE_(CANTOPEN|IOERR|BUSY|NOTADB|READONLY_DBMOVED)/.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not open|database connection is not open/i.test(
    e.message,
  );
}

/** The message of a 503 caused by the database; it says the atlas recovers on its own. */
const DATABASE_DOWN_MESSAGE =
  'The database is not answering right now. The atlas reconnects by itself; please try again in a minute.';

/**
 * The message of a 503 when SQLite's write lock stayed taken past the busy timeout: a long write
 * (an import being applied) holds it; nothing of this request was written.
 */
const DATABASE_BUSY_MESSAGE =
  'The database is busy with a long write, such as an import being applied. Nothing was saved; please try again in a minute.';

/** The one place that maps errors to HTTP statuses; unexpected errors become a 500 without internals. */
export function toProblem(e: unknown): HttpProblem {
  if (!isAppError(e) && isDatabaseDown(e))
    return toProblem(
      databaseUnavailable(
        (e as { code?: unknown }).code === 'SQLITE_BUSY'
          ? DATABASE_BUSY_MESSAGE
          : DATABASE_DOWN_MESSAGE,
      ),
    );
  if (isAppError(e))
    return { status: STATUS[e.code], code: e.code, message: e.message, details: e.details };
  return {
    status: 500,
    code: 'internal',
    message: 'An unexpected error occurred. It has been logged; please try again later.',
    details: {},
  };
}

/** An RFC 9457 problem document: the standard members, the stable `code`, and the error's details (e.g. `parameter`, `allowed`). */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ErrorCode;
  readonly [extension: string]: unknown;
}

/** The problem document of an error for the request at `instance` (its path). */
export function problemDocument(p: HttpProblem, instance: string): ProblemDocument {
  // The standard members first (a reader sees the detail before a long list of allowed values);
  // an error's details never replace them.
  const {
    type: _t,
    title: _ti,
    status: _s,
    detail: _d,
    instance: _i,
    code: _c,
    ...extensions
  } = p.details;
  return {
    type: `${PROBLEM_TYPE_PATH}/${p.code}`,
    title: PROBLEM_TITLES[p.code],
    status: p.status,
    detail: p.message,
    instance,
    code: p.code,
    ...extensions,
  };
}

/** Seconds a client is asked to wait before retrying while the database is down. */
export const DATABASE_RETRY_SECONDS = 30;

/** The headers a problem calls for: Allow on a 405, Retry-After on a database 503, a busy 503 or a 429. */
export function problemHeaders(p: HttpProblem): Record<string, string> {
  if (p.code === 'method_not_allowed' && Array.isArray(p.details.allow))
    return { Allow: p.details.allow.join(', ') };
  if (p.code === 'database_unavailable') return { 'Retry-After': String(DATABASE_RETRY_SECONDS) };
  if (p.code === 'unauthenticated') return { 'WWW-Authenticate': 'Bearer realm="PerMed Atlas"' };
  // Busy and rate-limited answers say when to come back, whichever handler writes them.
  const retry = p.details.retryAfterSeconds;
  if (typeof retry === 'number') return { 'Retry-After': String(retry) };
  return {};
}

/** Answers a request with the problem document of an error (media type application/problem+json). */
export function problemResponse(c: Context, p: HttpProblem): Response {
  return c.body(JSON.stringify(problemDocument(p, c.req.path)), p.status, {
    ...problemHeaders(p),
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}
