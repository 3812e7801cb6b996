import type { Database } from '../db/client';
import { readLeadingAnswers } from '../db/poll-answers';
import { readRankings } from '../db/poll-rankings';
import type { CommittedPoll } from '../domain/polls';
import type { PollResults, ResultsSource } from '../kinds/kind';
import type { RankingCount } from '../kinds/ranked/tally';
import { LeadingAnswers, SHOWN_ANSWERS } from '../kinds/text/results';

/**
 * Where poll-results.ts gets each kind's results (ResultsSource, src/kinds/kind.ts): one read of
 * what the count needs, and a count that a committed batch moves on without a read.
 */

/** A poll's count as one process holds it at a seq. */
type Tally = {
  results: PollResults;
  /** Moves the count on by one committed batch; false when it cannot, and the poll must be read again. */
  advance(change: CommittedPoll): boolean;
};

export type TallyAt = { seq: number; tally: Tally };

/** Reads a poll's count as of its current seq; undefined when the poll is gone. */
export function readTally(database: Database, source: ResultsSource, pollId: string): Promise<TallyAt | undefined> {
  return source.from === 'rankings' ? readRanked(database, source, pollId) : readText(database, pollId);
}

const keyOf = (ranking: readonly string[]) => ranking.join(',');

/** A ranked poll: its count per distinct ranking, summed up as instant runoff at every seq. */
async function readRanked(
  database: Database,
  { summarize }: Extract<ResultsSource, { from: 'rankings' }>,
  pollId: string,
): Promise<TallyAt | undefined> {
  const read = await readRankings(database, pollId);
  if (!read) return undefined;
  const { optionIds } = read;
  const rankings = new Map<string, RankingCount>(read.rankings.map((entry) => [keyOf(entry.ranking), entry]));
  const tally: Tally = {
    results: summarize(optionIds, rankings.values(), pollId),
    advance(change) {
      for (const ranking of change.rankings) {
        const key = keyOf(ranking);
        const counted = rankings.get(key);
        if (counted) counted.count++;
        else rankings.set(key, { ranking, count: 1 });
      }
      tally.results = summarize(optionIds, rankings.values(), pollId);
      return true;
    },
  };
  return { seq: read.seq, tally };
}

/** A text poll: the groups that lead its results, never more than SHOWN_ANSWERS, and how many show. */
async function readText(database: Database, pollId: string): Promise<TallyAt | undefined> {
  const read = await readLeadingAnswers(database, pollId, SHOWN_ANSWERS);
  if (!read) return undefined;
  const leading = new LeadingAnswers(read.leading, read.distinct);
  const tally: Tally = {
    results: leading.results(),
    advance(change) {
      if (!leading.take(change.answerGroups)) return false;
      tally.results = leading.results();
      return true;
    },
  };
  return { seq: read.seq, tally };
}
