import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '../domain/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_parameter: 400,
  invalid_data: 422,
  invalid_file: 422,
  too_large: 413,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
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
  conflict: 'The change conflicts with the current data',
  rate_limited: 'Too many requests',
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

/** The one place that maps errors to HTTP statuses; unexpected errors become a 500 without internals. */
export function toProblem(e: unknown): HttpProblem {
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

/** Answers a request with the problem document of an error (media type application/problem+json). */
export function problemResponse(c: Context, p: HttpProblem): Response {
  return c.body(JSON.stringify(problemDocument(p, c.req.path)), p.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}
