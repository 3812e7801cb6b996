import type { Context } from 'hono';
import { AppError } from '../domain/errors';
import type { Voter } from '../domain/voter';
import { voterOf, voterPassedOn, type RequestVoter } from '../voters/voter-address';
import type { ApiEnv } from './api-env';

/** Who is asking, as the entry point that mounted the API resolved it (src/voters/voter-address.ts). */

export function requestVoter(c: Context<ApiEnv>): RequestVoter | undefined {
  if (c.env?.voter) return c.env.voter;
  const headers = c.env?.incoming?.headers;
  return headers && voterPassedOn((name) => headers[name] as string | undefined);
}

export function voterIpIfKnown(c: Context<ApiEnv>): string | undefined {
  return requestVoter(c)?.address;
}

export function voterIp(c: Context<ApiEnv>): string {
  const ip = voterIpIfKnown(c);
  if (!ip) throw new AppError('invalid_request', 'the client address could not be determined');
  return ip;
}

/**
 * The voter of a request that reads or casts its ballot; a browser that came without a voter
 * cookie is handed the one minted for it, on errors too, so its next request is the same voter.
 */
export function voter(c: Context<ApiEnv>): Voter {
  const known = requestVoter(c);
  // Under our server the routing already put it on the Node response (cheaper than a web header here).
  if (known?.setCookie && !c.env?.outgoing) c.header('Set-Cookie', known.setCookie, { append: true });
  const found = known && voterOf(known);
  if (!found) throw new AppError('invalid_request', 'the client address could not be determined');
  return found;
}
