import type { Config } from '../../config';
import type { EventService } from '../../polls/event-service';
import type { PollService } from '../../polls/poll-service';
import type { CastVote } from '../../votes/cast-vote';

/**
 * Pages run inside Next's own module graph, so they reach the running pollcast's services through
 * globalThis instead of importing a module-level singleton that Next would duplicate.
 */

/** What pages use of the running pollcast: they read polls and events and vote, like the API, and read PUBLIC_URL. */
export type PageServices = {
  polls: PollService;
  events: EventService;
  castVote: CastVote;
  config: Pick<Config, 'publicUrl'>;
};

const KEY = Symbol.for('pollcast.instance');
type Holder = { [KEY]?: PageServices };

export function providePageServices(services: PageServices | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function pageServices(): PageServices {
  const pollcast = (globalThis as Holder)[KEY];
  if (!pollcast) throw new Error('pollcast is not running in this process; start it with `npm start`');
  return pollcast;
}
