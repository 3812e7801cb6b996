import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { toAppError } from '../db/caught-errors';
import { isDependencyError, type ErrorCode } from '../domain/errors';
import { describeError, type Logger } from '../logger';
import { httpStatusOf, type ErrorStatus } from './error-status';

/** The one place an error becomes `{"error": {code, message, details?}}`. */

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

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
  const answer = errorAnswer(error, log, routePattern(c), c.req.header('x-request-id'));
  if (answer.retryAfter !== undefined) c.header('Retry-After', String(answer.retryAfter));
  if (closesConnection(answer.status)) c.header('Connection', 'close');
  c.header('Cache-Control', 'no-store');
  return c.json(answer.body, answer.status);
}

/**
 * A refusal that says "later" (429, 503) also closes its connection: a client refused for holding
 * too much must not keep the socket, and one refused for load frees a descriptor it would idle on.
 */
export function closesConnection(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * An error as the API answers it: status, body, and the seconds to wait for a 429; logged when it
 * is ours or a dependency's. `requestId` is the one our server put on the request
 * (src/server/request-log.ts), so the log line joins the request's.
 */
export function errorAnswer(
  error: unknown,
  log: Logger,
  route: string,
  request_id: string | undefined,
): { status: ErrorStatus; body: ErrorBody; retryAfter?: number } {
  const appError = toAppError(error);
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
  const status = httpStatusOf(appError);
  const retryAfter = appError.details?.retry_after;
  return typeof retryAfter === 'number' ? { status, body, retryAfter } : { status, body };
}
