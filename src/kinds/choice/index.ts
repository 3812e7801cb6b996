import { OPTION_LIMITS } from '../../domain/schemas';
import type { BallotKind } from '../kind';
import { optionBallotOf, sameOptions } from '../option-ballots';

/**
 * A choice poll: a ballot chooses 1 to max_choices options, in no order; its results are the
 * per-option counts.
 */
export const choice: BallotKind = {
  name: 'choice',
  optionLimits: OPTION_LIMITS.choice,
  defaultMaxChoices: () => 1,
  ordered: false,
  ballotField: 'option_ids',
  values: 'options',
  takes: 'send option_ids (or option_id)',
  ballotOf: (values, maxChoices) => optionBallotOf(values, maxChoices, { ordered: false, field: 'option_ids' }),
  sameBallot: sameOptions,
  earlierBallot: (optionIds) => ({ option_id: optionIds[0], option_ids: optionIds }),
  /** One column per option, headed by its text: 1 where the ballot chose it, 0 where not. */
  exportTable(options) {
    const positions = new Map(options.map((option, position) => [option.id, position]));
    return {
      header: options.map((option) => option.option_text),
      cells(_ballot, optionIds) {
        const cells = options.map(() => '0');
        for (const id of optionIds) {
          const position = positions.get(id);
          if (position === undefined) throw new RangeError(`a ballot chose option ${id}, which its poll does not have`);
          cells[position] = '1';
        }
        return cells;
      },
    };
  },
};
