/** Poll shapes as the API and pages see them, and the rules about a poll's state. */

export type OptionCount = { id: string; option_text: string; vote_count: number };

/** Who sees a poll's per-option counts (docs/API.md, "Hidden results"). */
export const RESULTS_VISIBILITIES = ['always', 'after_vote', 'after_close', 'creator'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

/**
 * How a poll's ballots choose (src/kinds/): some options, every option it ranks (most preferred
 * first), or answers the voter writes (an open-text poll, without options).
 */
export const POLL_KINDS = ['choice', 'ranked', 'text'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** The vote body's field a ballot comes in: options chosen, a ranking of them, or answers written. */
export type BallotField = 'option_ids' | 'ranking' | 'answers';

export type Poll = {
  id: string;
  title: string;
  description: string | null;
  /** Chosen at creation, never changed. */
  kind: PollKind;
  category: string | null;
  created_at: string;
  expires_at: string | null;
  is_active: boolean;
  /** Ballots, not choices: a ballot of a poll with max_choices > 1 may count for several options. */
  total_votes: number;
  /** One ballot per address, or one per browser. */
  voter_identity: 'address' | 'browser';
  /** How many options one ballot may choose (or rank). */
  max_choices: number;
  /** Who sees the per-option counts; the only setting the creator may change later. */
  results_visibility: ResultsVisibility;
  /** What people type to join (`/j/CODE`): six characters without look-alikes (src/domain/join-code.ts). */
  code: string;
  /** Shown in the public lists and trending; otherwise reached by its link or code only. */
  listed: boolean;
  /** A text poll holds answers the profanity filter flags back from its results (chosen at creation). */
  filter_profanity: boolean;
};

/** `revision` grows with every edit of the texts (src/db/schema.ts): live viewers reload the poll when it moves. */
export type PollWithOptions = Poll & { options: OptionCount[]; seq: number; revision: number };

/**
 * What the caller chose; `option_id` is the first of `option_ids`, as clients of single-choice polls
 * expect. In a text poll `answers` holds what they wrote (and `option_ids` is empty).
 */
export type VoterState = { has_voted: boolean; option_id: string | null; option_ids: string[]; answers?: string[] };

export type Counts = { total_votes: number; options: { id: string; count: number }[] };

/** Counts as one viewer may see them: per-option counts are null where the results are hidden from them. */
export type ShownCounts = { total_votes: number; options: { id: string; count: number | null }[] };

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

/** What decides whether one viewer sees the counts, besides the poll. */
export type ViewerAccess = {
  /** Holds the poll's admin token. */
  admin: boolean;
  /** Has a ballot in the poll. */
  voted: boolean;
};

/**
 * Whether a viewer sees the per-option counts of a poll that is `open` or not. Once a poll has
 * closed nobody can vote any more, so "after you vote" also shows them to everyone.
 */
export function resultsVisible(visibility: ResultsVisibility, open: boolean, viewer: ViewerAccess): boolean {
  switch (visibility) {
    case 'always':
      return true;
    case 'after_vote':
      return viewer.admin || viewer.voted || !open;
    case 'after_close':
      return viewer.admin || !open;
    case 'creator':
      return viewer.admin;
  }
}

/** True when who the viewer is cannot change what they see: the same for everyone until the poll changes. */
export function visibleToEveryone(visibility: ResultsVisibility, open: boolean): boolean {
  return resultsVisible(visibility, open, { admin: false, voted: false });
}

/** The counts as a viewer may see them. */
export function shownCounts(counts: Counts, visible: boolean): ShownCounts {
  if (visible) return counts;
  return { total_votes: counts.total_votes, options: counts.options.map((option) => ({ id: option.id, count: null })) };
}

/** What one committed batch changed in one poll: the absolute counts after it, and the deltas. */
export type CommittedPoll = {
  pollId: string;
  counts: Counts;
  seq: number;
  /** As the poll's locked row had it: viewers must not learn counts from a batch the setting hides. */
  resultsVisibility: ResultsVisibility;
  /** As the poll's locked row had it: only listed polls are scored on the trending board. */
  listed: boolean;
  kind: PollKind;
  /** The poll's revision (src/db/schema.ts), as live updates carry it. */
  revision: number;
  votedOptionIds: string[];
  /** Votes added per option by this batch; they sum to `added`. */
  optionDeltas: Record<string, number>;
  added: number;
  /** The voters (their voterKey) whose ballots this batch recorded. */
  voterKeys: string[];
  /** The rankings of the ballots this batch recorded, most preferred first; empty unless the poll is ranked. */
  rankings: string[][];
  /** Each answer group of a text poll this batch added to, as committed; empty for other kinds. */
  answerGroups: AnswerGroupCount[];
};

/**
 * One group of a text poll's answers (answers that read the same once grouped) as a vote batch
 * left it: its most-used spelling, its count, where it stands among equal counts (`firstGiven`:
 * the seq of the batch that first gave it, then its place in that batch; first given first), and
 * whether it shows in the results after the batch and before it (not hidden by the creator, nor
 * held by the profanity filter; a group the batch gave first did not show before).
 */
export type AnswerGroupCount = {
  key: string;
  text: string;
  count: number;
  firstGiven: readonly [number, number];
  shown: boolean;
  shownBefore: boolean;
};
