/**
 * The live messages (docs/REALTIME.md), shared by the server and the browser client (no Node here).
 * Counts are absolute, so a viewer may skip or merge messages; `seq` orders them.
 */

import type { EventState } from '../domain/events';
import type { ResultsVisibility } from '../domain/polls';
import type { PollResults } from '../kinds/kind';

export type PollUpdatedMessage = {
  type: 'poll_updated';
  poll_id: string;
  seq: number;
  /** `count` is null while the poll hides its results from this viewer (`results_visible: false`). */
  options: { id: string; count: number | null }[];
  total_votes: number;
  is_active: boolean;
  results_visibility: ResultsVisibility;
  results_visible: boolean;
  /** Grows with every edit of the poll's texts (before its first ballot): reload the poll when it moves. */
  revision: number;
  /** How many watch the poll now (open SSE streams and WebSocket subscriptions, on every instance). */
  viewers: number;
  /** A ranked poll's instant-runoff count; null while the poll hides its results from this viewer. */
  results?: PollResults | null;
  deleted?: true;
};

/** Only ever sent to a viewer who sees the counts and had the state just before this vote. */
export type VoteSubmittedMessage = {
  type: 'vote_submitted';
  poll_id: string;
  seq: number;
  option_id: string;
  new_count: number;
  total_votes: number;
  viewers: number;
};

export type LiveMessage = PollUpdatedMessage | VoteSubmittedMessage;

/**
 * An event's followers' message when the presenter moves (or the questions or the end change):
 * where the event is, and the question shown now, which that question's `poll_updated` follows.
 */
export type EventUpdatedMessage = { type: 'event_updated' } & EventState;

/** Where a viewer stands: the seq it last saw and whether the poll was then open. */
export type LivePosition = { seq: number; is_active: boolean };

/** The position of a state (or message): just its seq and whether it was open. */
export function positionOf(state: LivePosition): LivePosition {
  return { seq: state.seq, is_active: state.is_active };
}

/**
 * True when `next` tells a viewer at `current` something new. At one seq a poll can only go
 * from open to closed (its end time passed, which changes no row), so that also counts.
 */
export function isNewer(next: LivePosition, current: LivePosition | undefined): boolean {
  if (!current) return true;
  if (next.seq !== current.seq) return next.seq > current.seq;
  return current.is_active && !next.is_active;
}
