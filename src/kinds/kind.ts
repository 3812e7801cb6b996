import type { BallotField, PollKind } from '../domain/polls';
import type { RankedResults, RankingCount } from './ranked/tally';
import type { TextResults } from './text/results';

/**
 * A kind of ballot (docs/decisions/0012-ballot-kinds.md): what a poll of that kind takes, what a
 * ballot holds and when two are the same, how its results are summed up and how its ballots are
 * exported. Pure: the vote path, the reads and the exports ask the poll's kind instead of naming
 * kinds themselves, so a new kind is mostly a new folder beside choice/, ranked/ and text/.
 */

/** A poll's results beyond its per-option counts; only kinds that have `results` give them. */
export type PollResults = RankedResults | TextResults;

/** One answer of a ballot as stored: its text, its group's key, whether the profanity filter flags it. */
export type StoredAnswer = { text: string; key: string; flagged: boolean };

type OptionText = { id: string; option_text: string };

/** export.csv's ballot columns (after the time of each ballot) and one ballot's cells under them. */
type ExportTable = { header: string[]; cells(ballot: number, values: readonly string[]): string[] };

/**
 * Where a kind's results come from: its count per distinct ranking, summed up (ranked), or its
 * count per group of answers, the most given first (text, src/kinds/text/results.ts).
 */
export type ResultsSource =
  | {
      readonly from: 'rankings';
      /** The results from the poll's ranking counts (`options`: its option ids in its order; `seed`: its id, for draws). */
      summarize(options: readonly string[], rankings: Iterable<RankingCount>, seed: string): RankedResults;
    }
  | { readonly from: 'answers' };

export interface BallotKind {
  readonly name: PollKind;
  /** How many options a poll of this kind may have (src/domain/schemas.ts checks them). */
  readonly optionLimits: { readonly min: number; readonly max: number };
  /** max_choices where the creator gives none. */
  defaultMaxChoices(optionCount: number): number;
  /**
   * Whether a ballot's order is part of it (a ranking, most preferred first), or its values are a
   * set, kept in a canonical order so that two ballots compare as lists.
   */
  readonly ordered: boolean;
  /** The vote body's field, and the `already_voted` details' field that holds the earlier ballot. */
  readonly ballotField: BallotField;
  /** What a ballot's values are: ids of the poll's options (stored as its choices), or texts its voter wrote. */
  readonly values: 'options' | 'answers';
  /** Why a ballot in another kind's field is refused: what this kind takes instead. */
  readonly takes: string;
  /**
   * The ballot's values in canonical form, or an `invalid_request` AppError naming the problem:
   * empty, repeated, malformed, or more than `maxChoices`. Whether options belong to the poll is
   * for the vote batch to tell.
   */
  ballotOf(values: readonly string[], maxChoices: number): string[];
  /** Whether two ballots, each in canonical form (or as stored), are the same ballot. */
  sameBallot(a: readonly string[], b: readonly string[]): boolean;
  /** `already_voted`'s details: the earlier ballot, as stored. */
  earlierBallot(values: readonly string[]): Record<string, unknown>;
  /**
   * A ballot's answers as they are stored, for kinds whose values are answers: each with the key
   * of its group and whether the profanity filter flags it (`filter`: the poll filters).
   */
  storedAnswers?(answers: readonly string[], filter: boolean): StoredAnswer[];
  /** Absent where the per-option counts are the results. */
  readonly results?: ResultsSource;
  /** export.csv's columns for a poll's options; `maxChoices` is how many one ballot may hold. */
  exportTable(options: readonly OptionText[], maxChoices: number): ExportTable;
}
