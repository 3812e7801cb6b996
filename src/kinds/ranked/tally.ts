/**
 * The count of a ranked poll: single-winner instant runoff, as RCTab (the tabulator US
 * jurisdictions certify) counts with batch elimination off and "previous round counts, then
 * random" tie-breaks. Decision record: docs/decisions/0011-instant-runoff-count.md.
 *
 * The input is one count per distinct ranking, not one row per ballot, so the work grows with the
 * number of different rankings and of options, never with the number of ballots.
 */

/** How many ballots ranked the options exactly this way, most preferred first. */
export type RankingCount = { ranking: readonly string[]; count: number };

/**
 * How a tie for fewest votes was broken: by the tied options' votes in earlier rounds, or by the
 * draw seeded from the poll's id when every earlier round had them tied too.
 */
export type TieBreak = 'previous_round' | 'random';

export type RankedRound = {
  round: number;
  /** Votes of each option still in the count, in the poll's order; eliminated options are left out. */
  tally: Record<string, number>;
  /** The option eliminated after this round's tally: one, or none in the last round. */
  eliminated: string[];
  /** Ballots with no option left in the count, from every round so far. */
  exhausted: number;
  /** Present when a tie decided this round: who was eliminated, or in a final two tied, who won. */
  tie_break?: TieBreak;
};

export type RankedResults = { method: 'irv'; rounds: RankedRound[]; winner: string | null };

/**
 * The ballots in the form the count walks: every ranking's option positions one after another in
 * `choices`, ranking i from `starts[i]` to `starts[i + 1]`, and its count.
 */
type Ballots = { choices: number[]; starts: number[]; counts: number[]; total: number };

function readBallots(options: readonly string[], rankings: Iterable<RankingCount>): Ballots {
  const positions = new Map(options.map((id, position) => [id, position]));
  const ballots: Ballots = { choices: [], starts: [0], counts: [], total: 0 };
  for (const { ranking, count } of rankings) {
    if (!Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`a ranking's count must be a whole number, not ${count}`);
    if (count === 0) continue;
    if (ranking.length === 0) throw new RangeError('a ranking names at least one option');
    for (const id of ranking) {
      const position = positions.get(id);
      if (position === undefined) throw new RangeError(`a ranking names option ${id}, which its poll does not have`);
      ballots.choices.push(position);
    }
    ballots.starts.push(ballots.choices.length);
    ballots.counts.push(count);
    ballots.total += count;
  }
  return ballots;
}

/** Each option's first-choice votes, every option of the poll included: `options[].vote_count`. */
export function firstRoundCounts(options: readonly string[], rankings: Iterable<RankingCount>): Record<string, number> {
  const { choices, starts, counts } = readBallots(options, rankings);
  const votes = options.map(() => 0);
  counts.forEach((count, i) => {
    const first = choices[starts[i]!]!;
    votes[first] = votes[first]! + count;
  });
  return Object.fromEntries(options.map((id, position) => [id, votes[position]!]));
}

/**
 * A number in [0, n) from the poll's id and the round: FNV-1a over `<seed>#<round>`, mixed by
 * MurmurHash3's 32-bit finaliser, scaled to n. Changing it changes the winner of polls already
 * counted, so a test pins its values.
 */
