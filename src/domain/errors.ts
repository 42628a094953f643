/** Stable error codes; one place (http/errors.ts) maps them to HTTP statuses. */
export type ErrorCode =
  | 'invalid_parameter'
  | 'invalid_data'
  | 'invalid_file'
  | 'too_large'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'database_unavailable'
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
