import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { countRankings, loadMinneapolis } from '../../../tests/support/minneapolis';
import { firstRoundCounts, instantRunoff, RankingTally, type RankedResults, type RankingCount } from './tally';

const SEED = '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b';

/** Rankings written as `count × ranking`, e.g. `ballots([4, 'A', 'B'], [2, 'C'])`. */
function ballots(...rows: [number, ...string[]][]): RankingCount[] {
  return rows.map(([count, ...ranking]) => ({ ranking, count }));
}

/** The sum of every round's tally and exhausted ballots: the number of ballots, in every round. */
function ballotsPerRound(results: RankedResults): number[] {
  return results.rounds.map(
    (round) => Object.values(round.tally).reduce((sum, votes) => sum + votes, 0) + round.exhausted,
  );
}

describe('instantRunoff on the 2013 Minneapolis mayoral election', () => {
  const election = loadMinneapolis();
  const rankings = countRankings(election.ballots);

  it('has as many ballots and distinct rankings as the record', () => {
    expect(election.ballots).toHaveLength(79_312);
    expect(rankings).toHaveLength(6_538);
  });

  const started = performance.now();
  const results = instantRunoff(election.options, rankings, SEED);
  const firstCountMs = performance.now() - started;

  it("gives RCTab's first round, final round and winner exactly", () => {
    const expected = election.expectedRounds;
    expect(results.rounds[0]!.tally).toEqual(expected[0]);
    expect(results.rounds.at(-1)!.tally).toEqual(expected.at(-1));
    expect(results.winner).toBe('BETSY HODGES');
    expect(results.winner).toBe(election.expectedWinner);
  });

  it("equals every round of RCTab's that left the same options in the count", () => {
    // RCTab eliminated in batches and dropped write-ins first, so only some rounds line up.
    const ours = new Map(results.rounds.map((round) => [Object.keys(round.tally).sort().join('|'), round.tally]));
    const matched = election.expectedRounds.filter((expected) => ours.has(Object.keys(expected).sort().join('|')));
    for (const expected of matched) expect(ours.get(Object.keys(expected).sort().join('|'))).toEqual(expected);
    // Round 1, rounds 10 to 31, and RCTab's last two (its batch eliminations skip our 32 and 34).
    expect(matched).toHaveLength(25);
  });

  it('eliminates one option per round and accounts for every ballot in every round', () => {
    expect(results.rounds).toHaveLength(35);
    expect(ballotsPerRound(results)).toEqual(results.rounds.map(() => 79_312));
    results.rounds.forEach((round, i) => {
      expect(round.round).toBe(i + 1);
      const next = results.rounds[i + 1];
      if (!next) return expect(round.eliminated).toEqual([]);
      expect(round.eliminated).toHaveLength(1);
      expect(Object.keys(next.tally)).toEqual(Object.keys(round.tally).filter((id) => id !== round.eliminated[0]));
      expect(next.exhausted).toBeGreaterThanOrEqual(round.exhausted);
    });
    expect(results.rounds.at(-1)!.exhausted).toBe(15_518);
    expect(results.rounds.some((round) => round.tie_break)).toBe(false);
  });

  it('does not depend on the order the rankings come in', () => {
    expect(instantRunoff(election.options, [...rankings].reverse(), SEED)).toEqual(results);
  });

  it('counts the first choices of every option for the poll answer', () => {
    expect(firstRoundCounts(election.options, rankings)).toEqual(election.expectedRounds[0]);
  });

  it('takes milliseconds over the distinct rankings', () => {
    // Reported, not asserted: a shared machine's timings say little. CPU time is the steadier one.
    const runs = 20;
    const begin = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < runs; i++) instantRunoff(election.options, rankings, SEED);
    const { user, system } = process.cpuUsage(cpu);
    const wallMs = (performance.now() - begin) / runs;
    console.log(
      `Minneapolis 2013 (79,312 ballots, 6,538 rankings, 35 rounds): first count ${firstCountMs.toFixed(1)} ms; ` +
        `${runs} warm counts: ${wallMs.toFixed(1)} ms each, ${((user + system) / 1000 / runs).toFixed(1)} ms CPU`,
    );
  });
});

