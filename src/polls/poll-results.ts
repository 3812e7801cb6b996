import type { Database } from '../db/client';
import type { CommittedPoll, PollKind } from '../domain/polls';
import { kindOf } from '../kinds';
import type { PollResults, ResultsSource } from '../kinds/kind';
import { readTally, type TallyAt } from './results-sources';

/**
 * The results of polls whose kind sums its ballots up (a ranked poll's instant runoff, a text
 * poll's leading answers), as of a seq, kept in this process for the polls read or voted on most
 * recently. Reading a poll with 100,000 ballots costs one read (of its distinct rankings, or of its
 * leading answer groups) once per seq, and a lookup otherwise (results-sources.ts):
 *
 * - A reader asks for the results at least as new as the seq it holds; they come from memory when
 *   this process has them, otherwise from one read, shared by every reader of that poll asking
 *   meanwhile.
 * - A committed vote batch moves the poll's count from its seq to the next without a read when
 *   this process held the seq just before; otherwise it reads too.
 * - Results are never older than the seq asked for. A commit from elsewhere may make them newer
 *   than the counts they travel with: both only grow.
 */

/** Enough for the polls being watched or voted on at any one time; the least recently used goes first. */
const REMEMBERED = 500;

export function createPollResults(database: Database, remembered = REMEMBERED) {
  const held = new Map<string, TallyAt>();
  const reading = new Map<string, Promise<TallyAt | undefined>>();

  function keep(pollId: string, entry: TallyAt): TallyAt {
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
  function read(pollId: string, source: ResultsSource) {
    let pending = reading.get(pollId);
    if (!pending) {
      pending = readTally(database, source, pollId)
        .then((read) => read && keep(pollId, read))
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
    const source = kindOf(poll.kind).results;
    if (!source) return undefined;
    const entry = held.get(poll.id);
    if (entry && entry.seq >= seq) return keep(poll.id, entry).tally.results;
    const first = await read(poll.id, source);
    if (!first || first.seq >= seq) return first?.tally.results;
    return (await read(poll.id, source))?.tally.results;
  }

  /**
   * The results after a committed vote batch, worked out from the count before it and the batch
   * where this process held them, read otherwise.
   */
  async function committed(change: CommittedPoll): Promise<PollResults | undefined> {
    const source = kindOf(change.kind).results;
    if (!source) return undefined;
    const entry = held.get(change.pollId);
    if (!entry || entry.seq !== change.seq - 1 || !entry.tally.advance(change)) {
      if (entry) held.delete(change.pollId);
      return resultsOf({ id: change.pollId, kind: change.kind }, change.seq);
    }
    entry.seq = change.seq;
    return keep(change.pollId, entry).tally.results;
  }

  return { resultsOf, committed };
}

export type PollResultsReader = ReturnType<typeof createPollResults>;
