import { describeError, type Logger } from '../logger';
import type { Redis } from '../redis/client';

/**
 * One Redis pub/sub channel per key (a poll's, an event's), behind the buses' promises
 * (poll-bus.ts, event-bus.ts; docs/REALTIME.md, "Across instances"). This instance holds one
 * subscriber connection, subscribed to a key's channel while at least one local listener holds
 * the key. Local listeners get a message once: at once when published here (so they keep working
 * while Redis is away), and never again from its echo.
 */

/** What names the bus's key inside each message, and its log lines for a listener that throws. */
export type KeyedChannelsOptions<F extends string> = {
  /** The message's field that holds its key (`poll_id`), also the key's name in the log. */
  keyField: F;
  channel(key: string): string;
  /** The message as it travels, tagged with the instance that published it. */
  encode(wire: object): string;
  listenerFailed: string;
  resyncFailed: string;
};

type Entry<M> = { listeners: Set<(message: M) => void>; resyncs: Set<() => void> };

export class RedisKeyedChannels<M extends Record<F, string>, F extends string> {
  private readonly entries = new Map<string, Entry<M>>();

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly options: KeyedChannelsOptions<F>,
  ) {
    // A SUBSCRIBE lost to an outage is not replayed by the client; ask again for every key held here.
    redis.onSubscriberReady(() => {
      const keys = [...this.entries.keys()];
      if (keys.length === 0) return;
      // Whatever was published while the subscriber was away is lost: tell the listeners to re-read.
      redis.subscriber.subscribe(keys.map(options.channel), this.onMessage).then(
        () => keys.forEach((key) => this.resync(key)),
        () => undefined,
      );
    });
  }

  publish(message: M): void {
    this.deliver(message);
    const wire = this.options.encode({ ...message, origin: this.redis.instanceId });
    this.redis.send('publish', (client) => client.publish(this.options.channel(this.keyOf(message)), wire));
  }

  /**
   * Listens to one key; the returned function stops listening. `onResync` is called whenever
   * messages published before that moment may have been missed.
   */
  subscribe(key: string, listener: (message: M) => void, onResync?: () => void): () => void {
    let entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, (entry = { listeners: new Set(), resyncs: new Set() }));
      // Until Redis confirms the SUBSCRIBE, messages from other instances pass by unheard.
      this.redis.subscriber.subscribe(this.options.channel(key), this.onMessage).then(
        () => this.resync(key),
        () => undefined,
      );
    }
    const { listeners, resyncs } = entry;
    listeners.add(listener);
    if (onResync) resyncs.add(onResync);
    return () => {
      if (onResync) resyncs.delete(onResync);
      if (!listeners.delete(listener) || listeners.size > 0 || this.entries.get(key) !== entry) return;
      this.entries.delete(key);
      this.stopListening(key);
    };
  }

  /** Keys with at least one listener here; tests use it to prove nothing is left behind. */
  get listenedKeys(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    const keys = [...this.entries.keys()];
    this.entries.clear();
    for (const key of keys) this.stopListening(key);
  }

  private keyOf(message: M): string {
    return message[this.options.keyField];
  }

  private stopListening(key: string): void {
    this.redis.subscriber.unsubscribe(this.options.channel(key)).catch(() => undefined);
  }

  private readonly onMessage = (text: string): void => {
    let wire: { origin?: unknown; [field: string]: unknown } | null;
    try {
      wire = JSON.parse(text) as typeof wire;
    } catch {
      return;
    }
    if (typeof wire?.[this.options.keyField] !== 'string' || wire.origin === this.redis.instanceId) return;
    const { origin: _origin, ...rest } = wire;
    const message = rest as M;
    const key = this.keyOf(message);
    // A channel the client resubscribed after an outage, though nobody here listens to it any more.
    if (!this.entries.has(key)) return this.stopListening(key);
    this.deliver(message);
  };

  private resync(key: string): void {
    for (const onResync of this.entries.get(key)?.resyncs ?? []) {
      this.guarded(key, this.options.resyncFailed, onResync);
    }
  }

  private deliver(message: M): void {
    const key = this.keyOf(message);
    for (const listener of this.entries.get(key)?.listeners ?? []) {
      this.guarded(key, this.options.listenerFailed, () => listener(message));
    }
  }

  private guarded(key: string, failed: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.error(failed, { [this.options.keyField]: key, ...describeError(error) });
    }
  }
}
