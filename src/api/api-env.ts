import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { Pollcast } from '../pollcast';
import type { RequestVoter } from '../voters/voter-address';

/** What every API route shares: how big a body may be, what the door passes in, the services, the bearer token. */

export const MAX_BODY_BYTES = 16 * 1024;

/**
 * What the door that mounted the API tells it. Under our Node server Hono gets the raw request
 * and response (the SSE stream writes to it), and the request carries the voter our server
 * resolved; a Next route handler passes the voter it read from the address header it was
 * configured to trust and the cookie instead.
 */
export type ApiEnv = { Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse; voter?: RequestVoter } };

/** What the API uses of a running pollcast. */
export type ApiServices = Pick<
  Pollcast,
  'polls' | 'castVote' | 'limits' | 'log' | 'health' | 'hub' | 'connections' | 'database' | 'config'
>;

/** The token of `Authorization: Bearer <token>`, if the request sent one. */
export function bearerToken(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}
