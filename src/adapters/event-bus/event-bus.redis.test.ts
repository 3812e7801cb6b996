import type { EventState } from '../../domain/events';
import { busSuite } from '../../../tests/support/bus-suite';
import { MemoryEventBus } from './event-bus.memory';
import { RedisEventBus } from './event-bus.redis';

let seq = 0;

await busSuite<EventState>({
  key: 'event',
  message: 'change',
  memory: () => new MemoryEventBus(),
  redis: (redis, log) => new RedisEventBus(redis, log),
  channel: (redis, eventId) => redis.keys.eventUpdates(eventId),
  messageOf: (eventId) => ({
    event_id: eventId,
    seq: ++seq,
    current: 0,
    ended: false,
    question_count: 1,
    question: null,
  }),
});
