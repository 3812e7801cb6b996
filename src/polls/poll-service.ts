import type { PollUpdate } from '../bus/poll-bus';
import type { Database } from '../db/client';
import {
  deletePollRow,
  findAdminTokenHash,
  findPoll,
  findVoterChoice,
  insertPoll,
  listOpenPolls,
  trendingPollsFromVotes,
  updatePollState,
} from '../db/polls';
import { AppError, pollNotFound } from '../domain/errors';
import { countsOf, isOpen, type Poll, type PollWithOptions, type VoterState } from '../domain/polls';
import { isUuid, type CreatePollInput, type UpdatePollInput } from '../domain/schemas';
import { adminTokenMatches, newAdminToken } from './admin-token';

/** Everything about polls except casting votes; the API and the pages both call this. */

export type PollDetails = {
  poll: Poll;
  options: { id: string; option_text: string; vote_count: number }[];
  stats: { total_votes: number; option_count: number; seq: number };
  voter: VoterState;
};

export type PollServiceDeps = {
  database: Database;
  /** Told after a poll was closed, reopened, rescheduled or deleted. */
  onChange?: (update: PollUpdate) => void;
};

/** The poll as the outside sees it: is_active already accounts for the end time. */
export function presentPoll(poll: Poll): Poll {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    category: poll.category,
    created_at: poll.created_at,
    expires_at: poll.expires_at,
    is_active: isOpen(poll),
    total_votes: poll.total_votes,
  };
}

/** The live update that tells viewers a poll's state as it is now. */
export function pollUpdateOf(poll: PollWithOptions, deleted = false): PollUpdate {
  const update: PollUpdate = {
    poll_id: poll.id,
    seq: poll.seq,
    ...countsOf(poll),
    is_active: !deleted && isOpen(poll),
    voted_option_ids: [],
  };
  if (deleted) update.deleted = true;
  return update;
}

export function createPollService({ database, onChange }: PollServiceDeps) {
  async function load(id: string): Promise<PollWithOptions> {
    const poll = isUuid(id) ? await findPoll(database, id) : undefined;
    if (!poll) throw pollNotFound();
    return poll;
  }

  async function authorize(id: string, token: string | undefined): Promise<void> {
    const hash = isUuid(id) ? await findAdminTokenHash(database, id) : undefined;
    if (hash === undefined) throw pollNotFound();
    if (!adminTokenMatches(token, hash)) {
      throw new AppError('unauthorized', 'a valid admin token is required (Authorization: Bearer <token>)');
    }
  }

  return {
    async create(input: CreatePollInput, creatorIp: string | null) {
      const admin = newAdminToken();
      const poll = await insertPoll(database, input, creatorIp, admin.hash);
      return { ...presentPoll(poll), options: poll.options, admin_token: admin.token };
    },

    async list(query: { page: number; limit: number; category?: string | undefined }) {
      const { polls, total } = await listOpenPolls(database, query);
      return {
        polls: polls.map(presentPoll),
        pagination: { page: query.page, limit: query.limit, total, total_pages: Math.ceil(total / query.limit) },
      };
    },

    async trending(limit: number) {
      return { polls: (await trendingPollsFromVotes(database, limit)).map(presentPoll) };
    },

    async details(id: string, voterIp: string | undefined): Promise<PollDetails> {
      const poll = await load(id);
      const choice = voterIp ? await findVoterChoice(database, poll.id, voterIp) : null;
      return {
        poll: presentPoll(poll),
        options: poll.options,
        stats: { total_votes: poll.total_votes, option_count: poll.options.length, seq: poll.seq },
        voter: { has_voted: choice !== null, option_id: choice },
      };
    },

    async update(id: string, token: string | undefined, change: UpdatePollInput) {
      await authorize(id, token);
      const current = await load(id);
      const expiresAt = change.expires_at === undefined ? current.expires_at : change.expires_at;
      const reopening = change.is_active === true;
      if (reopening && expiresAt !== null && new Date(expiresAt).getTime() <= Date.now()) {
        throw new AppError('invalid_request', 'this poll has ended; send a future expires_at (or null) to reopen it');
      }
      const updated = await updatePollState(database, id, { isActive: change.is_active, expiresAt: change.expires_at });
      if (!updated) throw pollNotFound();
      const poll = await load(id);
      onChange?.(pollUpdateOf(poll));
      return { ...presentPoll(poll), options: poll.options };
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
