import { OPTION_LIMITS } from '../../domain/schemas';
import type { BallotKind } from '../kind';
import { optionBallotOf, sameOptions } from '../option-ballots';
import { rankColumnsCvr } from './rctab-export';
import { instantRunoff } from './tally';

/**
 * A ranked poll: a ballot ranks 1 to max_choices options, most preferred first; its results are
 * the rounds of an instant runoff (tally.ts), its per-option counts the first round's.
 */
export const ranked: BallotKind = {
  name: 'ranked',
  optionLimits: OPTION_LIMITS.ranked,
  defaultMaxChoices: (optionCount) => optionCount,
  ordered: true,
  ballotField: 'ranking',
  values: 'options',
  takes: 'send ranking, its options most preferred first',
  ballotOf: (values, maxChoices) => optionBallotOf(values, maxChoices, { ordered: true, field: 'ranking' }),
  sameBallot: sameOptions,
  earlierBallot: (ranking) => ({ ranking }),
  results: { from: 'rankings', summarize: instantRunoff },
  /** `ballot, rank 1 … rank N` (N = max_choices), each rank's option text: a cast-vote record. */
  exportTable(options, maxChoices) {
    const cvr = rankColumnsCvr(options, maxChoices);
    return { header: cvr.header, cells: (ballot, ranking) => cvr.row(String(ballot), ranking) };
  },
};
