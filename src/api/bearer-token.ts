import type { Context } from 'hono';

/** The token of `Authorization: Bearer <token>`: a poll's admin token, or our server's metrics token. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** The same, of a request to an API route. */
export function bearerToken(c: Context): string | undefined {
  return bearerTokenOf(c.req.header('authorization'));
}
