import type { EventState } from '../../domain/events';
import { describeError, type Logger } from '../../logger';
import type { Redis } from '../../redis/client';
import type { EventBus, EventStateListener } from './event-bus';

/**
 * The event bus across instances, as the poll bus does it (poll-bus.redis.ts): changes are
 * published on `event:{id}:updates`, on the one subscriber connection, subscribed to while a
 * local listener follows the event. Local listeners get a change once: at once when published
 * here, never again from its echo.
 */

type WireState = EventState & { origin: string };

export class RedisEventBus implements EventBus {
  private readonly listeners = new Map<string, { listeners: Set<EventStateListener>; resyncs: Set<() => void> }>();

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {
    // A SUBSCRIBE lost to an outage is not replayed by the client: ask again, and let followers re-read.
    redis.onSubscriberReady(() => {
      const eventIds = [...this.listeners.keys()];
      if (eventIds.length === 0) return;
      redis.subscriber.subscribe(eventIds.map(redis.keys.eventUpdates), this.onMessage).then(
        () => eventIds.forEach((eventId) => this.resync(eventId)),
        () => undefined,
      );
    });
  }

  publish(state: EventState): void {
    this.deliver(state);
    const message = JSON.stringify({ ...state, origin: this.redis.instanceId } satisfies WireState);
    this.redis.send('publish', (client) => client.publish(this.redis.keys.eventUpdates(state.event_id), message));
  }

  subscribe(eventId: string, listener: EventStateListener, onResync?: () => void): () => void {
    let entry = this.listeners.get(eventId);
    if (!entry) {
      this.listeners.set(eventId, (entry = { listeners: new Set(), resyncs: new Set() }));
      this.redis.subscriber.subscribe(this.redis.keys.eventUpdates(eventId), this.onMessage).then(
        () => this.resync(eventId),
        () => undefined,
      );
    }
    const { listeners, resyncs } = entry;
    listeners.add(listener);
    if (onResync) resyncs.add(onResync);
    return () => {
      if (onResync) resyncs.delete(onResync);
      if (!listeners.delete(listener) || listeners.size > 0 || this.listeners.get(eventId) !== entry) return;
      this.listeners.delete(eventId);
      this.stopListening(eventId);
    };
  }

  async close(): Promise<void> {
    const eventIds = [...this.listeners.keys()];
    this.listeners.clear();
    for (const eventId of eventIds) this.stopListening(eventId);
  }

  private stopListening(eventId: string): void {
    this.redis.subscriber.unsubscribe(this.redis.keys.eventUpdates(eventId)).catch(() => undefined);
  }

  private readonly onMessage = (message: string): void => {
    let wire: WireState;
    try {
      wire = JSON.parse(message) as WireState;
    } catch {
      return;
    }
    if (typeof wire?.event_id !== 'string' || wire.origin === this.redis.instanceId) return;
    const { origin: _origin, ...state } = wire;
    if (!this.listeners.has(state.event_id)) return this.stopListening(state.event_id);
    this.deliver(state);
  };

  private resync(eventId: string): void {
    for (const onResync of this.listeners.get(eventId)?.resyncs ?? []) this.guarded(eventId, onResync);
  }

  private deliver(state: EventState): void {
    for (const listener of this.listeners.get(state.event_id)?.listeners ?? []) {
      this.guarded(state.event_id, () => listener(state));
    }
  }

  private guarded(eventId: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.error('an event listener failed', { event_id: eventId, ...describeError(error) });
    }
  }
}
