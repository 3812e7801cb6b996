import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { toAppError } from '../db/caught-errors';
import { isDependencyError, type AppError, type ErrorCode } from '../domain/errors';
import { describeError, type Logger } from '../logger';

/** The one place an error becomes HTTP: a status and `{"error": {code, message, details?}}`. */

/** Each error code's HTTP status (docs/API.md). */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  poll_closed: 403,
  not_found: 404,
  already_voted: 409,
  poll_has_votes: 409,
  question_has_votes: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  service_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export function httpStatusOf(error: Pick<AppError, 'code'>): ErrorStatus {
  return ERROR_STATUS[error.code];
}

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
