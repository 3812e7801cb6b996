import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { countsOf, isOpenAt, type Poll, type PollWithOptions } from '../domain/polls';

/** A poll as the outside sees it at an instant: in answers (presentPoll) and in live updates (pollUpdateOf). */

/** The poll as the outside sees it at `instant`: is_active already accounts for the end time. */
export function presentPoll(poll: Poll, instant: Date): Poll {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    kind: poll.kind,
    category: poll.category,
    created_at: poll.created_at,
    expires_at: poll.expires_at,
    is_active: isOpenAt(poll, instant),
    total_votes: poll.total_votes,
    voter_identity: poll.voter_identity,
    max_choices: poll.max_choices,
    results_visibility: poll.results_visibility,
    code: poll.code,
    listed: poll.listed,
  };
}

/** The live update that tells viewers a poll's state as it is now. */
export function pollUpdateOf(poll: PollWithOptions, deleted = false): PollUpdate {
  const update: PollUpdate = {
    poll_id: poll.id,
    seq: poll.seq,
    ...countsOf(poll),
    is_active: !deleted && isOpenAt(poll, new Date()),
    results_visibility: poll.results_visibility,
    revision: poll.revision,
    voted_option_ids: [],
  };
  if (deleted) update.deleted = true;
  return update;
}
