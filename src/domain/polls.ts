/** Poll shapes as the API and pages see them, and the rules about a poll's state. */

export type OptionCount = { id: string; option_text: string; vote_count: number };

export type Poll = {
  id: string;
  title: string;
  description: string | null;
  category: string | null;
  created_at: string;
  expires_at: string | null;
  is_active: boolean;
  /** Ballots, not choices: a ballot of a poll with max_choices > 1 may count for several options. */
  total_votes: number;
  /** One ballot per address, or one per browser. */
  voter_identity: 'address' | 'browser';
  /** How many options one ballot may choose. */
  max_choices: number;
};

export type PollWithOptions = Poll & { options: OptionCount[]; seq: number };

/** What the caller chose; `option_id` is the first of `option_ids`, as clients of single-choice polls expect. */
export type VoterState = { has_voted: boolean; option_id: string | null; option_ids: string[] };

export type Counts = { total_votes: number; options: { id: string; count: number }[] };

/**
 * A poll takes votes while it is active and its end time, if any, is after `instant`: at its end
 * time it is closed. PostgreSQL applies the same rule through `openAt` (src/db/polls.ts), and
 * src/db/polls.test.ts checks on a real database that the two agree. Both are given the
 * application's instant, never a database clock, so a poll is open or closed at one moment
 * for every reader. End times come from JS dates, so they are whole milliseconds like `instant`.
 */
export function isOpenAt(poll: { is_active: boolean; expires_at: string | Date | null }, instant: Date): boolean {
  if (!poll.is_active) return false;
  if (poll.expires_at === null) return true;
  return new Date(poll.expires_at).getTime() > instant.getTime();
}

export function countsOf(poll: PollWithOptions): Counts {
  return {
    total_votes: poll.total_votes,
    options: poll.options.map((option) => ({ id: option.id, count: option.vote_count })),
  };
}
