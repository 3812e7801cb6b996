import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The 2013 Minneapolis mayoral ballots and RCTab's count of them (tests/fixtures/rcv/README.md
 * says where they come from). Names stand for options: tests that need option ids map them.
 */
export type MinneapolisElection = {
  /** The 36 option names, alphabetical. */
  options: string[];
  /** One ranking per ballot, most preferred first. */
  ballots: string[][];
  /** RCTab's tally of each of its rounds: name to votes, for the options still in the count. */
  expectedRounds: Record<string, number>[];
  expectedWinner: string;
};

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'rcv', '2013_minneapolis_mayor.json.gz');

export function loadMinneapolis(): MinneapolisElection {
  const data = JSON.parse(zlib.gunzipSync(fs.readFileSync(FIXTURE)).toString('utf8')) as {
    options: string[];
    ballots: string[][];
    expected_rounds: Record<string, number>[];
    expected_winner: string[];
  };
  if (data.expected_winner.length !== 1) throw new Error('the fixture should name one winner');
  return {
    options: data.options,
    ballots: data.ballots,
    expectedRounds: data.expected_rounds,
    expectedWinner: data.expected_winner[0]!,
  };
}

/** The ballots as the count takes them: one count per distinct ranking. */
export function countRankings(ballots: readonly (readonly string[])[]): { ranking: string[]; count: number }[] {
  const counts = new Map<string, { ranking: string[]; count: number }>();
  for (const ballot of ballots) {
    const key = JSON.stringify(ballot);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { ranking: [...ballot], count: 1 });
  }
  return [...counts.values()];
}