describe('instantRunoff, hand-checked', () => {
  it('gives the round to the option with more than half of the counted ballots', () => {
    expect(instantRunoff(['A', 'B', 'C'], ballots([7, 'A'], [3, 'B', 'A'], [3, 'C']), SEED)).toEqual({
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 7, B: 3, C: 3 }, eliminated: [], exhausted: 0 }],
      winner: 'A',
    });
  });

  it('breaks a tie for fewest by the latest earlier round where the tied options differ', () => {
    const rankings = ballots([10, 'A'], [5, 'B'], [4, 'C'], [1, 'D', 'B'], [1, 'D', 'C'], [1, 'E', 'C']);
    expect(instantRunoff(['A', 'B', 'C', 'D', 'E'], rankings, SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 10, B: 5, C: 4, D: 2, E: 1 }, eliminated: ['E'], exhausted: 0 },
        { round: 2, tally: { A: 10, B: 5, C: 5, D: 2 }, eliminated: ['D'], exhausted: 0 },
        // B and C are tied here and in round 2; round 1 had C behind.
        { round: 3, tally: { A: 10, B: 6, C: 6 }, eliminated: ['C'], exhausted: 0, tie_break: 'previous_round' },
        { round: 4, tally: { A: 10, B: 6 }, eliminated: [], exhausted: 6 },
      ],
      winner: 'A',
    });
  });

  it('looks at the latest earlier round before older ones', () => {
    const rankings = ballots([12, 'A'], [4, 'B'], [5, 'C'], [2, 'D', 'C'], [1, 'D', 'B'], [2, 'E', 'B']);
    expect(instantRunoff(['A', 'B', 'C', 'D', 'E'], rankings, SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 12, B: 4, C: 5, D: 3, E: 2 }, eliminated: ['E'], exhausted: 0 },
        { round: 2, tally: { A: 12, B: 6, C: 5, D: 3 }, eliminated: ['D'], exhausted: 0 },
        // Round 2 had C behind, round 1 had B behind: round 2 decides.
        { round: 3, tally: { A: 12, B: 7, C: 7 }, eliminated: ['C'], exhausted: 0, tie_break: 'previous_round' },
        { round: 4, tally: { A: 12, B: 7 }, eliminated: [], exhausted: 7 },
      ],
      winner: 'A',
    });
  });

  it('draws among the options still tied in every earlier round, the same way for the same poll', () => {
    // Round 2 ties B, C and D; round 1 had D ahead, so the draw is between B and C only.
    const rankings = ballots([10, 'A'], [3, 'B'], [3, 'C'], [4, 'D'], [1, 'E', 'B'], [1, 'E', 'C']);
    const options = ['A', 'B', 'C', 'D', 'E'];
    const secondRound = (seed: string) => instantRunoff(options, rankings, seed).rounds[1]!;

    // Pinned: a different draw would change the winner of tied polls already counted.

    expect(secondRound(SEED)).toEqual({
      round: 2,
      tally: { A: 10, B: 4, C: 4, D: 4 },
      eliminated: ['B'],
      exhausted: 0,
      tie_break: 'random',
    });
    expect(instantRunoff(options, rankings, SEED)).toEqual(instantRunoff(options, rankings, SEED));

    const drawn = new Set(Array.from({ length: 20 }, (_, i) => secondRound(`poll-${i}`).eliminated[0]));
    expect(drawn).toEqual(new Set(['B', 'C']));
  });

  it('eliminates options without votes one per round, drawing among those tied at zero', () => {
    const rankings = ballots([2, 'A'], [2, 'B'], [1, 'C', 'A']);
    expect(instantRunoff(['A', 'B', 'C', 'D', 'E'], rankings, SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 2, B: 2, C: 1, D: 0, E: 0 }, eliminated: ['D'], exhausted: 0, tie_break: 'random' },
        { round: 2, tally: { A: 2, B: 2, C: 1, E: 0 }, eliminated: ['E'], exhausted: 0 },
        { round: 3, tally: { A: 2, B: 2, C: 1 }, eliminated: ['C'], exhausted: 0 },
        { round: 4, tally: { A: 3, B: 2 }, eliminated: [], exhausted: 0 },
      ],
      winner: 'A',
    });
  });

  it('lets the tie-break pick the winner of a final two tied, by an earlier round first', () => {
    expect(instantRunoff(['A', 'B', 'C'], ballots([3, 'A'], [2, 'B'], [1, 'C', 'B']), SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 3, B: 2, C: 1 }, eliminated: ['C'], exhausted: 0 },
        { round: 2, tally: { A: 3, B: 3 }, eliminated: [], exhausted: 0, tie_break: 'previous_round' },
      ],
      winner: 'A',
    });
  });

  it('lets the draw pick the winner of two options tied from the start', () => {
    const results = instantRunoff(['A', 'B'], ballots([2, 'A'], [2, 'B', 'A']), SEED);
    expect(results).toEqual({
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 2, B: 2 }, eliminated: [], exhausted: 0, tie_break: 'random' }],
      winner: 'B',
    });
  });

  it('leaves exhausted ballots out of the majority', () => {
    // A wins with 5 of 12 ballots: the 3 that ranked only C count for no one after round 1.
    expect(instantRunoff(['A', 'B', 'C'], ballots([5, 'A'], [4, 'B'], [3, 'C']), SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 5, B: 4, C: 3 }, eliminated: ['C'], exhausted: 0 },
        { round: 2, tally: { A: 5, B: 4 }, eliminated: [], exhausted: 3 },
      ],
      winner: 'A',
    });
  });

  it('moves ballots shorter than the longest to the next option they rank, or exhausts them', () => {
    const rankings = ballots([4, 'A', 'B', 'C'], [4, 'B'], [2, 'C', 'A'], [1, 'C'], [1, 'D', 'B']);
    expect(instantRunoff(['A', 'B', 'C', 'D'], rankings, SEED)).toEqual({
      method: 'irv',
      rounds: [
        { round: 1, tally: { A: 4, B: 4, C: 3, D: 1 }, eliminated: ['D'], exhausted: 0 },
        { round: 2, tally: { A: 4, B: 5, C: 3 }, eliminated: ['C'], exhausted: 0 },
        { round: 3, tally: { A: 6, B: 5 }, eliminated: [], exhausted: 1 },
      ],
      winner: 'A',
    });
  });

  it('elects the one ballot of a poll that has one', () => {
    expect(instantRunoff(['A', 'B', 'C'], ballots([1, 'B', 'C']), SEED)).toEqual({
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 0, B: 1, C: 0 }, eliminated: [], exhausted: 0 }],
      winner: 'B',
    });
  });

  it('elects the option every ballot ranks first', () => {
    expect(instantRunoff(['A', 'B', 'C'], ballots([9, 'C']), SEED)).toEqual({
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 0, B: 0, C: 9 }, eliminated: [], exhausted: 0 }],
      winner: 'C',
    });
  });

  it('elects the one option left', () => {
    expect(instantRunoff(['A'], ballots([2, 'A']), SEED)).toEqual({
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 2 }, eliminated: [], exhausted: 0 }],
      winner: 'A',
    });
  });

  it('has one round of zeros and no winner without ballots', () => {
    const empty: RankedResults = {
      method: 'irv',
      rounds: [{ round: 1, tally: { A: 0, B: 0, C: 0 }, eliminated: [], exhausted: 0 }],
      winner: null,
    };
    expect(instantRunoff(['A', 'B', 'C'], [], SEED)).toEqual(empty);
    expect(instantRunoff(['A', 'B', 'C'], ballots([0, 'A', 'B']), SEED)).toEqual(empty);
  });

  it('refuses an option the poll does not have, an empty ranking and a count that is not a whole number', () => {
    expect(() => instantRunoff(['A', 'B'], ballots([1, 'A', 'Z']), SEED)).toThrow(/option Z/);
    expect(() => instantRunoff(['A', 'B'], ballots([1]), SEED)).toThrow(/at least one option/);
    expect(() => instantRunoff(['A', 'B'], ballots([-1, 'A']), SEED)).toThrow(/whole number/);
    expect(() => instantRunoff(['A', 'B'], ballots([1.5, 'A']), SEED)).toThrow(/whole number/);
  });
});

