/**
 * The form fields of a ranked ballot without JavaScript: `rank_1` holds the option ranked first,
 * `rank_2` the second, and so on. The numbered selects and the drag-and-drop ballot post the same
 * fields, so one form action reads both.
 */

const RANK_FIELD_PREFIX = 'rank_';

/** The field of the option at `rank` (1 for the most preferred). */
export function rankFieldName(rank: number): string {
  return `${RANK_FIELD_PREFIX}${rank}`;
}

/**
 * The ranking a form posted, most preferred first: `rank_1` up to `rank_<maxChoices>`, blanks
 * ("—") skipped, so "1st: A, 2nd: —, 3rd: B" ranks A then B. Repeats and unknown ids are kept for
 * the vote's own checks to refuse, with the same error as through the API.
 */
export function readRankingFields(form: FormData, maxChoices: number): string[] {
  const ranking: string[] = [];
  for (let rank = 1; rank <= maxChoices; rank++) {
    const value = form.get(rankFieldName(rank));
    if (typeof value === 'string' && value !== '') ranking.push(value);
  }
  return ranking;
}
