import type { AppError, ErrorCode } from '../domain/errors';

/** Each error code's HTTP status (docs/API.md): the one place a code meets HTTP. */
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
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export function httpStatusOf(error: Pick<AppError, 'code'>): ErrorStatus {
  return ERROR_STATUS[error.code];
}
