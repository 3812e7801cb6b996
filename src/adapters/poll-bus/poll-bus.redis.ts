import { jsonWithResults } from '../../kinds/results-json';
import { describeError, type Logger } from '../../logger';
import type { Redis } from '../../redis/client';
import type { PollBus, PollUpdate, PollUpdateListener } from './poll-bus';

/**
 * The poll bus across instances (docs/REALTIME.md, "Across instances"): updates are published
 * on `poll:{id}:updates` and this instance holds one subscriber connection, subscribed to a
 * poll's channel while at least one local listener watches that poll. Local listeners get an
 * update once: at once when published here (so they keep working while Redis is away), and
 * never again from its echo.
 */

/** A PollUpdate as it travels through Redis: tagged with the instance that published it. */
type WireUpdate = PollUpdate & { origin: string };

export class RedisPollBus implements PollBus {
  private readonly listeners = new Map<string, Set<PollUpdateListener>>();
  /** Who wants to hear when a poll's channel is (again) confirmed subscribed. */
  private readonly resyncs = new Map<string, Set<() => void>>();

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {
    // A SUBSCRIBE lost to an outage is not replayed by the client; ask again for every watched poll.
    redis.onSubscriberReady(() => {
      const pollIds = [...this.listeners.keys()];
      if (pollIds.length === 0) return;
      const channels = pollIds.map((pollId) => redis.keys.updates(pollId));
      // Whatever was published while the subscriber was away is lost: tell the listeners to re-read.
      redis.subscriber.subscribe(channels, this.onMessage).then(
        () => pollIds.forEach((pollId) => this.resync(pollId)),
        () => undefined,
      );
    });
  }

  publish(update: PollUpdate): void {
    this.deliver(update);
    // A ranked or text poll's results go as the text its vote answers at this seq already wrote.
    const wire: WireUpdate = { ...update, origin: this.redis.instanceId };
    const message = jsonWithResults(wire);
    this.redis.send('publish', (client) => client.publish(this.redis.keys.updates(update.poll_id), message));
  }

  subscribe(pollId: string, listener: PollUpdateListener, onResync?: () => void): () => void {
    let listeners = this.listeners.get(pollId);
    let resyncs = this.resyncs.get(pollId);
    if (!listeners || !resyncs) {
      this.listeners.set(pollId, (listeners = new Set()));
      this.resyncs.set(pollId, (resyncs = new Set()));
      // Until Redis confirms the SUBSCRIBE, updates from other instances pass by unheard.
      this.redis.subscriber.subscribe(this.redis.keys.updates(pollId), this.onMessage).then(
        () => this.resync(pollId),
        () => undefined,
      );
    }
    listeners.add(listener);
    if (onResync) resyncs.add(onResync);
    return () => {
      if (onResync) resyncs.delete(onResync);
      if (!listeners.delete(listener) || listeners.size > 0 || this.listeners.get(pollId) !== listeners) return;
      this.listeners.delete(pollId);
      this.resyncs.delete(pollId);
      this.stopListening(pollId);
    };
  }

  /** Polls with at least one listener here; tests use it to prove nothing is left behind. */
  get activePolls(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    const pollIds = [...this.listeners.keys()];
    this.listeners.clear();
    this.resyncs.clear();
    for (const pollId of pollIds) this.stopListening(pollId);
  }

  private stopListening(pollId: string): void {
    this.redis.subscriber.unsubscribe(this.redis.keys.updates(pollId)).catch(() => undefined);
  }

  private readonly onMessage = (message: string): void => {
    let wire: WireUpdate;
    try {
      wire = JSON.parse(message) as WireUpdate;
    } catch {
      return;
    }
    if (typeof wire?.poll_id !== 'string' || wire.origin === this.redis.instanceId) return;
    const { origin: _origin, ...update } = wire;
    // A channel the client resubscribed after an outage, though nobody here watches it any more.
    if (!this.listeners.has(update.poll_id)) return this.stopListening(update.poll_id);
    this.deliver(update);
  };

  private resync(pollId: string): void {
    for (const onResync of this.resyncs.get(pollId) ?? []) {
      try {
        onResync();
      } catch (error) {
        this.log.error('a poll resync listener failed', { poll_id: pollId, ...describeError(error) });
      }
    }
  }

  private deliver(update: PollUpdate): void {
    const listeners = this.listeners.get(update.poll_id);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(update);
      } catch (error) {
        this.log.error('a poll update listener failed', { poll_id: update.poll_id, ...describeError(error) });
      }
    }
  }
}
