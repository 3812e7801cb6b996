import { describe, expect, it } from 'vitest';
import { countRankings, loadMinneapolis } from '../../../tests/support/minneapolis';
import { rankColumnsCvr, rctabCsvCvr, rctabSummary, type CvrTable, type OptionText } from './rctab-export';
import { instantRunoff, type RankingCount } from './tally';

const SEED = '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b';

/** Options with made-up ids, so the tests see texts and ids kept apart. */
function optionsNamed(...texts: string[]): OptionText[] {
  return texts.map((text, i) => ({ id: `id-${i}`, option_text: text }));
}

/** The counts as strings, as RCTab writes them. */
function asStrings(tally: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(tally).map(([name, votes]) => [name, String(votes)]));
}

describe('rctabSummary of the 2013 Minneapolis mayoral election', () => {
  const election = loadMinneapolis();
  // Ids that are not the names, as in a real poll.
  const options = election.options.map((name, i) => ({ id: `option-${i}`, option_text: name }));
  const idOf = new Map(options.map((option) => [option.option_text, option.id]));
  const rankings = countRankings(election.ballots).map(({ ranking, count }) => ({
    ranking: ranking.map((name) => idOf.get(name)!),
    count,
  }));
  const results = instantRunoff(
    options.map((option) => option.id),
    rankings,
    SEED,
  );
  const summary = rctabSummary(results, options, { name: '2013 Minneapolis Mayor', date: new Date('2013-11-05') });

  it("has RCTab's first and final round tallies, keyed by name, and its winner", () => {
    expect(summary.results[0]!.tally).toEqual(asStrings(election.expectedRounds[0]!));
    expect(summary.results.at(-1)!.tally).toEqual(asStrings(election.expectedRounds.at(-1)!));
    expect(summary.results.at(-1)!.tallyResults).toEqual([{ elected: 'BETSY HODGES', transfers: {} }]);
  });

  it("has RCTab's thresholds and totals", () => {
    // RCTab's published summary: 39657 in round 1 and 31898 in the last; 79,312 ballots counted.
    expect(summary.results[0]!.threshold).toBe('39657');
    expect(summary.summary).toEqual({
      finalThreshold: '31898',
      numCandidates: 36,
      numWinners: 1,
      totalNumBallots: '79312',
      undervotes: 0,
    });
    expect(summary.config).toEqual({
      contest: '2013 Minneapolis Mayor',
      date: '2013-11-05',
      generatedBy: 'pollcast',
      jurisdiction: '',
      office: '',
    });
    expect(summary.jsonFormatVersion).toBe('1');
  });

  it("transfers an eliminated option's ballots as RCTab's next round shows them", () => {
    // RCTab's rounds 10 and 11 are pollcast's rounds 10 and 11: JOSHUA REA goes after round 10.
    const [before, after] = [election.expectedRounds[9]!, election.expectedRounds[10]!];
    const gains = Object.entries(after)
      .map(([name, votes]): [string, number] => [name, votes - before[name]!])
      .filter(([, gain]) => gain > 0);
    const exhausted = before['JOSHUA REA']! - gains.reduce((sum, [, gain]) => sum + gain, 0);
    expect(summary.results[9]!.tallyResults).toEqual([
      { eliminated: 'JOSHUA REA', transfers: asStrings({ ...Object.fromEntries(gains), exhausted }) },
    ]);
  });

  it('accounts for every vote of every eliminated option', () => {
    for (const [i, round] of summary.results.slice(0, -1).entries()) {
      const [elimination] = round.tallyResults;
      if (!elimination || !('eliminated' in elimination)) throw new Error(`round ${i + 1} should eliminate`);
      const moved = Object.values(elimination.transfers).reduce((sum, votes) => sum + Number(votes), 0);
      expect(moved).toBe(Number(round.tally[elimination.eliminated]));
    }
  });

  it("writes its keys in the order RCTab's writer sorts them", () => {
    expect(Object.keys(summary)).toEqual(['config', 'jsonFormatVersion', 'results', 'summary']);
    const round = summary.results[0]!;
    expect(Object.keys(round)).toEqual(['inactiveBallots', 'round', 'tally', 'tallyResults', 'threshold']);
    expect(Object.keys(round.tally)).toEqual([...election.options].sort());
    expect(Object.keys(round.inactiveBallots)).toEqual([
      'exhaustedChoices',
      'overvotes',
      'repeatedRankings',
      'skippedRankings',
    ]);
  });
});

