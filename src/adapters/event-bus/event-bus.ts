import type { EventState } from '../../domain/events';

/**
 * The event bus: carries each event's changes (a move, its questions, its end) from the event
 * service to the event's followers, on this instance and, through Redis, on every other (channel
 * `event:{id}:updates`). The same promises as the poll bus (poll-bus.ts):
 *
 * - At most once: a change reaches the listeners subscribed when it is published; nothing is
 *   stored or replayed. Where changes may have been missed, `onResync` tells the listener to read
 *   the event afresh.
 * - Order: this instance's listeners get changes in publish order, inside `publish`. Across
 *   instances nothing orders two publishers, so every change carries the event's `seq` and the
 *   whole state: a follower drops anything not newer than what it has.
 * - Without Redis: this instance's listeners still get its changes; other instances miss them until
 *   the subscriber connection is back, when every event followed here is resynced.
 * - A restart keeps nothing: followers subscribe again and read the event from PostgreSQL.
 *
 * Twins: event-bus.memory.ts (embedded mode, one process), event-bus.redis.ts (services mode).
 */

export type EventStateListener = (state: EventState) => void;

export interface EventBus {
  publish(state: EventState): void;
  /** Listens to one event; the returned function stops listening. */
  subscribe(eventId: string, listener: EventStateListener, onResync?: () => void): () => void;
  close(): Promise<void>;
}
