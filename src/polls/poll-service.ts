import type { PollCache } from '../adapters/poll-cache/poll-cache';
import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { RateLimiter } from '../adapters/rate-limiter/rate-limiter';
import type { TrendingBoard } from '../adapters/trending-board/trending-board';
import type { Database } from '../db/client';
import { findAdminTokenHash, findPoll, votersWithBallots } from '../db/poll-reads';
import { AppError, pollNotFound } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import type { Poll, PollWithOptions } from '../domain/polls';
import type { Voter } from '../domain/voter';
import { rctabSummary, type RctabSummary } from '../kinds/ranked/rctab-export';
import { adminTokenMatches } from './admin-token';
import { createJoinCodeLookups } from './join-codes';
import { createPollChanges } from './poll-changes';
import { createPollDetails } from './poll-details';
import { listPolls, type ListQuery } from './poll-list';
import type { PollResultsReader } from './poll-results';
import { createTrendingList } from './trending-list';

/** Everything about polls except casting votes; the API and the pages both call this. */

export type PollServiceDeps = {
  database: Database;
  cache: PollCache;
  trending: TrendingBoard;
  /** Told after a poll was closed, reopened, rescheduled, listed or unlisted, or deleted. */
  onChange?: (update: PollUpdate) => void;
  /**
   * Join codes no poll has, per address (RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE): past the limit, every
   * lookup from that address is refused until its window ends, so codes cannot be guessed. A
   * code that finds its poll counts nothing: a room behind one address all type the right one.
   * Without it, lookups are not limited.
   */
  codeLookups?: RateLimiter;
  /** Ranked polls' results per seq, shared with the vote path (src/polls/poll-results.ts). */
  results: PollResultsReader;
};

export function createPollService({ database, cache, trending, onChange, codeLookups, results }: PollServiceDeps) {
  async function load(rawId: string): Promise<PollWithOptions> {
    const id = canonicalId(rawId);
    const poll = id ? await findPoll(database, id) : undefined;
    if (!poll) throw pollNotFound();
    return poll;
  }

  async function authorize(id: string, token: string | undefined): Promise<void> {
    const hash = canonicalId(id) ? await findAdminTokenHash(database, id) : undefined;
    if (hash === undefined) throw pollNotFound();
    if (!adminTokenMatches(token, hash)) {
      throw new AppError('unauthorized', 'a valid admin token is required (Authorization: Bearer <token>)');
    }
  }

  const codes = createJoinCodeLookups(database, codeLookups);
  const details = createPollDetails(database, cache, results, authorize);

  return {
    ...createPollChanges({ database, cache, trending, onChange, authorize, load, resultsOf: results.resultsOf }),

    list: (query: ListQuery) => listPolls(database, query),

    trending: createTrendingList(database, trending),

    details,

    idByCode: codes.idByCode,

    /** What a join code names: a poll or an event (src/polls/join-codes.ts). */
    targetOfCode: codes.targetOfCode,

    checkCodeLookups: codes.checkCodeLookups,

    /** Throws 404 for an unknown poll and 401 for a wrong token. */
    authorize,

    /**
     * A ranked poll's count as RCTab's summary JSON (src/kinds/ranked/rctab-export.ts), for its
     * creator: 401 without the admin token, 400 for a poll that is not ranked.
     */
    async rctabSummary(id: string, token: string | undefined): Promise<{ code: string; summary: RctabSummary }> {
      await authorize(id, token);
      const shown = await details(id, undefined, token);
      if (!shown.results || !('rounds' in shown.results)) {
        throw new AppError('invalid_request', 'this poll is not ranked: only a ranked poll has an RCTab summary');
      }
      const contest = { name: shown.poll.title, date: new Date(shown.poll.created_at) };
      return { code: shown.poll.code, summary: rctabSummary(shown.results, shown.options, contest) };
    },

    /** Which of these voters have a ballot in the poll (for live viewers waiting to see results). */
    votersWithBallots: (pollId: string, identity: Poll['voter_identity'], voters: readonly Voter[]) =>
      votersWithBallots(database, pollId, identity, voters),

    load,

    /** The results of a ranked poll as of a seq or later (undefined for kinds without them). */
    resultsOf: results.resultsOf,
  };
}

export type PollService = ReturnType<typeof createPollService>;
