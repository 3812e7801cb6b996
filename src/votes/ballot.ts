import type { Counts, ResultsVisibility } from '../domain/polls';
import type { Voter } from '../domain/voter';

/**
 * One ballot. `optionIds` are canonical and different: a ranked ballot's (`ranked`) in its order,
 * most preferred first, a choice ballot's sorted (the order the database returns an earlier
 * ballot's choices in, so two ballots compare as arrays). `voterKey` names the identity the poll
 * counts (see castVote); the statement itself reads which one from the locked poll.
 */
export type VoteRequest = { pollId: string; optionIds: string[]; ranked: boolean; voter: Voter; voterKey: string };

export type VoteOutcome =
  | { kind: 'counted'; counts: Counts; seq: number; resultsVisibility: ResultsVisibility }
  /** The voter had already cast this same ballot: nothing counted, nothing wrong. */
  | { kind: 'repeated'; counts: Counts; seq: number; resultsVisibility: ResultsVisibility }
  | { kind: 'already_voted'; optionIds: string[] }
  | { kind: 'not_found' }
  /** A ranking for a choice poll, or options for a ranked one. */
  | { kind: 'wrong_kind' }
  | { kind: 'poll_closed' }
  | { kind: 'invalid_option' }
  | { kind: 'too_many_choices' };

/** Two ballots, each in its canonical order (a ranking's, or sorted), are the same. */
export function sameBallot(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((optionId, i) => optionId === b[i]);
}
