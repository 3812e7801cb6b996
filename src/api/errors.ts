import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { ZodError } from 'zod';
import { databaseErrorKind } from '../db/errors';
import { AppError, DependencyError, isAppError, isDependencyError, type ErrorCode } from '../domain/errors';
import { describeError, type Logger } from '../logger';

/** The one place an error becomes `{"error": {code, message, details?}}`. */

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

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

/** The route pattern, never the path: a path holds the poll id the request sent. */
function routePattern(c: Context): string {
  try {
    return routePath(c) || 'unmatched';
  } catch {
    // The error mapper must answer even for a context the router never matched.
    return 'unmatched';
  }
}

export function errorResponse(c: Context, error: unknown, log: Logger): Response {
  const appError = toAppError(error);
  const route = routePattern(c);
  // Our server put a sane request id on the request (src/server/request-log.ts); the log line joins it.
  const request_id = c.req.header('x-request-id');
  if (appError.code === 'internal_error') log.error('request failed', { request_id, route, ...describeError(error) });
  else if (isDependencyError(appError))
    log.warn('dependency unavailable', {
      request_id,
      dependency: appError.dependency,
      route,
      ...describeError(error),
    });
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details) body.error.details = appError.details;
  const retryAfter = appError.details?.retry_after;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.json(body, appError.status);
}
