/**
 * The one API error type: a code from DESIGN §4 fixed to its HTTP status. Handlers throw,
 * one mapper (api/errors.ts) writes the JSON body.
 */

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  poll_closed: 403,
  not_found: 404,
  already_voted: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = 'AppError';
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
  constructor(
    readonly dependency: 'database' | 'redis',
    cause?: unknown,
  ) {
    super('service_unavailable', `the ${dependency} is unavailable; try again shortly`, { dependency });
    this.cause = cause;
  }
}

export const pollNotFound = () => new AppError('not_found', 'no poll with this id');
