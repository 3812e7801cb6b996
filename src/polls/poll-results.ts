import type { Database } from '../db/client';
import { readRankings } from '../db/poll-rankings';
import type { CommittedPoll, PollKind } from '../domain/polls';
import { kindOf } from '../kinds';
import type { PollResults } from '../kinds/kind';
import { RankingTally } from '../kinds/ranked/tally';

/**
 * The results of polls whose kind sums its ballots up (a ranked poll's instant runoff), as of a
 * seq, kept in this process for the polls read or voted on most recently. Reading a poll with
 * 100,000 ballots costs one read of its distinct rankings once per seq, and a lookup otherwise:
 *
 * - A reader asks for the results at least as new as the seq it holds; they come from memory when
 *   this process has them, otherwise from one read (poll_rankings), shared by every reader of that
 *   poll asking meanwhile.
 * - A committed vote batch moves the poll's rankings from its seq to the next without a read when
 *   this process held the seq just before; otherwise it reads too.
 * - Results are never older than the seq asked for. A commit from elsewhere may make them newer
 *   than the counts they travel with: both only grow.
 */

type Held = { seq: number; tally: RankingTally; results: PollResults };

/** Enough for the ranked polls being watched or voted on at any one time; the least recently used goes first. */
const REMEMBERED = 500;

export function createPollResults(database: Database, remembered = REMEMBERED) {
  const held = new Map<string, Held>();
  const reading = new Map<string, Promise<Held | undefined>>();

  function keep(pollId: string, entry: Held): Held {
    const current = held.get(pollId);
    const newest = current && current.seq >= entry.seq ? current : entry;
    held.delete(pollId);
    held.set(pollId, newest);
    for (const oldest of held.keys()) {
      if (held.size <= remembered) break;
      held.delete(oldest);
    }
    return newest;
  }

  /** One read per poll at a time: whoever asks meanwhile waits for the same one. */
  function read(pollId: string, summarize: NonNullable<ReturnType<typeof kindOf>['summarize']>) {
    let pending = reading.get(pollId);
    if (!pending) {
      pending = readRankings(database, pollId)
        .then((read) => {
          if (!read) return undefined;
          const tally = new RankingTally(read.optionIds);
          for (const { ranking, count } of read.rankings) if (count > 0) tally.add(ranking, count);
          return keep(pollId, { seq: read.seq, tally, results: summarize(tally, pollId) });
        })
        .finally(() => reading.delete(pollId));
      reading.set(pollId, pending);
    }
    return pending;
  }

  /**
   * The poll's results as of `seq` or later, or undefined for a kind without them (or a poll that
   * is gone). `seq` must have been committed: a read started after it sees it, so a reader that
   * joined a read begun before waits for one more at most.
   */
  async function resultsOf(poll: { id: string; kind: PollKind }, seq: number): Promise<PollResults | undefined> {
    const { summarize } = kindOf(poll.kind);
    if (!summarize) return undefined;
    const entry = held.get(poll.id);
    if (entry && entry.seq >= seq) return keep(poll.id, entry).results;
    const first = await read(poll.id, summarize);
    if (!first || first.seq >= seq) return first?.results;
    return (await read(poll.id, summarize))?.results;
  }

  /**
   * The results after a committed vote batch, worked out from the results before it and the
   * batch's rankings where this process held them, read otherwise.
   */
  async function committed(change: CommittedPoll): Promise<PollResults | undefined> {
    const { summarize } = kindOf(change.kind);
    if (!summarize) return undefined;
    const entry = held.get(change.pollId);
    if (!entry || entry.seq !== change.seq - 1) return resultsOf({ id: change.pollId, kind: change.kind }, change.seq);
    for (const ranking of change.rankings) entry.tally.add(ranking);
    entry.results = summarize(entry.tally, change.pollId);
    entry.seq = change.seq;
    return keep(change.pollId, entry).results;
  }

  return { resultsOf, committed };
}

export type PollResultsReader = ReturnType<typeof createPollResults>;
