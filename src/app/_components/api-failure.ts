import { useTranslations } from '../_lib/intl';

/**
 * Why a request to the API from a page did not go through, and how the page says so: by the
 * answer's error `code` (src/domain/errors.ts), never its `message`, which stays English
 * (messages/create, ApiFailures). A code this list does not know reads as a general failure.
 */

export type ApiFailure = { code: string | undefined } | { network: true };

export const NETWORK_FAILURE: ApiFailure = { network: true };

/** The failure an error answer describes; its body may be anything, or nothing. */
export function failureOf(body: unknown): ApiFailure {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return { code: typeof code === 'string' ? code : undefined };
}

const KEYS = new Map<string, string>([
  ['invalid_request', 'invalidRequest'],
  ['unauthorized', 'unauthorized'],
  ['not_found', 'notFound'],
  ['poll_has_votes', 'pollHasVotes'],
  ['payload_too_large', 'payloadTooLarge'],
  ['rate_limited', 'rateLimited'],
  ['internal_error', 'internalError'],
  ['service_unavailable', 'serviceUnavailable'],
]);

export function useFailureText(): (failure: ApiFailure) => string {
  const t = useTranslations('ApiFailures');
  return (failure) => t('network' in failure ? 'network' : (KEYS.get(failure.code ?? '') ?? 'other'));
}
