import type { Context } from 'hono';
import { ZodError } from 'zod';
import { AppError, DependencyError, type ErrorCode } from '../domain/errors';
import { describeError, type Logger } from '../logger';

/** The one place an error becomes `{"error": {code, message, details?}}`. */

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True for errors that mean the database could not be reached, rather than a bug of ours. */
export function isDatabaseOutage(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code;
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i.test(
        e.message,
      )
    ) {
      return true;
    }
  }
  return false;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new AppError('invalid_request', issues[0]?.message ?? 'invalid request', { issues });
  }
  if (isDatabaseOutage(error)) return new DependencyError('database', error);
  return new AppError('internal_error', 'something went wrong on our side; it has been logged');
}

export function errorResponse(c: Context, error: unknown, log: Logger): Response {
  const appError = toAppError(error);
  if (appError.code === 'internal_error') log.error('request failed', { path: c.req.path, ...describeError(error) });
  else if (appError instanceof DependencyError)
    log.warn('dependency unavailable', { dependency: appError.dependency, ...describeError(error) });
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details) body.error.details = appError.details;
  const retryAfter = appError.details?.retry_after;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.json(body, appError.status);
}
