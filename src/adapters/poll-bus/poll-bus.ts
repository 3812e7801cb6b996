import type { ResultsVisibility } from '../../domain/polls';
import type { PollResults } from '../../kinds/kind';

/**
 * The poll bus: carries each poll's live updates from what changed the poll (the vote writer,
 * PollService) to the viewers watching it, on this instance and, through Redis, on every other
 * (channel `poll:{id}:updates`).
 *
 * - At most once: an update reaches the listeners subscribed when it is published. Nothing is
 *   stored or replayed; where updates may have been missed, `onResync` tells the listener to read
 *   the poll afresh.
 * - Order: this instance's listeners get updates in publish order, inside `publish`. Across
 *   instances Redis keeps each publisher's order on a channel and nothing orders two publishers,
 *   so every update carries the poll's `seq` and absolute counts: a viewer drops anything not newer
 *   than what it has, and a dropped or merged update is harmless.
 * - Without Redis: this instance's listeners still get its updates; other instances miss them until
 *   the subscriber connection is back, when every poll watched here is resynced.
 * - A restart keeps nothing: viewers subscribe again and read the poll from PostgreSQL.
 * - Listeners should not throw: the Redis twin logs a throw and goes on to the next listener, the
 *   memory twin lets it reach the publisher.
 *
 * Twins: poll-bus.memory.ts (embedded mode, one process), poll-bus.redis.ts (services mode).
 */

export type PollUpdate = {
  poll_id: string;
  /** Grows with every change of the poll; viewers drop anything not newer than what they have. */
  seq: number;
  total_votes: number;
  options: { id: string; count: number }[];
  is_active: boolean;
  /** Who may see the counts now: viewers' frames follow it. */
  results_visibility: ResultsVisibility;
  /** Grows with every edit of the poll's texts: a viewer that sees it move reloads the poll. */
  revision: number;
  /**
   * A ranked poll's instant-runoff count at this seq (or a later one), worked out once by the
   * instance that made the change; viewers who may not see the counts get null instead.
   */
  results?: PollResults;
  /** Options that gained votes in this change (empty for close, reopen, delete). */
  voted_option_ids: string[];
  /**
   * The ballots (their ballotKey) this change recorded, only where the poll shows counts after
   * a vote: a viewer watching as one of them starts seeing counts on the same connection.
   */
  voter_keys?: string[];
  deleted?: true;
};

export type PollUpdateListener = (update: PollUpdate) => void;

export interface PollBus {
  publish(update: PollUpdate): void;
  /**
   * Listens to one poll; the returned function stops listening. `onResync` is called whenever
   * updates published before that moment may have been missed (the subscription was confirmed
   * only now, or the bus reconnected): the listener should read the state afresh then.
   */
  subscribe(pollId: string, listener: PollUpdateListener, onResync?: () => void): () => void;
  close(): Promise<void>;
}
