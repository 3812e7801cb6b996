import type { PollCache } from '../adapters/poll-cache/poll-cache';
import type { Database } from '../db/client';
import { readModeration } from '../db/poll-answers';
import { findPollForVoter, findPollHead } from '../db/poll-reads';
import { pollNotFound } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { resultsVisible, type Poll, type PollWithOptions, type VoterState } from '../domain/polls';
import type { Voter } from '../domain/voter';
import { kindOf } from '../kinds';
import type { PollResults } from '../kinds/kind';
import { SHOWN_ANSWERS, type AnswerModeration } from '../kinds/text/results';
import type { PollResultsReader } from './poll-results';
import { presentPoll } from './present-poll';

/** The details of one poll as one viewer sees them, from PostgreSQL and the poll cache. */

export type PollDetails = {
  poll: Poll;
  /** `vote_count` is null where the poll hides its results from this viewer. */
  options: { id: string; option_text: string; vote_count: number | null }[];
  /** `revision` grows with every edit of the poll's texts, as live messages carry it. */
  stats: { total_votes: number; option_count: number; seq: number; revision: number };
  voter: VoterState;
  /** Whether this viewer sees the per-option counts (src/domain/polls.ts, resultsVisible). */
  results_visible: boolean;
  /** Only for kinds that sum their ballots up (ranked, text); null where the counts are hidden. */
  results?: PollResults | null;
  /** A text poll's answers hidden by its creator or held by the profanity filter: for the creator only. */
  moderation?: AnswerModeration;
};

export function createPollDetails(
  database: Database,
  cache: PollCache,
  results: PollResultsReader,
  authorize: (id: string, token: string | undefined) => Promise<void>,
) {
  /** The poll as this viewer sees it; `voterChoice` in rank order for a ranked poll, answers in a text poll. */
  async function detailsOf(poll: PollWithOptions, voterChoice: string[] | null, admin: boolean): Promise<PollDetails> {
    const kind = kindOf(poll.kind);
    const presented = presentPoll(poll, new Date());
    const visible = resultsVisible(poll.results_visibility, presented.is_active, {
      admin,
      voted: voterChoice !== null,
    });
    const details: PollDetails = {
      poll: presented,
      options: visible ? poll.options : poll.options.map((option) => ({ ...option, vote_count: null })),
      stats: {
        total_votes: poll.total_votes,
        option_count: poll.options.length,
        seq: poll.seq,
        revision: poll.revision,
      },
      voter: voterState(kind.values, voterChoice),
      results_visible: visible,
    };
    if (kind.results) details.results = visible ? ((await results.resultsOf(poll, poll.seq)) ?? null) : null;
    if (admin && kind.values === 'answers') details.moderation = await readModeration(database, poll.id, SHOWN_ANSWERS);
    return details;
  }

  /**
   * One PostgreSQL read of the poll's row and the voter's ballot (a second when they have one:
   * src/db/poll-reads.ts, VOTER_VOTE), and the rest from the cache when its counts are at least
   * as new as that row: never older than what was committed when the read began, so a voter
   * always sees their own vote.
   */
  return async function details(rawId: string, voter: Voter | undefined, adminToken?: string): Promise<PollDetails> {
    const id = canonicalId(rawId);
    if (!id) throw pollNotFound();
    // A token that is sent must be right: a creator with a broken link learns so instead of seeing less.
    const admin = adminToken !== undefined && (await authorize(id, adminToken), true);
    const [head, cached] = await Promise.all([findPollHead(database, id, voter), cache.get(id)]);
    if (!head) throw pollNotFound();
    // Texts change only with the revision, which the cached content must match.
    if (cached && cached.seq >= head.seq && cached.content.revision === head.revision) {
      const { content, counts } = cached;
      const options = content.options.map((option, i) => ({ ...option, vote_count: counts.options[i]!.count }));
      const poll = { ...content, options, seq: cached.seq, total_votes: counts.total_votes };
      // The cache holds what never changes; what may change (state, who sees counts) comes from the row.
      const current = {
        ...poll,
        is_active: head.is_active,
        expires_at: head.expires_at,
        results_visibility: head.results_visibility,
        listed: head.listed,
      };
      return await detailsOf(current, head.voterChoice, admin);
    }
    const poll = await findPollForVoter(database, id, voter);
    if (!poll) throw pollNotFound();
    cache.put(poll);
    return await detailsOf(poll, poll.voterChoice, admin);
  };
}

/** The caller's own ballot: the options they chose, or in a text poll the answers they wrote. */
function voterState(values: 'options' | 'answers', ballot: string[] | null): VoterState {
  if (values === 'answers')
    return { has_voted: ballot !== null, option_id: null, option_ids: [], answers: ballot ?? [] };
  return { has_voted: ballot !== null, option_id: ballot?.[0] ?? null, option_ids: ballot ?? [] };
}
