import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { PollCache } from '../adapters/poll-cache/poll-cache';
import type { TrendingBoard } from '../adapters/trending-board/trending-board';
import type { Database } from '../db/client';
import { deletePollRow, editPoll, insertPoll, updatePollState } from '../db/poll-writes';
import { AppError, pollNotFound } from '../domain/errors';
import { isOpenAt, type PollWithOptions } from '../domain/polls';
import { POLL_TEXT_FIELDS, type CreatePollInput, type PollTexts, type UpdatePollInput } from '../domain/schemas';
import { newAdminToken } from './admin-token';
import type { PollResultsReader } from './poll-results';
import { pollUpdateOf, presentPoll } from './present-poll';

/** What changes polls: creating one, its state and texts (admin only), deleting it. */

export type PollChangesDeps = {
  database: Database;
  cache: PollCache;
  trending: TrendingBoard;
  /** Told after a poll was closed, reopened, rescheduled, listed or unlisted, or deleted. */
  onChange?: ((update: PollUpdate) => void) | undefined;
  /** Throws 404 for an unknown poll and 401 for a wrong token. */
  authorize: (id: string, token: string | undefined) => Promise<void>;
  load: (id: string) => Promise<PollWithOptions>;
  resultsOf: PollResultsReader['resultsOf'];
};

export function createPollChanges({
  database,
  cache,
  trending,
  onChange,
  authorize,
  load,
  resultsOf,
}: PollChangesDeps) {
  return {
    async create(input: CreatePollInput, creatorIp: string | null) {
      const admin = newAdminToken();
      const poll = await insertPoll(database, input, creatorIp, admin.hash);
      return { ...presentPoll(poll, new Date()), options: poll.options, admin_token: admin.token };
    },
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
        if (typeof edited === 'object') {
          throw new AppError('invalid_request', edited.problem, {
            issues: [{ path: 'options', message: edited.problem }],
          });
        }
        // The cached texts are the old ones (readers also compare the revision).
        cache.forget(id);
      } else if (!(await updatePollState(database, id, state))) {
        throw pollNotFound();
      }
      if (change.listed === false) trending.forget(id);
      const poll = await load(id);
      // A close may show a ranked poll's count to everyone: the update carries it.
      onChange?.(pollUpdateOf(poll, await resultsOf(poll, poll.seq)));
      return { ...presentPoll(poll, new Date()), options: poll.options };
    },
    async remove(id: string, token: string | undefined) {
      await authorize(id, token);
      const poll = await load(id);
      if (!(await deletePollRow(database, id))) throw pollNotFound();
      onChange?.(pollUpdateOf({ ...poll, seq: poll.seq + 1 }, undefined, true));
    },
  };
}
