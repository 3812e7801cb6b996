import type { EventState } from '../../domain/events';
import type { Logger } from '../../logger';
import type { Redis } from '../../redis/client';
import { RedisKeyedChannels } from '../keyed-channels.redis';
import type { EventBus } from './event-bus';

/**
 * The event bus across instances, as the poll bus does it: changes are published on
 * `event:{id}:updates`, subscribed to while a local listener follows the event
 * (keyed-channels.redis.ts).
 */
export class RedisEventBus extends RedisKeyedChannels<EventState, 'event_id'> implements EventBus {
  constructor(redis: Redis, log: Logger) {
    super(redis, log, {
      keyField: 'event_id',
      channel: redis.keys.eventUpdates,
      encode: JSON.stringify,
      listenerFailed: 'an event listener failed',
      resyncFailed: 'an event listener failed',
    });
  }
}
