import { isDatabaseOutage } from '../../db/caught-errors';
import { OPTION_LIMITS } from '../../domain/schemas';
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
  // A ranked ballot sends rank_1, rank_2 …; castVote refuses it if the poll is not ranked.
  const ranking = readRankingFields(formData, OPTION_LIMITS.ranked.max);
  const ranked = ranking.length > 0;
  // A poll that takes several choices sends one option_id field per ticked box.
  const optionIds = ranked
    ? ranking
    : formData.getAll('option_id').filter((value): value is string => typeof value === 'string' && value !== '');
  const voter = await currentVoter();
  let notice: VoteNotice = 'counted';
  let retryAfter: unknown;

  if (optionIds.length === 0) notice = 'missing_choice';
  else if (!voter) notice = 'unavailable';
  else {
    try {
      await pageServices().castVote({ pollId, optionIds, ranked, voter });
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
