import type { KnownVoters } from '../known-voters/known-voters';
import type { PollCache } from '../poll-cache/poll-cache';
import type { TrendingBoard } from '../trending-board/trending-board';
import type { RecordCommits } from './record-commits';

/** Embedded mode: each committed poll goes to each part in turn, through the part's own method. */
export function recordCommitsPartByPart(
  voters: KnownVoters,
  pollCache: PollCache,
  trending: TrendingBoard,
): RecordCommits {
  return (changes) => {
    for (const change of changes) {
      voters.add(change.pollId, change.voterKeys);
      pollCache.update(change);
      if (change.listed) trending.record(change.pollId, change.added);
    }
  };
}
