/**
 * The one API error type: a code from docs/API.md fixed to its HTTP status. Handlers throw,
 * one mapper (api/errors.ts) writes the JSON body.
 */

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  poll_closed: 403,
  not_found: 404,
  already_voted: 409,
  poll_has_votes: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Next.js loads our modules a second time, so `instanceof` fails for an error the other copy
 * made; a registered symbol is the same in every copy, so the brand is what callers check.
 */
const APP_ERROR = Symbol.for('pollcast.error');
const DEPENDENCY_ERROR = Symbol.for('pollcast.dependency-error');

export class AppError extends Error {
  override name = 'AppError';
  readonly [APP_ERROR] = true;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

/** Thrown when a dependency (database, Redis) cannot answer; the body names it. */
export class DependencyError extends AppError {
  override name = 'DependencyError';
  readonly [DEPENDENCY_ERROR] = true;
  constructor(
    readonly dependency: 'database' | 'redis',
    cause?: unknown,
  ) {
    super('service_unavailable', `the ${dependency} is unavailable; try again shortly`, { dependency });
    this.cause = cause;
  }
}

export const pollNotFound = () => new AppError('not_found', 'no poll with this id');

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
}

export function isDependencyError(error: unknown): error is DependencyError {
  return isAppError(error) && (error as { [DEPENDENCY_ERROR]?: unknown })[DEPENDENCY_ERROR] === true;
}
