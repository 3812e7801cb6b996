import { headers } from 'next/headers';
import { isAppError, type ErrorCode } from '../../domain/errors';
import type { Voter } from '../../domain/voter';
import { pageServices } from './page-services.server';
import { publicOrigin } from '../../voters/public-origin';
import { voterOf, voterPassedOn } from '../../voters/voter-address';

/** What pages learn from the request: the voter, the site's origin, the code of an error. Server-only. */

/**
 * The voter as our server resolved it (src/voters/voter-address.ts); never a client-supplied
 * value. Undefined when its address is unknown.
 */
export async function currentVoter(): Promise<Voter | undefined> {
  const request = await headers();
  const passed = voterPassedOn((name) => request.get(name));
  return passed && voterOf(passed);
}

/** The origin of every absolute link, QR code and embed snippet: PUBLIC_URL, or the one the visitor used. */
export async function siteOrigin(): Promise<string> {
  const request = await headers();
  return publicOrigin(pageServices().config.publicUrl, (name) => request.get(name)) ?? 'http://localhost';
}

/** The code of an AppError thrown by the domain, whichever copy of our modules made it. */
export function errorCodeOf(error: unknown): ErrorCode | undefined {
  return isAppError(error) ? error.code : undefined;
}

export function errorDetailsOf(error: unknown): Record<string, unknown> {
  const details = (error as { details?: unknown } | undefined)?.details;
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}
