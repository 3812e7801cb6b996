import { ZodError } from 'zod';
import { classifyDatabaseError, databaseErrorCode, databaseErrorKind, isDatabaseError } from './errors';
import { AppError, DependencyError, isAppError } from '../domain/errors';

/**
 * What a caught error means, read the same way everywhere: the AppError a client may be told
 * (each transport then answers it in its own terms: HTTP statuses in src/api/errors.ts, WebSocket
 * error replies), and what of a database error a log line may carry. It sits with the database's
 * error codes because a database error is the only foreign one that needs reading.
 */

/** True for errors that mean the database could not answer now, rather than a bug of ours. */
export function isDatabaseOutage(error: unknown): boolean {
  return databaseErrorKind(error) === 'unavailable';
}

/**
 * Checked by brand and shape, not instanceof: Next.js loads our modules a second time, and an
 * error made by the other copy is not an instance of this copy's classes.
 */
function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return (
    error instanceof ZodError ||
    (error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues))
  );
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isZodError(error)) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new AppError('invalid_request', issues[0]?.message ?? 'invalid request', { issues });
  }
  if (isDatabaseOutage(error)) return new DependencyError('database', error);
  return new AppError('internal_error', 'something went wrong on our side; it has been logged');
}

/**
 * The fields a log line may carry about a database error, or undefined for any other error. Its
 * message, `detail`, `where` and drizzle's wrapper hold the query text and the request's values
 * (addresses, token hashes, ids), so it is logged by SQLSTATE, class and a fixed message only.
 * The composition root hands this to the logger (describeErrorsWith).
 */
export function describeDatabaseError(error: unknown): Record<string, unknown> | undefined {
  if (!isDatabaseError(error)) return undefined;
  const failure = classifyDatabaseError(error);
  const { code, errorClass } = failure ?? databaseErrorCode(error);
  return {
    error: failure ? `database ${failure.kind}: ${failure.reason}` : 'database error',
    code,
    error_class: errorClass,
  };
}
