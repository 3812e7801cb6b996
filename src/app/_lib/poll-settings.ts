import type { Poll, ResultsVisibility } from '../../domain/polls';

/**
 * How two per-poll settings read to voters on the poll page. What the creator reads of them (the
 * new-poll form, the manage page) is in messages/create, namespace PollSettings.
 */

type VoterIdentity = Poll['voter_identity'];

export const VOTER_IDENTITY_TEXT: Record<VoterIdentity, { rule: string }> = {
  browser: { rule: 'One vote per browser' },
  address: { rule: 'One vote per address' },
};

/** Everyone sees the total number of votes whatever the setting. */
export const RESULTS_VISIBILITY_TEXT: Record<ResultsVisibility, { rule: string }> = {
  always: { rule: 'Everyone sees the results as votes come in' },
  after_vote: { rule: 'Each voter sees the results after voting' },
  after_close: { rule: 'Everyone sees the results when voting ends' },
  creator: { rule: 'The creator decides when everyone sees the results' },
};

/** What a viewer who may not see the counts yet is told; "always" never hides them. */
export const RESULTS_WAIT_TEXT: Record<Exclude<ResultsVisibility, 'always'>, string> = {
  after_vote: 'Results appear after you vote',
  after_close: 'Results appear when the poll closes',
  creator: 'Results appear when the creator shows them',
};
