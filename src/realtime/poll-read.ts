import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { Poll } from '../domain/polls';
import type { PollService } from '../polls/poll-service';
import { pollUpdateOf } from '../polls/present-poll';

/** A poll as read from the database: its state, and what updates do not carry (end time, identity). */
export type PollRead = { update: PollUpdate; expiresAt: number | null; voterIdentity: Poll['voter_identity'] };

/** What viewers start from, and come back to when the bus may have missed something. */
export async function readPoll(polls: Pick<PollService, 'load' | 'resultsOf'>, pollId: string): Promise<PollRead> {
  const poll = await polls.load(pollId);
  return {
    update: pollUpdateOf(poll, await polls.resultsOf(poll, poll.seq)),
    expiresAt: poll.expires_at === null ? null : Date.parse(poll.expires_at),
    voterIdentity: poll.voter_identity,
  };
}