describe('firstRoundCounts', () => {
  it('counts each ballot for its first choice and lists every option', () => {
    expect(firstRoundCounts(['A', 'B', 'C'], ballots([2, 'B', 'A'], [1, 'A'], [3, 'B']))).toEqual({ A: 1, B: 5, C: 0 });
  });
});

describe('RankingTally, the count a live ranked poll keeps', () => {
  it('counts Minneapolis ballot by ballot as instantRunoff counts its rankings, half way and at the end', () => {
    const election = loadMinneapolis();
    const tally = new RankingTally(election.options);
    const half = Math.floor(election.ballots.length / 2);
    election.ballots.slice(0, half).forEach((ranking) => tally.add(ranking));
    expect(tally.results(SEED)).toEqual(
      instantRunoff(election.options, countRankings(election.ballots.slice(0, half)), SEED),
    );
    election.ballots.slice(half).forEach((ranking) => tally.add(ranking));
    expect(tally.results(SEED)).toEqual(instantRunoff(election.options, countRankings(election.ballots), SEED));
  });

  it('adds a ranking seen before to its count, and refuses what a poll could not hold', () => {
    const tally = new RankingTally(['A', 'B', 'C']);
    tally.add(['B', 'A'], 2);
    tally.add(['C']);
    tally.add(['B', 'A']);
    expect(tally.results(SEED).rounds[0]!.tally).toEqual({ A: 0, B: 3, C: 1 });
    expect(() => tally.add(['A', 'Z'])).toThrow(/option Z/);
    expect(() => tally.add([])).toThrow(/at least one option/);
    expect(() => tally.add(['A'], 0)).toThrow(/positive/);
    expect(tally.results(SEED).rounds[0]!.tally).toEqual({ A: 0, B: 3, C: 1 });
  });
});
