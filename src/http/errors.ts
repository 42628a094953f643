import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '../domain/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_parameter: 400,
  invalid_data: 422,
  invalid_file: 422,
  too_large: 413,
  not_found: 404,
  conflict: 409,
  database_unavailable: 503,
  internal: 500,
};

/** An error as the HTTP layer reports it. */
export interface HttpProblem {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
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