describe('rctabSummary, hand-checked', () => {
  const options = optionsNamed('Cucumber', 'Broccoli', 'Lettuce', 'Kale');
  const [cucumber, broccoli, lettuce, kale] = options.map((option) => option.id) as [string, string, string, string];
  const count = (rankings: RankingCount[]) =>
    instantRunoff(
      options.map((option) => option.id),
      rankings,
      SEED,
    );

  it('writes each round, its eliminations with their transfers, and the winner', () => {
    const results = count([
      { ranking: [cucumber, broccoli, lettuce], count: 4 },
      { ranking: [broccoli], count: 4 },
      { ranking: [lettuce, cucumber], count: 2 },
      { ranking: [lettuce], count: 1 },
      { ranking: [kale, broccoli], count: 1 },
    ]);
    const inactive = (exhausted: number) => ({
      exhaustedChoices: String(exhausted),
      overvotes: '0',
      repeatedRankings: '0',
      skippedRankings: '0',
    });
    expect(rctabSummary(results, options, { name: 'Salad', date: null })).toEqual({
      config: { contest: 'Salad', date: '', generatedBy: 'pollcast', jurisdiction: '', office: '' },
      jsonFormatVersion: '1',
      results: [
        {
          inactiveBallots: inactive(0),
          round: 1,
          tally: { Broccoli: '4', Cucumber: '4', Kale: '1', Lettuce: '3' },
          tallyResults: [{ eliminated: 'Kale', transfers: { Broccoli: '1' } }],
          threshold: '7',
        },
        {
          inactiveBallots: inactive(0),
          round: 2,
          tally: { Broccoli: '5', Cucumber: '4', Lettuce: '3' },
          tallyResults: [{ eliminated: 'Lettuce', transfers: { Cucumber: '2', exhausted: '1' } }],
          threshold: '7',
        },
        {
          inactiveBallots: inactive(1),
          round: 3,
          tally: { Broccoli: '5', Cucumber: '6' },
          tallyResults: [{ elected: 'Cucumber', transfers: {} }],
          threshold: '6',
        },
      ],
      summary: { finalThreshold: '6', numCandidates: 4, numWinners: 1, totalNumBallots: '12', undervotes: 0 },
    });
  });

  it('elects the winner of a final two tied without eliminating the other', () => {
    const pair = optionsNamed('Cucumber', 'Broccoli');
    const ids = pair.map((option) => option.id);
    const results = instantRunoff(
      ids,
      [
        { ranking: [ids[0]!], count: 2 },
        { ranking: [ids[1]!], count: 2 },
      ],
      SEED,
    );
    const winner = pair.find((option) => option.id === results.winner)!.option_text;
    expect(rctabSummary(results, pair, { name: 'Salad', date: null }).results).toEqual([
      {
        inactiveBallots: { exhaustedChoices: '0', overvotes: '0', repeatedRankings: '0', skippedRankings: '0' },
        round: 1,
        tally: { Broccoli: '2', Cucumber: '2' },
        tallyResults: [{ elected: winner, transfers: {} }],
        threshold: '3',
      },
    ]);
  });

  it('writes one round of zeros and no result for a poll without ballots', () => {
    const summary = rctabSummary(count([]), options, { name: 'Salad', date: null });
    expect(summary.results).toEqual([
      {
        inactiveBallots: { exhaustedChoices: '0', overvotes: '0', repeatedRankings: '0', skippedRankings: '0' },
        round: 1,
        tally: { Broccoli: '0', Cucumber: '0', Kale: '0', Lettuce: '0' },
        tallyResults: [],
        threshold: '1',
      },
    ]);
    expect(summary.summary.totalNumBallots).toBe('0');
  });
});

/** Reads a generic CSV cast-vote record back the way RCTab's reader does: columns are options, cells ranks. */
function readRctabCsv(table: CvrTable, rows: string[][]): string[][] {
  const names = table.header.slice(1);
  return rows.map((row) =>
    row
      .slice(1)
      .flatMap((cell, column) => (cell === '' ? [] : [[Number(cell), names[column]!] as const]))
      .sort(([a], [b]) => a - b)
      .map(([, name]) => name),
  );
}

describe('cast-vote records as CSV cells', () => {
  const election = loadMinneapolis();
  const options = election.options.map((name, i) => ({ id: `option-${i}`, option_text: name }));
  const idOf = new Map(options.map((option) => [option.option_text, option.id]));
  const ballotIds = election.ballots.map((ballot) => ballot.map((name) => idOf.get(name)!));

  it("gives RCTab's generic CSV reader back every Minneapolis ballot", () => {
    const table = rctabCsvCvr(options);
    expect(table.header).toEqual(['ballot', ...election.options]);
    const rows = ballotIds.map((ranking, i) => table.row(String(i + 1), ranking));
    expect(rows[1]).toEqual([
      '2',
      ...election.options.map((name) => ({ 'BOB FINE': '1', 'MARK ANDREW': '2' })[name] ?? ''),
    ]);
    expect(readRctabCsv(table, rows)).toEqual(election.ballots);
  });

  it('writes each rank as a column of option text, blank past the ballot', () => {
    const table = rankColumnsCvr(options, 3);
    expect(table.header).toEqual(['ballot', 'rank 1', 'rank 2', 'rank 3']);
    const rows = ballotIds.map((ranking, i) => table.row(String(i + 1), ranking));
    expect(rows.slice(0, 3)).toEqual([
      ['1', 'BETSY HODGES', '', ''],
      ['2', 'BOB FINE', 'MARK ANDREW', ''],
      ['3', 'KURTIS W. HANNA', 'BOB FINE', 'MIKE GOULD'],
    ]);
    expect(rows.map((row) => row.slice(1).filter((cell) => cell !== ''))).toEqual(election.ballots);
  });

  it('refuses a ballot with an option the poll does not have, or too many ranks', () => {
    expect(() => rctabCsvCvr(options).row('1', ['option-99'])).toThrow(/option-99/);
    expect(() => rankColumnsCvr(options, 1).row('1', ['option-0', 'option-1'])).toThrow(/more than 1/);
  });
});
