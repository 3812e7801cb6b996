import type { Poll, PollKind, ResultsVisibility } from '../../domain/polls';

/** How the three per-poll settings read to creators, on the new-poll form and the manage page (voters: messages/poll). */

type VoterIdentity = Poll['voter_identity'];

/** Said as where people vote, which is what the creator knows; the detail names the rule. */
export const VOTER_IDENTITY_TEXT: Record<VoterIdentity, { choice: string; detail: string }> = {
  browser: {
    choice: 'In a room or on one network',
    detail: 'one vote per browser',
  },
  address: {
    choice: 'Anywhere, one per address',
    detail: 'strict: one vote per network address',
  },
};

/** Everyone sees the total number of votes whatever the setting. */
export const RESULTS_VISIBILITY_TEXT: Record<ResultsVisibility, { choice: string; detail: string }> = {
  always: {
    choice: 'Right away',
    detail: 'everyone sees the counts as votes come in',
  },
  after_vote: {
    choice: 'After voting',
    detail: 'each voter sees the counts once they have voted; everyone when voting ends',
  },
  after_close: {
    choice: 'When voting ends',
    detail: 'nobody but you sees the counts until the poll closes',
  },
  creator: {
    choice: 'When you show them',
    detail: 'only you see the counts until you reveal them',
  },
};

/** How a poll's ballot chooses, on the new-poll form and the manage page. */
export const KIND_TEXT: Record<PollKind, { choice: string; detail: string }> = {
  choice: { choice: 'Single or multiple choice', detail: 'each voter picks one answer, or up to as many as you allow' },
  ranked: {
    choice: 'Ranked choice',
    detail: 'each voter ranks the answers in order of preference; counted by instant runoff, round by round',
  },
  text: {
    choice: 'Open answers',
    detail: 'each voter writes their own short answers; shown as a word cloud, the most given largest',
  },
};

/**
 * "1 answer" or "Up to 3 answers" (a ranked poll: "Ranks up to 3 answers", "Ranks every answer"; a
 * text poll: "Writes 1 answer", "Writes up to 3 answers"), for the manage page.
 */
export function answersPerVoterText(kind: PollKind, maxChoices: number, optionCount: number): string {
  if (kind === 'ranked') return maxChoices >= optionCount ? 'Ranks every answer' : `Ranks up to ${maxChoices} answers`;
  if (kind === 'text') return maxChoices === 1 ? 'Writes 1 answer' : `Writes up to ${maxChoices} answers`;
  return maxChoices === 1 ? '1 answer' : `Up to ${maxChoices} answers`;
}
