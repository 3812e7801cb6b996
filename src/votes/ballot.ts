import type { Counts, PollKind, ResultsVisibility } from '../domain/polls';
import type { Voter } from '../domain/voter';
import type { StoredAnswer } from '../kinds/kind';

/**
 * One ballot, checked by its poll's kind (src/kinds/). `values` are in the kind's canonical form:
 * option ids, a ranking's in its order, a choice ballot's sorted (the order the database returns
 * an earlier ballot's choices in, so two ballots compare as arrays); or a text ballot's answers in
 * the order given, with `answers` saying how each is stored. `voterKey` names the identity the
 * poll counts (see castVote); the statement itself reads which one from the locked poll.
 */
export type VoteRequest = {
  pollId: string;
  kind: PollKind;
  values: string[];
  answers: StoredAnswer[];
  voter: Voter;
  voterKey: string;
};

export type VoteOutcome =
  | { kind: 'counted'; counts: Counts; seq: number; resultsVisibility: ResultsVisibility }
  /** The voter had already cast this same ballot: nothing counted, nothing wrong. */
  | { kind: 'repeated'; counts: Counts; seq: number; resultsVisibility: ResultsVisibility }
  /** `values`: the earlier ballot, as stored (option ids, or the answers written). */
  | { kind: 'already_voted'; values: string[] }
  | { kind: 'not_found' }
  /** A ballot of another kind than the poll's (the poll's settings as this instance read them were wrong). */
  | { kind: 'wrong_kind' }
  | { kind: 'poll_closed' }
  | { kind: 'invalid_option' }
  | { kind: 'too_many_choices' };
