import type { LiveState } from '../../realtime/live-client';
import type { PollDetails } from '../../polls/poll-service';

/**
 * What a results view shows, and the two ways it changes: a live state from the stream, and
 * the counts a vote response carries. Votes are never taken back, so a count that would go
 * down is always stale news and is ignored.
 */

export type ShownResults = {
  seq: number;
  total: number;
  counts: Record<string, number>;
  isActive: boolean;
  deleted: boolean;
};

type Counts = { total_votes: number; options: { id: string; count: number }[] };

function mergeCounts(shown: ShownResults, incoming: Counts): Pick<ShownResults, 'total' | 'counts'> {
  const counts = { ...shown.counts };
  for (const option of incoming.options) counts[option.id] = Math.max(counts[option.id] ?? 0, option.count);
  return { total: Math.max(shown.total, incoming.total_votes), counts };
}

export function applyLiveState(shown: ShownResults, state: LiveState): ShownResults {
  if (state.seq < shown.seq) return shown;
  return {
    ...mergeCounts(shown, state),
    seq: state.seq,
    isActive: state.is_active && !state.deleted,
    deleted: shown.deleted || state.deleted === true,
  };
}

/** A vote response carries no seq: take its counts where they are ahead, keep everything else. */
export function applyVoteCounts(shown: ShownResults, counts: Counts): ShownResults {
  return { ...shown, ...mergeCounts(shown, counts) };
}

export function percentOf(count: number, total: number): number {
  return total > 0 ? (count / total) * 100 : 0;
}

/** The results as the server read them for this request: the starting point of a live view. */
export function shownFromDetails({ poll, options, stats }: PollDetails): ShownResults {
  return {
    seq: stats.seq,
    total: poll.total_votes,
    counts: Object.fromEntries(options.map((option) => [option.id, option.vote_count])),
    isActive: poll.is_active,
    deleted: false,
  };
}
