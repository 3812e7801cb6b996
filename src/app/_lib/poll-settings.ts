import type { Poll } from '../../domain/polls';

/** How the two per-poll settings read to people, on the new-poll form, the poll page and the manage page. */

type VoterIdentity = Poll['voter_identity'];

export const VOTER_IDENTITY_TEXT: Record<VoterIdentity, { choice: string; detail: string; rule: string }> = {
  address: { choice: 'Each address', detail: 'strict: one vote per network', rule: 'One vote per address' },
  browser: {
    choice: 'Each browser',
    detail: 'for a room sharing one Wi-Fi; someone who clears cookies can vote again',
    rule: 'One vote per browser',
  },
};

/** "1 answer" or "Up to 3 answers", for the manage page. */
export function answersPerVoterText(maxChoices: number): string {
  return maxChoices === 1 ? '1 answer' : `Up to ${maxChoices} answers`;
}
