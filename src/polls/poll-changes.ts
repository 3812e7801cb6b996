import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { PollCache } from '../adapters/poll-cache/poll-cache';
import type { TrendingBoard } from '../adapters/trending-board/trending-board';
import type { Database } from '../db/client';
import { judgeAnswers, type AnswerVerdict } from '../db/poll-answers';
import { deletePollRow, editPoll, insertPoll, updatePollState } from '../db/poll-writes';
import { answerGroupKey } from '../domain/answer-groups';
import { AppError, pollNotFound } from '../domain/errors';
import { isOpenAt, type PollWithOptions } from '../domain/polls';
import { POLL_TEXT_FIELDS, type CreatePollInput, type PollTexts, type UpdatePollInput } from '../domain/schemas';
import { kindOf } from '../kinds';
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
      const maxChoices = input.max_choices ?? kindOf(input.kind).defaultMaxChoices(input.options.length);
      const poll = await insertPoll(database, { ...input, max_choices: maxChoices }, creatorIp, admin.hash);
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
      // Checked before anything is written, applied after the rest of the change.
      const verdicts = verdictsOf(current, change);
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
        if (edited === 'too_few_options') {
          const message = `this poll takes up to ${current.max_choices} answers per ballot, so it needs at least that many options`;
          throw new AppError('invalid_request', message, { issues: [{ path: 'options', message }] });
        }
        // The cached texts are the old ones (readers also compare the revision).
        cache.forget(id);
      } else if (
        (verdicts.length === 0 || Object.values(state).some((value) => value !== undefined)) &&
        !(await updatePollState(database, id, state))
      ) {
        throw pollNotFound();
      }
      if (verdicts.length > 0 && !(await judgeAnswers(database, id, verdicts))) throw pollNotFound();
      if (change.listed === false) trending.forget(id);
      const poll = await load(id);
      // A close may show a ranked poll's count to everyone, a hidden answer leave a text poll's: the update carries it.
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

/**
 * The creator's hide_answers and show_answers as one verdict per group of answers
 * (src/domain/answer-groups.ts); none when the change names no answer. A poll that is not a text
 * poll, or one group both hidden and shown, is a 400.
 */
function verdictsOf(poll: PollWithOptions, change: UpdatePollInput): AnswerVerdict[] {
  const verdicts: AnswerVerdict[] = [
    ...(change.hide_answers ?? []).map((text) => ({ text, key: answerGroupKey(text), verdict: 'hide' as const })),
    ...(change.show_answers ?? []).map((text) => ({ text, key: answerGroupKey(text), verdict: 'show' as const })),
  ];
  if (verdicts.length === 0) return [];
  if (kindOf(poll.kind).values !== 'answers') {
    const message = 'hide_answers and show_answers are for text polls only';
    const path = change.hide_answers ? 'hide_answers' : 'show_answers';
    throw new AppError('invalid_request', message, { issues: [{ path, message }] });
  }
  // One verdict per group: two spellings of one group are one answer.
  const byKey = new Map<string, AnswerVerdict>();
  for (const judged of verdicts) {
    const earlier = byKey.get(judged.key);
    if (earlier && earlier.verdict !== judged.verdict) {
      const message = 'an answer cannot be both hidden and shown in one change';
      throw new AppError('invalid_request', message, { issues: [{ path: 'show_answers', message }] });
    }
    byKey.set(judged.key, earlier ?? judged);
  }
  return [...byKey.values()];
}
