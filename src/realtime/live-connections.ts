import { AppError } from '../domain/errors';
import { voterKey } from '../domain/voter';

/**
 * Every live connection (an SSE stream or a WebSocket) holds a file descriptor for as long as it
 * is open, so one client opening thousands could leave none for health checks, votes or the
 * database. SSE and WebSocket both ask here before they start one: per voter address (an IPv6 /64
 * counts as one address, as for rate limits) and for the whole process.
 */

export type Refusal = 'address_full' | 'server_full';
type Admission = (() => void) | Refusal;

type LiveConnectionStats = { open: number; addresses: number };

export type LiveConnections = {
  /**
   * Takes a slot for `address` (the voter address; undefined when it could not be told, which
   * only the process-wide cap then applies to). The returned release may be called any number
   * of times.
   */
  admit(address: string | undefined): Admission;
  stats(): LiveConnectionStats;
};

export function createLiveConnections(limits: { perAddress: number; max: number }): LiveConnections {
  const byKey = new Map<string, number>();
  let open = 0;

  return {
    admit(address) {
      if (open >= limits.max) return 'server_full';
      const key = address === undefined ? undefined : voterKey(address);
      if (key !== undefined) {
        const held = byKey.get(key) ?? 0;
        if (held >= limits.perAddress) return 'address_full';
        byKey.set(key, held + 1);
      }
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        if (key === undefined) return;
        const held = (byKey.get(key) ?? 1) - 1;
        // Deleting at zero keeps the map as small as the set of addresses connected now.
        if (held > 0) byKey.set(key, held);
        else byKey.delete(key);
      };
    },
    stats: () => ({ open, addresses: byKey.size }),
  };
}

/** A slot frees when someone else leaves, which no clock predicts; this only spaces out retries. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The error a refused connection is answered with: `rate_limited` for a full address,
 * `service_unavailable` for a full server.
 */
export function refusalError(refusal: Refusal): AppError {
  return refusal === 'address_full'
    ? new AppError('rate_limited', 'too many live connections from this address; close some and retry', {
        retry_after: RETRY_AFTER_SECONDS,
      })
    : new AppError('service_unavailable', 'this server has too many live connections; retry shortly', {
        retry_after: RETRY_AFTER_SECONDS,
      });
}

/** `admit` for a caller that throws its refusals: the release, or the error of `refusalError`. */
export function admitOrThrow(connections: LiveConnections, address: string | undefined): () => void {
  const admission = connections.admit(address);
  if (typeof admission !== 'function') throw refusalError(admission);
  return admission;
}