function seededDraw(seed: string, round: number, n: number): number {
  const text = `${seed}#${round}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  return Math.floor(((hash >>> 0) / 2 ** 32) * n);
}

/**
 * Which of several options tied at fewest votes goes: the one with fewest votes in the latest
 * earlier round where they differ, narrowing round by round as RCTab does; then the seeded draw
 * among those still tied, taken in the poll's order.
 */
function breakTie(
  tied: number[],
  history: readonly (readonly number[])[],
  seed: string,
  round: number,
): { loser: number; rule: TieBreak } {
  let contenders = tied;
  for (let earlier = history.length - 2; earlier >= 0 && contenders.length > 1; earlier--) {
    const votes = history[earlier]!;
    const fewest = Math.min(...contenders.map((option) => votes[option]!));
    contenders = contenders.filter((option) => votes[option] === fewest);
  }
  if (contenders.length === 1) return { loser: contenders[0]!, rule: 'previous_round' };
  return { loser: contenders[seededDraw(seed, round, contenders.length)]!, rule: 'random' };
}

/**
 * The rounds and the winner. `options` are the poll's option ids in its order; `seed` (the poll's
 * id) makes the last-resort draw the same every time the same ballots are counted.
 *
 * Each round every ballot counts for its highest-ranked option still in the count. An option with
 * more than half of the round's counted ballots wins; one option left wins; two left and tied, the
 * tie-break picks the winner in that round (as RCTab does, rather than a last round of one).
 * Otherwise the option with fewest votes is eliminated, one per round, zero-vote options included.
 * A poll without ballots has one round of zeros and no winner.
 */
export function instantRunoff(
  options: readonly string[],
  rankings: Iterable<RankingCount>,
  seed: string,
): RankedResults {
  return runoff(options, readBallots(options, rankings), seed);
}

/**
 * The count itself, run again at every seq of a live ranked poll, so nearly once per vote when
 * votes are spread over many polls: each round is one pass over the options and one over the
 * rankings of the option eliminated, in arrays made once per count, without a list or an object
 * made per option and round.
 */
function runoff(options: readonly string[], ballots: Ballots, seed: string): RankedResults {
  const { choices, starts, counts, total } = ballots;
  const n = options.length;
  const votes: number[] = new Array<number>(n).fill(0);
  const continuing: boolean[] = new Array<boolean>(n).fill(true);
  // Each option's pile (the rankings counting for it) as a linked list: its first ranking, each one's next.
  const first: number[] = new Array<number>(n).fill(-1);
  const next: number[] = new Array<number>(counts.length).fill(0);
  // Where in `choices` each ranking's choice now counting is.
  const at = starts.slice(0, -1);
  for (let i = 0; i < counts.length; i++) {
    const option = choices[at[i]!]!;
    votes[option] = votes[option]! + counts[i]!;
    next[i] = first[option]!;
    first[option] = i;
  }

  const rounds: RankedRound[] = [];
  const result = (winner: number | null): RankedResults => ({
    method: 'irv',
    rounds,
    winner: winner === null ? null : options[winner]!,
  });
  const history: number[][] = [];
  let exhausted = 0;
  let left = n;
  for (let round = 1; round <= Math.max(n, 1); round++) {
    const tally: Record<string, number> = {};
    let leader = -1;
    let fewest = Infinity;
    for (let option = 0; option < n; option++) {
      if (!continuing[option]) continue;
      tally[options[option]!] = votes[option]!;
      if (leader < 0 || votes[option]! > votes[leader]!) leader = option;
      fewest = Math.min(fewest, votes[option]!);
    }
    const current: RankedRound = { round, tally, eliminated: [], exhausted };
    rounds.push(current);
    history.push(votes.slice());

    if (total === 0) return result(null);
    if (left === 1) return result(leader);
    if (votes[leader]! * 2 > total - exhausted) return result(leader);
    const tied = continuingWith(continuing, left === 2 ? undefined : (option) => votes[option] === fewest);
    let loser = tied[0]!;
    if (tied.length > 1) {
      const broken = breakTie(tied, history, seed, round);
      loser = broken.loser;
      current.tie_break = broken.rule;
    }
    // Two left without a majority are tied: the tie-break picks the winner.
    if (left === 2) return result(tied.find((option) => option !== loser)!);
    current.eliminated.push(options[loser]!);

    continuing[loser] = false;
    left--;
    for (let i = first[loser]!; i >= 0;) {
      const following = next[i]!;
      const end = starts[i + 1]!;
      let choice = at[i]! + 1;
      while (choice < end && !continuing[choices[choice]!]) choice++;
      if (choice === end) exhausted += counts[i]!;
      else {
        at[i] = choice;
        const option = choices[choice]!;
        votes[option] = votes[option]! + counts[i]!;
        next[i] = first[option]!;
        first[option] = i;
      }
      i = following;
    }
    first[loser] = -1;
    votes[loser] = 0;
  }
  throw new Error('instant runoff ran out of options without a result');
}

/** The options still in the count (those `which` keeps, if given), in the poll's order. */
function continuingWith(continuing: boolean[], which?: (option: number) => boolean): number[] {
  const options: number[] = [];
  for (let option = 0; option < continuing.length; option++) {
    if (continuing[option] && (!which || which(option))) options.push(option);
  }
  return options;
}

/**
 * A live ranked poll's count per distinct ranking, kept in the form the count walks, so that
 * counting again after a vote batch costs the runoff alone: each ranking's option ids are looked up
 * once, when it is first seen, not at every count (with 20,000 distinct rankings that lookup was
 * most of a hot ranked poll's vote path).
 */
export class RankingTally {
  private readonly positions: Map<string, number>;
  /** Each ranking's place in `ballots`, by its ids joined. */
  private readonly places = new Map<string, number>();
  private readonly rankings: (readonly string[])[] = [];
  private readonly ballots: Ballots = { choices: [], starts: [0], counts: [], total: 0 };

  constructor(readonly options: readonly string[]) {
    this.positions = new Map(options.map((id, position) => [id, position]));
  }

  /** Counts `count` more ballots ranking the options this way; a ranking naming another poll's option throws. */
  add(ranking: readonly string[], count = 1): void {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new RangeError(`a ranking's count must be positive, not ${count}`);
    const key = ranking.join(',');
    const place = this.places.get(key);
    if (place !== undefined) {
      this.ballots.counts[place]! += count;
      this.ballots.total += count;
      return;
    }
    if (ranking.length === 0) throw new RangeError('a ranking names at least one option');
    const positions = ranking.map((id) => {
      const position = this.positions.get(id);
      if (position === undefined) throw new RangeError(`a ranking names option ${id}, which its poll does not have`);
      return position;
    });
    this.places.set(key, this.rankings.length);
    this.rankings.push(ranking);
    this.ballots.choices.push(...positions);
    this.ballots.starts.push(this.ballots.choices.length);
    this.ballots.counts.push(count);
    this.ballots.total += count;
  }

  /** The rounds and the winner of the ballots counted so far (see instantRunoff). */
  results(seed: string): RankedResults {
    return runoff(this.options, this.ballots, seed);
  }
}
