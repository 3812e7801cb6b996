import type { RankedResults, RankedRound } from './tally';

/**
 * A ranked poll in RCTab's formats, so RCTab users and RCVis can read pollcast's results: the
 * summary JSON RCTab writes after a count, and cast-vote records as CSV rows. Options are named
 * by their text, as RCTab names candidates; a poll's option texts are distinct.
 */

export type OptionText = { id: string; option_text: string };

/** What the summary says about the contest: the poll's title, and the day it is dated. */
export type RctabContest = { name: string; date: Date | null };

/** Counts keyed by option text, written as strings as RCTab writes them. */
type TextCounts = Record<string, string>;

type RctabTallyResult = { eliminated: string; transfers: TextCounts } | { elected: string; transfers: TextCounts };

type RctabRound = {
  inactiveBallots: { exhaustedChoices: string; overvotes: string; repeatedRankings: string; skippedRankings: string };
  round: number;
  tally: TextCounts;
  tallyResults: RctabTallyResult[];
  threshold: string;
};

/** RCTab's summary JSON, `jsonFormatVersion` 1; keys in the alphabetical order RCTab writes them. */
export type RctabSummary = {
  config: { contest: string; date: string; generatedBy: string; jurisdiction: string; office: string };
  jsonFormatVersion: '1';
  results: RctabRound[];
  summary: {
    finalThreshold: string;
    numCandidates: number;
    numWinners: number;
    totalNumBallots: string;
    undervotes: number;
  };
};

/** RCTab's key for ballots that leave the count. */
const EXHAUSTED = 'exhausted';

/** Entries sorted by key as RCTab's JSON writer sorts them (UTF-16 code units), values as strings. */
function sortedCounts(entries: [string, number][]): TextCounts {
  const sorted = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted.map(([key, count]) => [key, String(count)]));
}

/** More than half of the round's counted ballots, as RCTab states it: ⌊counted / 2⌋ + 1. */
function threshold(round: RankedRound): string {
  const counted = Object.values(round.tally).reduce((sum, votes) => sum + votes, 0);
  return String(Math.floor(counted / 2) + 1);
}

/**
 * Where the eliminated option's ballots went. With one elimination per round, every option's
 * gain from one round to the next came from it, and so did the growth of the exhausted count.
 */
function transfers(round: RankedRound, next: RankedRound, textOf: (id: string) => string): TextCounts {
  const moved: [string, number][] = Object.entries(next.tally)
    .map(([id, votes]): [string, number] => [textOf(id), votes - (round.tally[id] ?? 0)])
    .filter(([, gain]) => gain > 0);
  if (next.exhausted > round.exhausted) moved.push([EXHAUSTED, next.exhausted - round.exhausted]);
  return sortedCounts(moved);
}

/** The summary RCTab would have written for this count; `options` are the poll's, in any order. */
export function rctabSummary(
  results: RankedResults,
  options: readonly OptionText[],
  contest: RctabContest,
): RctabSummary {
  const texts = new Map(options.map((option) => [option.id, option.option_text]));
  const textOf = (id: string) => {
    const text = texts.get(id);
    if (text === undefined) throw new RangeError(`the count names option ${id}, which the poll does not have`);
    return text;
  };
  const rounds: RctabRound[] = results.rounds.map((round, i) => {
    const next = results.rounds[i + 1];
    const tallyResults: RctabTallyResult[] = [];
    if (!next && results.winner !== null) tallyResults.push({ elected: textOf(results.winner), transfers: {} });
    if (next) {
      for (const id of round.eliminated)
        tallyResults.push({ eliminated: textOf(id), transfers: transfers(round, next, textOf) });
    }
    return {
      inactiveBallots: {
        exhaustedChoices: String(round.exhausted),
        overvotes: '0',
        repeatedRankings: '0',
        skippedRankings: '0',
      },
      round: round.round,
      tally: sortedCounts(Object.entries(round.tally).map(([id, votes]) => [textOf(id), votes])),
      tallyResults,
      threshold: threshold(round),
    };
  });
  const first = results.rounds[0]!;
  const totalBallots = Object.values(first.tally).reduce((sum, votes) => sum + votes, first.exhausted);
  return {
    config: {
      contest: contest.name,
      date: contest.date ? contest.date.toISOString().slice(0, 10) : '',
      generatedBy: 'pollcast',
      jurisdiction: '',
      office: '',
    },
    jsonFormatVersion: '1',
    results: rounds,
    summary: {
      finalThreshold: rounds.at(-1)!.threshold,
      numCandidates: options.length,
      numWinners: 1,
      totalNumBallots: String(totalBallots),
      // A ranked ballot names at least one option: pollcast has no blank ballots.
      undervotes: 0,
    },
  };
}

/** A cast-vote record as CSV cells: the header, then one row per ballot (encoding is the caller's). */
export type CvrTable = { header: string[]; row: (ballot: string, ranking: readonly string[]) => string[] };

function positionsOf(options: readonly OptionText[]): (id: string) => number {
  const positions = new Map(options.map((option, position) => [option.id, position]));
  return (id) => {
    const position = positions.get(id);
    if (position === undefined) throw new RangeError(`a ballot ranks option ${id}, which its poll does not have`);
    return position;
  };
}

/**
 * `ballot, rank 1 … rank N`: each rank's option text, blank past the ballot's last rank. The
 * layout of RCTab's own CVR export and of ES&S records, for people and spreadsheets.
 */
export function rankColumnsCvr(options: readonly OptionText[], ranks: number): CvrTable {
  const positionOf = positionsOf(options);
  return {
    header: ['ballot', ...Array.from({ length: ranks }, (_, i) => `rank ${i + 1}`)],
    row: (ballot, ranking) => {
      if (ranking.length > ranks) throw new RangeError(`a ballot ranks ${ranking.length} options, more than ${ranks}`);
      const cells = ranking.map((id) => options[positionOf(id)]!.option_text);
      return [ballot, ...cells, ...Array.from({ length: ranks - cells.length }, () => '')];
    },
  };
}

/**
 * The layout RCTab's generic CSV reader takes (provider `genericCsv`, first vote column 2, first
 * vote row 2): a ballot column, then one column per option headed by its text, holding the rank
 * the ballot gave it, blank where it gave none.
 */
export function rctabCsvCvr(options: readonly OptionText[]): CvrTable {
  const positionOf = positionsOf(options);
  return {
    header: ['ballot', ...options.map((option) => option.option_text)],
    row: (ballot, ranking) => {
      const cells = options.map(() => '');
      ranking.forEach((id, rank) => (cells[positionOf(id)] = String(rank + 1)));
      return [ballot, ...cells];
    },
  };
}
