import type { PollResults } from '../../kind';
import type { RankedResults, TieBreak } from '../tally';

/**
 * What the ranked results show, worked out from the count's rounds: the final round's bars, a
 * row per option through every round, and where each eliminated option's votes went. Pure, so the
 * "others" grouping and the transfers are tested without rendering.
 */

/** A poll's results when they are a ranked poll's count (rounds), else null. */
export function rankedResultsOf(results: PollResults | null | undefined): RankedResults | null {
  return results && 'rounds' in results ? results : null;
}

/** Ballots cast: every ballot counts for someone in the first round, where none is exhausted yet. */
export function ballotCount(results: RankedResults): number {
  const first = results.rounds[0];
  return first ? sum(Object.values(first.tally)) + first.exhausted : 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * At most `limit` (2 or more) places: all the items when they fit, else the top `limit - 1` and
 * the rest for one place of "others", which so always holds two or more.
 */
export function topAndRest<T>(items: readonly T[], limit: number): { top: T[]; rest: T[] } {
  const top = items.length > limit ? items.slice(0, Math.max(limit - 1, 1)) : [...items];
  return { top, rest: items.slice(top.length) };
}

/**
 * The options from first to last place: the winner, the others left in the final round by their
 * votes there, then the eliminated ones, the last eliminated first. Ties keep the poll's order.
 */
export function finishingOrder(results: RankedResults, optionIds: readonly string[]): string[] {
  const final = results.rounds.at(-1);
  const finalists = optionIds
    .filter((id) => final && id in final.tally)
    .sort(
      (a, b) => (b === results.winner ? 1 : 0) - (a === results.winner ? 1 : 0) || final!.tally[b]! - final!.tally[a]!,
    );
  const eliminated = results.rounds.flatMap((round) => round.eliminated).reverse();
  const placed = new Set([...finalists, ...eliminated]);
  return [...finalists, ...eliminated, ...optionIds.filter((id) => !placed.has(id))];
}

/** A bar of the final round: one option, or `others` options together. */
type FinalBar = { id: string | null; others: number; votes: number; share: number; winner: boolean };

export type FinalRound = {
  round: number;
  bars: FinalBar[];
  /** Ballots counting for an option in the final round, which the shares are of. */
  counted: number;
  exhausted: number;
  tieBreak: TieBreak | undefined;
};

/**
 * The final round as at most `limit` (2 or more) bars, most votes first: past the limit, the last
 * bar holds every option below the top `limit - 1` together, so a large screen stays legible.
 */
export function finalRound(results: RankedResults, optionIds: readonly string[], limit: number): FinalRound | null {
  const final = results.rounds.at(-1);
  if (!final) return null;
  const counted = sum(Object.values(final.tally));
  const bar = (id: string): FinalBar => {
    const votes = final.tally[id] ?? 0;
    return { id, others: 0, votes, share: counted === 0 ? 0 : votes / counted, winner: id === results.winner };
  };
  const { top, rest } = topAndRest(
    finishingOrder(results, optionIds).filter((id) => id in final.tally),
    limit,
  );
  const bars = top.map(bar);
  if (rest.length > 0) {
    const votes = sum(rest.map((id) => final.tally[id]!));
    bars.push({ id: null, others: rest.length, votes, share: counted === 0 ? 0 : votes / counted, winner: false });
  }
  return { round: final.round, bars, counted, exhausted: final.exhausted, tieBreak: final.tie_break };
}

/** One option's votes in a round, how they changed since the round before, and whether it was eliminated then. */
type RoundCell = { votes: number; change: number | null; eliminated: boolean };

/** A row of the table of rounds: one option, or `others` options together; `null` where none is left in the count. */
type RoundRow = { id: string | null; others: number; winner: boolean; cells: (RoundCell | null)[] };

export type RoundTable = {
  rows: RoundRow[];
  /** Per round: votes that moved to another option at its start, and ballots exhausted so far. */
  transferred: (number | null)[];
  exhausted: number[];
  tieBreaks: (TieBreak | undefined)[];
};

/**
 * Every round, a row per option in finishing order; past `limit` rows the last row holds the
 * options below the top `limit - 1` together: their votes while any of them is counted, with no
 * change shown, as votes leaving one of them and reaching another would cancel out.
 */
export function roundTable(results: RankedResults, optionIds: readonly string[], limit: number): RoundTable {
  const { top, rest } = topAndRest(finishingOrder(results, optionIds), limit);
  const { rounds } = results;

  const cellsOf = (ids: readonly string[]): (RoundCell | null)[] =>
    rounds.map((round, r) => {
      const counted = ids.filter((id) => id in round.tally);
      if (counted.length === 0) return null;
      const votes = sum(counted.map((id) => round.tally[id]!));
      const before = rounds[r - 1];
      const change = before && ids.length === 1 ? votes - (before.tally[ids[0]!] ?? 0) : null;
      return { votes, change, eliminated: round.eliminated.some((id) => ids.includes(id)) };
    });

  const rows: RoundRow[] = top.map((id) => ({ id, others: 0, winner: id === results.winner, cells: cellsOf([id]) }));
  if (rest.length > 0) rows.push({ id: null, others: rest.length, winner: false, cells: cellsOf(rest) });

  return {
    rows,
    transferred: rounds.map((round, r) => {
      const before = rounds[r - 1];
      if (!before) return null;
      const fromEliminated = sum(before.eliminated.map((id) => before.tally[id] ?? 0));
      return fromEliminated - (round.exhausted - before.exhausted);
    }),
    exhausted: rounds.map((round) => round.exhausted),
    tieBreaks: rounds.map((round) => round.tie_break),
  };
}

/** Where an eliminated option's votes went: to options still counted, and to no one (exhausted). */
export type Transfer = {
  /** The round after whose tally the option was eliminated. */
  round: number;
  from: string;
  votes: number;
  to: { id: string; votes: number }[];
  /** Two or more options below the top ones `to` lists, together. */
  others: { count: number; votes: number } | null;
  exhausted: number;
  tieBreak: TieBreak | undefined;
};

/**
 * Each elimination's transfers, from the difference between its round's tally and the next, as
 * one elimination per round leaves nothing else to explain them (decision 0011). Destinations
 * are listed most votes first, in at most `limit` places (`topAndRest`).
 */
export function transfers(results: RankedResults, limit: number): Transfer[] {
  const { rounds } = results;
  return rounds.flatMap((round, r) => {
    const next = rounds[r + 1];
    const from = round.eliminated[0];
    if (!next || from === undefined) return [];
    const gains = Object.keys(next.tally)
      .map((id) => ({ id, votes: next.tally[id]! - (round.tally[id] ?? 0) }))
      .filter((gain) => gain.votes > 0)
      .sort((a, b) => b.votes - a.votes);
    const { top, rest } = topAndRest(gains, limit);
    return [
      {
        round: round.round,
        from,
        votes: round.tally[from] ?? 0,
        to: top,
        others: rest.length > 0 ? { count: rest.length, votes: sum(rest.map((gain) => gain.votes)) } : null,
        exhausted: next.exhausted - round.exhausted,
        tieBreak: round.tie_break,
      },
    ];
  });
}
