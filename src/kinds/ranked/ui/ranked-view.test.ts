import { describe, expect, it } from 'vitest';
import { countRankings, loadMinneapolis } from '../../../../tests/support/minneapolis';
import { instantRunoff, type RankingCount } from '../tally';
import { ballotCount, finalRound, finishingOrder, roundTable, topAndRest, transfers } from './ranked-view';

const SEED = 'c0ffee00-0000-4000-8000-000000000026';

/** Rankings written as `count × ranking`, e.g. `ballots([4, 'A', 'B'], [2, 'C'])`. */
function ballots(...rows: [number, ...string[]][]): RankingCount[] {
  return rows.map(([count, ...ranking]) => ({ ranking, count }));
}

/*
 * 15 ballots. Round 1: A 6, B 4, C 3, D 2; D goes, one of its ballots to C, one exhausted.
 * Round 2: A 6, B 4, C 4; B and C tie for fewest, and C had fewer in round 1, so C goes: three
 * ballots to B, one exhausted. Round 3: A 6, B 7 of 13 counted, and B wins from behind.
 */
const OPTIONS = ['A', 'B', 'C', 'D'];
const comeback = instantRunoff(OPTIONS, ballots([6, 'A'], [4, 'B', 'A'], [3, 'C', 'B'], [1, 'D', 'C'], [1, 'D']), SEED);

describe('the ranked results view, on a hand-checked count', () => {
  it('counts the ballots cast', () => {
    expect(ballotCount(comeback)).toBe(15);
  });

  it('places the winner first, then the final round by votes, then the last eliminated first', () => {
    expect(comeback.winner).toBe('B');
    expect(finishingOrder(comeback, OPTIONS)).toEqual(['B', 'A', 'C', 'D']);
  });

  it('shows the final round as bars of the ballots still counted, the winner marked', () => {
    expect(finalRound(comeback, OPTIONS, 8)).toEqual({
      round: 3,
      bars: [
        { id: 'B', others: 0, votes: 7, share: 7 / 13, winner: true },
        { id: 'A', others: 0, votes: 6, share: 6 / 13, winner: false },
      ],
      counted: 13,
      exhausted: 2,
      tieBreak: undefined,
    });
  });

  it('lays out every round: votes, what each gained, who was eliminated, transfers and exhausted ballots', () => {
    const table = roundTable(comeback, OPTIONS, Infinity);
    const cell = (votes: number, change: number | null, eliminated = false) => ({ votes, change, eliminated });
    expect(table.rows).toEqual([
      { id: 'B', others: 0, winner: true, cells: [cell(4, null), cell(4, 0), cell(7, 3)] },
      { id: 'A', others: 0, winner: false, cells: [cell(6, null), cell(6, 0), cell(6, 0)] },
      { id: 'C', others: 0, winner: false, cells: [cell(3, null), cell(4, 1, true), null] },
      { id: 'D', others: 0, winner: false, cells: [cell(2, null, true), null, null] },
    ]);
    expect(table.transferred).toEqual([null, 1, 3]);
    expect(table.exhausted).toEqual([0, 1, 2]);
    expect(table.tieBreaks).toEqual([undefined, 'previous_round', undefined]);
  });

  it('groups the rows past the limit as others, counted while any of them is', () => {
    const table = roundTable(comeback, OPTIONS, 3);
    expect(table.rows.map((row) => [row.id, row.others])).toEqual([
      ['B', 0],
      ['A', 0],
      [null, 2],
    ]);
    expect(table.rows[2]!.cells).toEqual([
      { votes: 5, change: null, eliminated: true },
      { votes: 4, change: null, eliminated: true },
      null,
    ]);
  });

  it('says where each eliminated option’s votes went, and how many went nowhere', () => {
    expect(transfers(comeback, 3)).toEqual([
      { round: 1, from: 'D', votes: 2, to: [{ id: 'C', votes: 1 }], others: null, exhausted: 1, tieBreak: undefined },
      {
        round: 2,
        from: 'C',
        votes: 4,
        to: [{ id: 'B', votes: 3 }],
        others: null,
        exhausted: 1,
        tieBreak: 'previous_round',
      },
    ]);
  });
});

describe('the ranked results view with many options', () => {
  const many = Array.from({ length: 12 }, (_, i) => `O${i + 1}`);
  // O1 has a majority at once: one round, twelve options in it.
  const landslide = instantRunoff(
    many,
    many.map((id, i) => ({ ranking: [id], count: i === 0 ? 100 : 12 - i })),
    SEED,
  );

  it('keeps the top options and puts the rest together as others', () => {
    const final = finalRound(landslide, many, 5)!;
    expect(final.bars.map((bar) => [bar.id, bar.others, bar.votes])).toEqual([
      ['O1', 0, 100],
      ['O2', 0, 11],
      ['O3', 0, 10],
      ['O4', 0, 9],
      [null, 8, 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1],
    ]);
    expect(final.bars.reduce((sum, bar) => sum + bar.votes, 0)).toBe(final.counted);
  });

  it('never puts a single option under others: it takes the place others would', () => {
    expect(topAndRest([1, 2, 3], 3)).toEqual({ top: [1, 2, 3], rest: [] });
    expect(topAndRest([1, 2, 3, 4], 3)).toEqual({ top: [1, 2], rest: [3, 4] });
    expect(topAndRest([1, 2], Infinity)).toEqual({ top: [1, 2], rest: [] });
  });

  it('shows every option when they fit', () => {
    expect(finalRound(landslide, many, 12)!.bars).toHaveLength(12);
  });

  it('names the top destinations of a transfer and adds up the rest', () => {
    const spread = instantRunoff(
      ['A', 'B', 'C', 'D', 'E'],
      ballots([12, 'A'], [11, 'B'], [10, 'C'], [9, 'D'], [3, 'E', 'B'], [2, 'E', 'C'], [1, 'E', 'D'], [1, 'E']),
      SEED,
    );
    expect(transfers(spread, 2)[0]).toMatchObject({
      from: 'E',
      votes: 7,
      to: [{ id: 'B', votes: 3 }],
      others: { count: 2, votes: 3 },
      exhausted: 1,
    });
  });
});

describe('the ranked results view on the 2013 Minneapolis mayoral election', () => {
  const election = loadMinneapolis();
  const results = instantRunoff(election.options, countRankings(election.ballots), SEED);

  it('accounts for every vote of every elimination: transferred or exhausted', () => {
    const steps = transfers(results, Infinity);
    expect(steps).toHaveLength(results.rounds.length - 1);
    for (const step of steps) {
      expect(step.others).toBeNull();
      expect(step.to.reduce((sum, to) => sum + to.votes, 0) + step.exhausted).toBe(step.votes);
    }
  });

  it('places all 36 options, the winner first, and the final round’s bars add up to the ballots counted', () => {
    const order = finishingOrder(results, election.options);
    expect(new Set(order).size).toBe(36);
    expect(order[0]).toBe('BETSY HODGES');
    const final = finalRound(results, election.options, 8)!;
    expect(final.counted + final.exhausted).toBe(ballotCount(results));
    expect(ballotCount(results)).toBe(79_312);
  });
});
