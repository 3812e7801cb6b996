import type { PollLiveProps } from '../_components/poll-live/poll-live';
import type { PollDetails } from '../../polls/poll-details';
import { shownFromDetails } from './live-counts';
import { asVoteNotice } from './messages';

type Query = Record<string, string | string[] | undefined>;

/** A poll's answers as the pages' components take them. */
export function answersOf(details: PollDetails): { id: string; text: string }[] {
  return details.options.map((option) => ({ id: option.id, text: option.option_text }));
}

/**
 * What the live part of a poll starts from, on every page that shows one: the poll as the server
 * read it for this visitor, and the notice a no-JavaScript vote came back with (`?vote=…&retry=…`).
 */
export function pollLivePropsOf(details: PollDetails, query: Query): Omit<PollLiveProps, 'voteAction'> {
  const { poll, voter } = details;
  const notice = asVoteNotice(query.vote);
  const retryAfter = Number(query.retry);
  return {
    pollId: poll.id,
    title: poll.title,
    kind: poll.kind,
    options: answersOf(details),
    initial: shownFromDetails(details),
    expiresAt: poll.expires_at,
    voterIdentity: poll.voter_identity,
    maxChoices: poll.max_choices,
    // An open-text poll's voter wrote answers rather than choosing options.
    votedOptionIds: poll.kind === 'text' ? (voter.answers ?? []) : voter.option_ids,
    notice: notice && { kind: notice, retryAfter: retryAfter > 0 ? retryAfter : undefined },
  };
}
