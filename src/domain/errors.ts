/** Stable error codes; one place (http/errors.ts) maps them to HTTP statuses. */
export type ErrorCode =
  | 'invalid_parameter'
  | 'invalid_data'
  | 'invalid_file'
  | 'too_large'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'database_unavailable'
  | 'busy'
  | 'internal';

/** An error the application expects and can explain: a stable code and a message that says what to do. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** True when a value is an AppError with the given code. */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/** A parameter value that is not one of `allowed`: invalid_parameter naming the parameter, the value and the allowed values. */
export function unknownValue(
  parameter: string,
  value: string,
  allowed: readonly string[],
): AppError {
  return new AppError(
    'invalid_parameter',
    `unknown ${parameter} "${value}"; allowed values: ${allowed.join(', ')}`,
    { parameter, value, allowed },
  );
}

/** A record that does not exist: `there is no KIND "ID"; HINT`, the hint saying where to look instead. */
export function notFound(kind: string, id: string, hint: string): AppError {
  return new AppError('not_found', `there is no ${kind} "${id}"; ${hint}`, { kind, id });
}

/** A request parameter (or command-line option) whose value cannot be used; the message says what to give. */
export function invalidParameter(
  parameter: string | undefined,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): AppError {
  return new AppError('invalid_parameter', message, {
    ...(parameter === undefined ? {} : { parameter }),
    ...details,
  });
}

/** Data that breaks a rule of the domain (a record, a reference file, a stored preset). */
export function invalidData(
  message: string,
  details?: Readonly<Record<string, unknown>>,
): AppError {
  return new AppError('invalid_data', message, details);
}

/** A file that cannot be read as what it claims to be. */
export function invalidFile(
  message: string,
  details?: Readonly<Record<string, unknown>>,
): AppError {
  return new AppError('invalid_file', message, details);
}

/** Input over a limit the atlas sets to protect itself (rows, bytes, nesting). */
export function tooLarge(message: string, details?: Readonly<Record<string, unknown>>): AppError {
  return new AppError('too_large', message, details);
}

/** The database cannot be opened or used; the message says what to check. */
export function databaseUnavailable(
  message: string,
  details?: Readonly<Record<string, unknown>>,
): AppError {
  return new AppError('database_unavailable', message, details);
}

/**
 * The server has as much heavy work queued as it accepts: nothing is wrong with the request, so
 * the message says to send it again after `retryAfterSeconds` (also the Retry-After of the answer).
 */
export function busy(message: string, retryAfterSeconds: number): AppError {
  return new AppError('busy', message, { retryAfterSeconds });
}

/** A client over its request budget; it may try again after `retryAfterSeconds` (the answer's Retry-After). */
export function rateLimited(
  message: string,
  retryAfterSeconds: number,
  details?: Readonly<Record<string, unknown>>,
): AppError {
  return new AppError('rate_limited', message, { ...details, retryAfterSeconds });
}

/** A request that asks to change something at an address that can only be read. */
export function methodNotAllowed(method: string, path: string, allow: readonly string[]): AppError {
  return new AppError(
    'method_not_allowed',
    `${path} can only be read (${allow.join(', ')}), not sent ${method}`,
    { method, allow },
  );
}

/** A request that needs a signed-in account or a valid API token and has neither. */
export function unauthenticated(message: string): AppError {
  return new AppError('unauthenticated', message);
}

/** A signed-in account asking for something its role or regions do not allow. */
export function forbidden(message: string, details?: Readonly<Record<string, unknown>>): AppError {
  return new AppError('forbidden', message, details);
}

/** A change that conflicts with the current state (a stale version, a name already taken). */
export function conflict(message: string, details?: Readonly<Record<string, unknown>>): AppError {
  return new AppError('conflict', message, details);
}
