import type { PollUpdate } from '../bus/poll-bus';
import type { PollCache } from '../cache/poll-cache';
import type { TrendingBoard } from '../cache/trending';
import type { Database } from '../db/client';
import {
  deletePollRow,
  editPoll,
  findAdminTokenHash,
  findOpenPollsByIds,
  findPoll,
  findPollForVoter,
  findPollHead,
  findPollIdByCode,
  insertPoll,
  listOpenPolls,
  type ListPosition,
  type OpenPollsQuery,
  trendingPollsFromVotes,
  trendingSnapshot,
  updatePollState,
  votersWithBallots,
} from '../db/polls';
import { AppError, pollNotFound } from '../domain/errors';
import {
  countsOf,
  isOpenAt,
  resultsVisible,
  type CommittedPoll,
  type Poll,
  type PollWithOptions,
  type VoterState,
} from '../domain/polls';
import { canonicalId } from '../domain/ids';
import { joinCodeOf } from '../domain/join-code';
import type { Voter } from '../domain/voter';
import type { RateDecision, RateLimiter } from '../limits/rate-limiter';
import { POLL_TEXT_FIELDS, type CreatePollInput, type PollTexts, type UpdatePollInput } from '../domain/schemas';
import { adminTokenMatches, newAdminToken } from './admin-token';

/** Everything about polls except casting votes; the API and the pages both call this. */

export type PollDetails = {
  poll: Poll;
  /** `vote_count` is null where the poll hides its results from this viewer. */
  options: { id: string; option_text: string; vote_count: number | null }[];
  /** `revision` grows with every edit of the poll's texts, as live messages carry it. */
  stats: { total_votes: number; option_count: number; seq: number; revision: number };
  voter: VoterState;
  /** Whether this viewer sees the per-option counts (src/domain/polls.ts, resultsVisible). */
  results_visible: boolean;
};

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
};

/** The poll as the outside sees it at `instant`: is_active already accounts for the end time. */
export function presentPoll(poll: Poll, instant: Date): Poll {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    category: poll.category,
    created_at: poll.created_at,
    expires_at: poll.expires_at,
    is_active: isOpenAt(poll, instant),
    total_votes: poll.total_votes,
    voter_identity: poll.voter_identity,
    max_choices: poll.max_choices,
    results_visibility: poll.results_visibility,
    code: poll.code,
    listed: poll.listed,
  };
}

/** The live update that tells viewers a poll's state as it is now. */
export function pollUpdateOf(poll: PollWithOptions, deleted = false): PollUpdate {
  const update: PollUpdate = {
    poll_id: poll.id,
    seq: poll.seq,
    ...countsOf(poll),
    is_active: !deleted && isOpenAt(poll, new Date()),
    results_visibility: poll.results_visibility,
    revision: poll.revision,
    voted_option_ids: [],
  };
  if (deleted) update.deleted = true;
  return update;
}

/**
 * The live update that tells viewers what one vote batch committed in a poll. The writer only
 * counts votes in open polls; the ballots' keys travel only where the poll shows counts after a vote.
 */
export function committedUpdateOf(change: CommittedPoll): PollUpdate {
  const update: PollUpdate = {
    poll_id: change.pollId,
    seq: change.seq,
    total_votes: change.counts.total_votes,
    options: change.counts.options,
    is_active: true,
    results_visibility: change.resultsVisibility,
    revision: change.revision,
    voted_option_ids: change.votedOptionIds,
  };
  if (change.resultsVisibility === 'after_vote') update.voter_keys = change.voterKeys;
  return update;
}

function detailsOf(poll: PollWithOptions, voterChoice: string[] | null, admin: boolean): PollDetails {
  const presented = presentPoll(poll, new Date());
  const visible = resultsVisible(poll.results_visibility, presented.is_active, { admin, voted: voterChoice !== null });
  return {
    poll: presented,
    options: visible ? poll.options : poll.options.map((option) => ({ ...option, vote_count: null })),
    stats: { total_votes: poll.total_votes, option_count: poll.options.length, seq: poll.seq, revision: poll.revision },
    voter: { has_voted: voterChoice !== null, option_id: voterChoice?.[0] ?? null, option_ids: voterChoice ?? [] },
    results_visible: visible,
  };
}

/** Counting stops here: past it the list reports `total_capped` instead of counting every poll on each request. */
export const LIST_TOTAL_CAP = 10_000;
/** How deep page numbers go: OFFSET steps over every poll before the page, so deeper pages take the cursor. */
export const LIST_MAX_PAGE_DEPTH = 1_000;

