import type { IncomingMessage } from 'node:http';
import { resolveVoterIp, voterKey, type TrustedProxies } from '../domain/voter';

/**
 * The one way a request that reached our server (an API call, a page, a WebSocket upgrade)
 * becomes a voter: the socket's peer, or the X-Forwarded-For hop just before the nearest proxy
 * in TRUST_PROXY (Node joins repeated headers with commas), read as the identity votes and rate
 * limits count against (an IPv6 /64 is one voter; see voterKey).
 */
export function voterAddressOf(req: IncomingMessage, trusted: TrustedProxies): string | undefined {
  const forwarded = req.headers['x-forwarded-for'];
  const ip = resolveVoterIp(
    req.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    trusted,
  );
  return ip === undefined ? undefined : voterKey(ip);
}
