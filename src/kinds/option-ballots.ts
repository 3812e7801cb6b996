import { AppError } from '../domain/errors';
import { canonicalId } from '../domain/ids';

/** The ballot rules the kinds whose ballots name options share (choice and ranked). */

/**
 * The ballot's options in canonical form: a ranking (`ordered`) in its order, a set of options in
 * id order. Empty, a malformed or repeated id, or more than `maxChoices`, is a 400 naming the field.
 */
export function optionBallotOf(
  raw: readonly string[],
  maxChoices: number,
  { ordered, field }: { ordered: boolean; field: string },
): string[] {
  if (raw.length === 0)
    throw new AppError('invalid_request', ordered ? 'rank at least one option' : 'choose at least one option');
  const optionIds: string[] = [];
  for (const value of raw) {
    const id = canonicalId(value);
    if (!id) throw new AppError('invalid_request', `${field} must be ids of the poll’s options`);
    if (optionIds.includes(id)) throw new AppError('invalid_request', `${field} must not name an option twice`);
    optionIds.push(id);
  }
  if (optionIds.length > maxChoices) {
    const most = maxChoices === 1 ? 'one option' : `at most ${maxChoices} options`;
    const message = ordered ? `this poll takes a ranking of ${most}` : `this poll takes ${most} per ballot`;
    throw new AppError('invalid_request', message, { max_choices: maxChoices });
  }
  return ordered ? optionIds : optionIds.sort();
}

/** Two ballots, each in its canonical order (a ranking's, or sorted), are the same. */
export function sameOptions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((optionId, i) => optionId === b[i]);
}
