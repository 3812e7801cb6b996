import { jsonWithResults } from '../../kinds/results-json';
import type { Logger } from '../../logger';
import type { Redis } from '../../redis/client';
import { RedisKeyedChannels } from '../keyed-channels.redis';
import type { PollBus, PollUpdate } from './poll-bus';

/**
 * The poll bus across instances (docs/REALTIME.md, "Across instances"): updates are published
 * on `poll:{id}:updates`, subscribed to while a local listener watches the poll
 * (keyed-channels.redis.ts).
 */
export class RedisPollBus extends RedisKeyedChannels<PollUpdate, 'poll_id'> implements PollBus {
  constructor(redis: Redis, log: Logger) {
    super(redis, log, {
      keyField: 'poll_id',
      channel: redis.keys.updates,
      // A ranked or text poll's results go as the text its vote answers at this seq already wrote.
      encode: jsonWithResults,
      listenerFailed: 'a poll update listener failed',
      resyncFailed: 'a poll resync listener failed',
    });
  }

  /** Polls with at least one listener here; tests use it to prove nothing is left behind. */
  get activePolls(): number {
    return this.listenedKeys;
  }
}
