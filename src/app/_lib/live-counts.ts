import type { ResultsVisibility, ShownCounts } from '../../domain/polls';
import type { PollResults } from '../../kinds/kind';
import { ballotCount, rankedResultsOf } from '../../kinds/ranked/ui/ranked-view';
import type { LiveState } from '../_client/live-client';
import type { PollDetails } from '../../polls/poll-details';

/**
 * What a results view shows, and the two ways it changes: a live state from the stream, and
 * the answer to this viewer's vote. Votes are never taken back, so a count that would go down
 * is always stale news and is ignored. The total is always shown; the per-option counts only
 * while the poll lets this viewer see them (its results_visibility), and with them a ranked poll's
 * count or an open-text poll's answers (`results`), hidden exactly when they are.
 */

type Shown = {
  seq: number;
  /** The poll's revision (its texts): a newer one in a live state means the page must read the poll again. */
  revision: number;
  total: number;
  visibility: ResultsVisibility;
  isActive: boolean;
  deleted: boolean;
};
export type ShownResults = Shown &
  ({ visible: true; counts: Record<string, number>; results?: PollResults } | { visible: false });

/** A vote's answer: the counts as this voter may now see them, and a ranked poll's count with them. */
export type VoteAnswer = { new_counts: ShownCounts; results_visible: boolean; results?: PollResults | null };

/** The per-option counts when every one is there, as the server sends them to a viewer who may see them. */
function countsIn(options: ShownCounts['options']): Record<string, number> | null {
  const counts: Record<string, number> = {};
  for (const option of options) {
    if (option.count === null) return null;
    counts[option.id] = option.count;
  }
  return counts;
}

/**
 * The newer of two results. Of a ranked poll's counts, the one over more ballots (ballots are
 * never taken back), so a vote answer and a live state arriving in either order end on the latest.
 * An open-text poll's answers can also leave (the creator hid one), so there the later state wins:
 * a live state newer than the shown one (`current`: its seq says so), or a vote answer over at
 * least as many ballots as any seen.
 */
function newerResults(
  shown: ShownResults,
  incoming: PollResults | null | undefined,
  current: boolean,
): PollResults | undefined {
  const held = shown.visible ? shown.results : undefined;
  if (!incoming) return held;
  if (!held) return incoming;
  const [heldRanked, incomingRanked] = [rankedResultsOf(held), rankedResultsOf(incoming)];
  if (heldRanked && incomingRanked) return ballotCount(heldRanked) > ballotCount(incomingRanked) ? held : incoming;
  return current ? incoming : held;
}

/** The counts, with a ranked poll's count where there is one. */
function visibleWith(counts: Record<string, number>, results: PollResults | undefined) {
  return results ? { visible: true as const, counts, results } : { visible: true as const, counts };
}

/** `incoming`, except where the counts shown are already ahead. */
function aheadOf(shown: ShownResults, incoming: Record<string, number>): Record<string, number> {
  if (!shown.visible) return incoming;
  const counts = { ...shown.counts };
  for (const [id, count] of Object.entries(incoming)) counts[id] = Math.max(counts[id] ?? 0, count);
  return counts;
}

export function applyLiveState(shown: ShownResults, state: LiveState): ShownResults {
  if (state.seq < shown.seq) return shown;
  const next: Shown = {
    seq: state.seq,
    revision: Math.max(shown.revision, state.revision),
    total: Math.max(shown.total, state.total_votes),
    visibility: state.results_visibility,
    isActive: state.is_active && !state.deleted,
    deleted: shown.deleted || state.deleted === true,
  };
  const incoming = state.results_visible ? countsIn(state.options) : null;
  if (incoming) return { ...next, ...visibleWith(aheadOf(shown, incoming), newerResults(shown, state.results, true)) };
  // Counts go away only when what decides who sees them changed (the creator hid them, the poll
  // reopened); otherwise this state is older news than the vote answer that brought them.
  const stillEntitled = next.visibility === shown.visibility && next.isActive === shown.isActive;
  return shown.visible && stillEntitled
    ? { ...next, ...visibleWith(shown.counts, shown.results) }
    : { ...next, visible: false };
}

/** A vote answer carries no seq: take its counts where they are ahead, keep everything else. */
export function applyVoteCounts(shown: ShownResults, answer: VoteAnswer): ShownResults {
  const total = Math.max(shown.total, answer.new_counts.total_votes);
  const incoming = answer.results_visible ? countsIn(answer.new_counts.options) : null;
  if (!incoming) return { ...shown, total };
  const { seq, revision, visibility, isActive, deleted } = shown;
  const results = newerResults(shown, answer.results, answer.new_counts.total_votes >= shown.total);
  return { seq, revision, total, visibility, isActive, deleted, ...visibleWith(aheadOf(shown, incoming), results) };
}

/**
 * What a paused view shows: the results `held` when it paused, with the poll's state (open,
 * deleted, who may see counts) as it is now. Where what this viewer may see changed (the creator
 * hid or revealed the counts), the held results are no longer the ones to show: null, and the
 * view holds the latest instead.
 */
export function heldView(held: ShownResults, latest: ShownResults): ShownResults | null {
  if (held.visible !== latest.visible || latest.deleted) return null;
  const { revision, visibility, isActive, deleted } = latest;
  return { ...held, revision, visibility, isActive, deleted };
}

export function percentOf(count: number, total: number): number {
  return total > 0 ? (count / total) * 100 : 0;
}

/** The results as the server read them for this request (and this viewer): the starting point of a live view. */
export function shownFromDetails({ poll, options, stats, results_visible, results }: PollDetails): ShownResults {
  const shown: Shown = {
    seq: stats.seq,
    revision: stats.revision,
    total: poll.total_votes,
    visibility: poll.results_visibility,
    isActive: poll.is_active,
    deleted: false,
  };
  const counts = results_visible
    ? countsIn(options.map((option) => ({ id: option.id, count: option.vote_count })))
    : null;
  return counts ? { ...shown, ...visibleWith(counts, results ?? undefined) } : { ...shown, visible: false };
}
