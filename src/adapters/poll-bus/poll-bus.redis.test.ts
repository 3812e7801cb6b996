import { busSuite } from '../../../tests/support/bus-suite';
import type { PollUpdate } from './poll-bus';
import { MemoryPollBus } from './poll-bus.memory';
import { RedisPollBus } from './poll-bus.redis';

let seq = 0;

await busSuite<PollUpdate>({
  key: 'poll',
  message: 'update',
  memory: () => new MemoryPollBus(),
  redis: (redis, log) => new RedisPollBus(redis, log),
  channel: (redis, pollId) => redis.keys.updates(pollId),
  messageOf: (pollId) => ({
    poll_id: pollId,
    seq: ++seq,
    total_votes: seq,
    options: [{ id: 'o1', count: seq }],
    is_active: true,
    results_visibility: 'always',
    revision: 0,
    voted_option_ids: ['o1'],
  }),
});
