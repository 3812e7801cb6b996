import { isDatabaseOutage } from '../../db/caught-errors';
import type { Ballot } from '../../domain/ballot-schema';
import { isLocale } from '../../domain/locales';
import { OPTION_LIMITS, TEXT_MAX_CHOICES } from '../../domain/schemas';
import { readRankingFields } from '../../kinds/ranked/ui/ranking-fields';
import { ANSWER_FIELD, readAnswerFields } from '../../kinds/text/ui/answer-fields';
import { pageServices } from './page-services.server';
import { asVoteNotice, type VoteNotice } from './messages';
import { currentVoter, errorCodeOf, errorDetailsOf } from './request.server';

/**
 * The vote form's no-JavaScript path, for the poll page and the embed: the same castVote as the
 * API, and its outcome as the query string the page shows it from (`vote`, and `retry`), with the
 * language the ballot was in (`lang`): an embed has no other way to keep it.
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
  const lang = formData.get('lang');
  if (isLocale(lang)) outcome.set('lang', lang);
  return { pollId, outcome };
}

/**
 * The ballot a form posted, in the field its fields say: a ranked ballot sends rank_1, rank_2 …,
 * an open-text one `answer` fields (blanks left out), a choice one an option_id per ticked box.
 * castVote refuses a ballot in another field than its poll's kind takes.
 */
function ballotOfForm(formData: FormData): Ballot {
  const ranking = readRankingFields(formData, OPTION_LIMITS.ranked.max);
  if (ranking.length > 0) return { field: 'ranking', values: ranking };
  // More fields than any poll takes are cut off here; castVote then refuses the ballot for its size.
  if (formData.has(ANSWER_FIELD)) {
    return { field: 'answers', values: readAnswerFields(formData).slice(0, TEXT_MAX_CHOICES.max + 1) };
  }
  const optionIds = formData
    .getAll('option_id')
    .filter((value): value is string => typeof value === 'string' && value !== '');
  return { field: 'option_ids', values: optionIds };
}
