import { isDatabaseOutage } from '../../db/caught-errors';
import type { Ballot } from '../../domain/ballot-schema';
import { OPTION_LIMITS, TEXT_MAX_CHOICES } from '../../domain/schemas';
import { readRankingFields } from '../../kinds/ranked/ui/ranking-fields';
import { pageServices } from './page-services.server';
import { asVoteNotice, type VoteNotice } from './messages';
import { currentVoter, errorCodeOf, errorDetailsOf } from './request.server';

/**
 * The vote form's no-JavaScript path, for the poll page and the embed: the same castVote as the
 * API, and its outcome as the query string the page shows it from (`vote`, and `retry`).
 */
export async function voteFromForm(formData: FormData): Promise<{ pollId: string; outcome: URLSearchParams }> {
  const pollId = String(formData.get('poll_id') ?? '');
  const ballot = ballotOfForm(formData);
  const voter = await currentVoter();
  let notice: VoteNotice = 'counted';
  let retryAfter: unknown;

  if (ballot.values.length === 0) notice = 'missing_choice';
  else if (!voter) notice = 'unavailable';
  else {
    try {
      await pageServices().castVote({ pollId, ballot, voter });
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'service_unavailable' || (code === undefined && isDatabaseOutage(error))) notice = 'unavailable';
      else if (code === undefined) throw error;
      else notice = asVoteNotice(code) ?? 'invalid_option';
      retryAfter = errorDetailsOf(error).retry_after;
    }
  }

  const outcome = new URLSearchParams({ vote: notice });
  if (typeof retryAfter === 'number') outcome.set('retry', String(retryAfter));
  return { pollId, outcome };
}

/**
 * The ballot a vote form sends: a ranked ballot's rank_1, rank_2 …; a text ballot's `answer`
 * fields, one per answer (blank ones left out); or one option_id field per ticked box. castVote
 * refuses a ballot whose field is not the poll's kind's.
 */
function ballotOfForm(formData: FormData): Ballot {
  const ranking = readRankingFields(formData, OPTION_LIMITS.ranked.max);
  if (ranking.length > 0) return { field: 'ranking', values: ranking };
  const texts = (name: string) =>
    formData.getAll(name).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  // More fields than any poll takes are cut off here; castVote then refuses the ballot for its size.
  const answers = texts('answer').slice(0, TEXT_MAX_CHOICES.max + 1);
  if (answers.length > 0 || formData.has('answer')) return { field: 'answers', values: answers };
  return { field: 'option_ids', values: texts('option_id') };
}
