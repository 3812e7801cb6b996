import type { Pollcast } from '../pollcast';

/**
 * Pages run inside Next's own module graph, so they reach the process's Pollcast through
 * globalThis instead of importing a module-level singleton that Next would duplicate.
 */

const KEY = Symbol.for('pollcast.instance');
type Holder = { [KEY]?: Pollcast };

export function providePollcast(pollcast: Pollcast | undefined): void {
  (globalThis as Holder)[KEY] = pollcast;
}

export function currentPollcast(): Pollcast {
  const pollcast = (globalThis as Holder)[KEY];
  if (!pollcast) throw new Error('pollcast is not running in this process; start it with `npm start`');
  return pollcast;
}

/** Set by our server on every page request (any value the client sent is replaced). */
export const VOTER_IP_HEADER = 'x-pollcast-voter-ip';
