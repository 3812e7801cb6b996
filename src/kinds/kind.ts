import type { PollKind } from '../domain/polls';
import type { RankedResults, RankingTally } from './ranked/tally';

/**
 * A kind of ballot (docs/decisions/0012-ballot-kinds.md): what a poll of that kind takes, how its
 * results are summed up and how its ballots are exported. Pure: the vote path, the reads and the
 * exports ask the poll's kind instead of naming kinds themselves, so a new kind is mostly a new
 * folder beside choice/ and ranked/.
 */

/** A poll's results beyond its per-option counts; only kinds that have a `summarize` give them. */
export type PollResults = RankedResults;

type OptionText = { id: string; option_text: string };

/** export.csv's ballot columns (after the time of each ballot) and one ballot's cells under them. */
type ExportTable = { header: string[]; cells(ballot: number, optionIds: readonly string[]): string[] };

export interface BallotKind {
  readonly name: PollKind;
  /** How many options a poll of this kind may have (src/domain/schemas.ts checks them). */
  readonly optionLimits: { readonly min: number; readonly max: number };
  /** max_choices where the creator gives none. */
  defaultMaxChoices(optionCount: number): number;
  /**
   * Whether a ballot's order is part of it (a ranking, most preferred first), or its options are a
   * set, kept in id order so that two ballots compare as lists.
   */
  readonly ordered: boolean;
  /** The vote body's field, and the `already_voted` details' field that holds the earlier ballot. */
  readonly ballotField: 'option_ids' | 'ranking';
  /**
   * The results from the poll's ranking counts (`options`: its option ids in its order; `seed`:
   * its id, for draws). Absent where the per-option counts are the results.
   */
  readonly summarize?: (tally: RankingTally, seed: string) => PollResults;
  /** export.csv's columns for a poll's options; `maxChoices` is how many one ballot may hold. */
  exportTable(options: readonly OptionText[], maxChoices: number): ExportTable;
}
