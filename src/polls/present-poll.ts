import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { countsOf, isOpenAt, type CommittedPoll, type Poll, type PollWithOptions } from '../domain/polls';
import type { PollResults } from '../kinds/kind';

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
    filter_profanity: poll.filter_profanity,
  };
}

/** The live update that tells viewers a poll's state as it is now; `results` a ranked poll's count. */
export function pollUpdateOf(poll: PollWithOptions, results?: PollResults, deleted = false): PollUpdate {
  const update: PollUpdate = {
    poll_id: poll.id,
    seq: poll.seq,
    ...countsOf(poll),
    is_active: !deleted && isOpenAt(poll, new Date()),
    results_visibility: poll.results_visibility,
    revision: poll.revision,
    voted_option_ids: [],
  };
  if (results) update.results = results;
  if (deleted) update.deleted = true;
  return update;
}

/**
 * The live update that tells viewers what one vote batch committed in a poll. The writer only
 * counts votes in open polls; the ballots' keys travel only where the poll shows counts after a vote.
 */
export function committedUpdateOf(change: CommittedPoll, results?: PollResults): PollUpdate {
  const update: PollUpdate = {
    poll_id: change.pollId,
    seq: change.seq,
    total_votes: change.counts.total_votes,
    options: change.counts.options,
    is_active: true,
    results_visibility: change.resultsVisibility,
    revision: change.revision,
    voted_option_ids: change.votedOptionIds,
  };
  if (results) update.results = results;
  if (change.resultsVisibility === 'after_vote') update.voter_keys = change.voterKeys;
  return update;
}