/** created_at in UTC to the microsecond (the first 23 characters are a JS Date's precision), then the id. */
const CURSOR_TEXT =
  /^(((?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Opaque to clients so the position it holds can change form without breaking them. */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url');
}

/** The position in a cursor this service made, or undefined for anything else. */
export function decodeListCursor(cursor: string): ListPosition | undefined {
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const [, createdAt, toMillis, id] = match as unknown as [string, string, string, string];
  // Base64 decoding skips junk characters, and PostgreSQL fails (a 500) on dates like Feb 30 or year 0.
  const millis = `${toMillis}Z`;
  if (Number.isNaN(Date.parse(millis)) || new Date(millis).toISOString() !== millis) return undefined;
  const position = { createdAt, id };
  return encodeListCursor(position) === cursor ? position : undefined;
}

export type ListQuery = { page: number; limit: number; category?: string | undefined; cursor?: string | undefined };

/** What the database is asked for a list request (exported so tests can EXPLAIN exactly that). */
export function openPollsQueryOf(query: ListQuery): OpenPollsQuery {
  const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw invalidListQuery('cursor', 'cursor is not valid; pass pagination.next_cursor of an earlier page unchanged');
  }
  if (!after && query.page * query.limit > LIST_MAX_PAGE_DEPTH) {
    throw invalidListQuery(
      'page',
      `page numbers reach the first ${LIST_MAX_PAGE_DEPTH} polls; follow pagination.next_cursor (?cursor=) to go deeper`,
    );
  }
  return {
    limit: query.limit,
    category: query.category,
    after,
    offset: after ? 0 : (query.page - 1) * query.limit,
    countCap: LIST_TOTAL_CAP,
  };
}

function invalidListQuery(param: 'page' | 'cursor', message: string): AppError {
  return new AppError('invalid_request', message, { issues: [{ path: param, message }] });
}

/** The board may rank closed or deleted polls high; a few spares per place keep the list full. */
const TRENDING_CANDIDATES_PER_PLACE = 3;

/** A refused join-code lookup: the address tried too many codes no poll has. */
function refuseCodeLookups(decision: RateDecision): void {
  if (decision.allowed) return;
  throw new AppError('rate_limited', 'too many join codes that no poll has from this address; wait a moment', {
    retry_after: decision.retryAfterSeconds,
  });
}

export function createPollService({ database, cache, trending, onChange, codeLookups }: PollServiceDeps) {
  async function load(rawId: string): Promise<PollWithOptions> {
    const id = canonicalId(rawId);
    const poll = id ? await findPoll(database, id) : undefined;
    if (!poll) throw pollNotFound();
    return poll;
  }

  let refilling: Promise<void> | undefined;
  function refillTrending(): void {
    refilling ??= trendingSnapshot(database)
      .then((snapshot) => trending.fill(snapshot))
      .catch(() => undefined)
      .finally(() => (refilling = undefined));
  }

  async function authorize(id: string, token: string | undefined): Promise<void> {
    const hash = canonicalId(id) ? await findAdminTokenHash(database, id) : undefined;
    if (hash === undefined) throw pollNotFound();
    if (!adminTokenMatches(token, hash)) {
      throw new AppError('unauthorized', 'a valid admin token is required (Authorization: Bearer <token>)');
    }
  }

  return {
    async create(input: CreatePollInput, creatorIp: string | null) {
      const admin = newAdminToken();
      const poll = await insertPoll(database, input, creatorIp, admin.hash);
      return { ...presentPoll(poll, new Date()), options: poll.options, admin_token: admin.token };
    },

    /** Open polls newest first, by page number near the top or by the cursor of the previous page at any depth. */
    async list(query: ListQuery) {
      const request = openPollsQueryOf(query);
      const now = new Date();
      const { polls, next, total, totalCapped } = await listOpenPolls(database, request, now);
      return {
        polls: polls.map((poll) => presentPoll(poll, now)),
        pagination: {
          // A cursor says where the page starts, not which page it is.
          page: request.after ? null : query.page,
          limit: query.limit,
          total,
          total_pages: Math.ceil(total / query.limit),
          total_capped: totalCapped,
          next_cursor: next ? encodeListCursor(next) : null,
        },
      };
    },

    /** Hottest first from the trending board; PostgreSQL answers (and refills it) when the board is cold. */
    async trending(limit: number) {
      const ids = await trending.top(limit * TRENDING_CANDIDATES_PER_PLACE);
      const now = new Date();
      if (!ids) {
        refillTrending();
        return { polls: (await trendingPollsFromVotes(database, limit, now)).map((poll) => presentPoll(poll, now)) };
      }
      // The board ranks; PostgreSQL says which of those polls exist and are open, with their current fields.
      const rank = new Map(ids.map((id, i) => [id, i]));
      const open = await findOpenPollsByIds(database, ids, now);
      open.sort((a, b) => (rank.get(a.id) as number) - (rank.get(b.id) as number));
      return { polls: open.slice(0, limit).map((poll) => presentPoll(poll, now)) };
    },

    /**
     * One PostgreSQL read of the poll's row and the voter's choice, and the rest from the cache
     * when its counts are at least as new as that row: never older than what was committed
     * when the read began, so a voter always sees their own vote.
     */
    async details(rawId: string, voter: Voter | undefined, adminToken?: string): Promise<PollDetails> {
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
        return detailsOf(current, head.voterChoice, admin);
      }
      const poll = await findPollForVoter(database, id, voter);
      if (!poll) throw pollNotFound();
      cache.put(poll);
      return detailsOf(poll, poll.voterChoice, admin);
    },

    /** The details of the poll with this join code, typed as people type it (any case, spaces or dashes). */
    async detailsByCode(typed: string, voter: Voter | undefined, adminToken?: string): Promise<PollDetails> {
      const id = await this.idByCode(typed, voter?.address);
      if (!id) throw new AppError('not_found', 'no poll has this code');
      return this.details(id, voter, adminToken);
    },

    /**
     * The id of the poll with this join code, or undefined, as asked from `address` (unknown:
     * not limited). Throws rate_limited while the address has looked up too many codes no poll has.
     */
    async idByCode(typed: string, address: string | undefined): Promise<string | undefined> {
      await this.checkCodeLookups(address);
      const code = joinCodeOf(typed);
      const id = code && (await findPollIdByCode(database, code));
      if (!id && address !== undefined && codeLookups) refuseCodeLookups(await codeLookups.consume(address));
      return id;
    },

    /** Throws rate_limited while `address` has looked up too many codes no poll has, counting nothing. */
    async checkCodeLookups(address: string | undefined): Promise<void> {
      if (address !== undefined && codeLookups) refuseCodeLookups(await codeLookups.check(address));
    },

    /** Throws 404 for an unknown poll and 401 for a wrong token. */
    authorize,

    /** Which of these voters have a ballot in the poll (for live viewers waiting to see results). */
    votersWithBallots: (pollId: string, identity: Poll['voter_identity'], voters: readonly Voter[]) =>
      votersWithBallots(database, pollId, identity, voters),

    async update(id: string, token: string | undefined, change: UpdatePollInput) {
      await authorize(id, token);
      const current = await load(id);
      const expiresAt = change.expires_at === undefined ? current.expires_at : change.expires_at;
      const reopening = change.is_active === true;
      if (reopening && !isOpenAt({ is_active: true, expires_at: expiresAt }, new Date())) {
        throw new AppError('invalid_request', 'this poll has ended; send a future expires_at (or null) to reopen it');
      }
      const state = {
        isActive: change.is_active,
        expiresAt: change.expires_at,
        resultsVisibility: change.results_visibility,
        listed: change.listed,
      };
      const texts: PollTexts = {};
      for (const field of POLL_TEXT_FIELDS)
        if (change[field] !== undefined) Object.assign(texts, { [field]: change[field] });
      if (Object.keys(texts).length > 0) {
        const edited = await editPoll(database, id, { texts, state });
        if (edited === 'not_found') throw pollNotFound();
        if (edited === 'has_votes') {
          throw new AppError(
            'poll_has_votes',
            'this poll has votes; its question and answers can no longer change (duplicate it to ask again)',
          );
        }
        if (edited === 'too_few_options') {
          const message = `this poll takes up to ${current.max_choices} answers per ballot, so it needs at least that many options`;
          throw new AppError('invalid_request', message, { issues: [{ path: 'options', message }] });
        }
        // The cached texts are the old ones (readers also compare the revision).
        cache.forget(id);
      } else if (!(await updatePollState(database, id, state))) {
        throw pollNotFound();
      }
      if (change.listed === false) trending.forget(id);
      const poll = await load(id);
      onChange?.(pollUpdateOf(poll));
      return { ...presentPoll(poll, new Date()), options: poll.options };
    },

    async remove(id: string, token: string | undefined) {
      await authorize(id, token);
      const poll = await load(id);
      if (!(await deletePollRow(database, id))) throw pollNotFound();
      onChange?.(pollUpdateOf({ ...poll, seq: poll.seq + 1 }, true));
    },

    load,
  };
}

export type PollService = ReturnType<typeof createPollService>;
