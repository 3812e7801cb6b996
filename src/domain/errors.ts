/**
 * The errors pollcast refuses with, in no transport's terms: a stable code (docs/API.md), a
 * message and details. Each transport says them its own way: the API maps each code to an HTTP
 * status (src/api/errors.ts), a WebSocket replies with the code itself.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_option'
  | 'unauthorized'
  | 'poll_closed'
  | 'not_found'
  | 'already_voted'
  | 'poll_has_votes'
  | 'question_has_votes'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error'
  | 'not_implemented'
  | 'service_unavailable';

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
export const eventNotFound = () => new AppError('not_found', 'no event with this id');

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
}

export function isDependencyError(error: unknown): error is DependencyError {
  return isAppError(error) && (error as { [DEPENDENCY_ERROR]?: unknown })[DEPENDENCY_ERROR] === true;
}
