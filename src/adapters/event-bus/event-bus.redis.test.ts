import { afterAll, describe, expect, it } from 'vitest';
import type { EventState } from '../../domain/events';
import { createLogger } from '../../logger';
import { openRedis, type Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import type { EventBus } from './event-bus';
import { MemoryEventBus } from './event-bus.memory';
import { RedisEventBus } from './event-bus.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });
const log = createLogger('silent');

let seq = 0;
const stateOf = (eventId: string): EventState => ({
  event_id: eventId,
  seq: ++seq,
  current: 0,
  ended: false,
  question_count: 1,
  question: null,
});

function busBehaviour(make: () => Promise<EventBus>) {
  it('gives a change to every listener of its event, once, and to no other event’s; none after leaving', async () => {
    const bus = await make();
    const seen: string[] = [];
    const stopA = bus.subscribe('event-a', (s) => seen.push(`a1:${s.seq}`));
    const stopB = bus.subscribe('event-a', (s) => seen.push(`a2:${s.seq}`));
    const stopC = bus.subscribe('event-b', (s) => seen.push(`b:${s.seq}`));
    const state = stateOf('event-a');
    bus.publish(state);
    expect(seen.sort()).toEqual([`a1:${state.seq}`, `a2:${state.seq}`]);
    stopA();
    stopB();
    stopC();
    bus.publish(stateOf('event-a'));
    expect(seen).toHaveLength(2);
  });
}

describe('event bus in process (embedded mode)', () => busBehaviour(async () => new MemoryEventBus()));

describe.skipIf(!redisSuite.run)('event bus through Redis (services mode)', () => {
  const opened: { redis: Redis; bus: RedisEventBus }[] = [];
  afterAll(async () => {
    for (const { bus, redis } of opened) {
      await bus.close();
      await redis.close();
    }
  });

  /** Instances on one Redis under one key prefix of their own. */
  const instances = async (count: number) => {
    const first = await openTestRedis(REDIS_TEST_URL);
    const all = [first];
    for (let i = 1; i < count; i++)
      all.push(await openRedis({ url: REDIS_TEST_URL, keyPrefix: first.keys.prefix, log }));
    const made = all.map((redis) => ({ redis, bus: new RedisEventBus(redis, log) }));
    opened.push(...made);
    return made;
  };

  busBehaviour(async () => (await instances(1))[0]!.bus);

  const subscriptions = async (redis: Redis, eventId: string) =>
    Number(Object.values(await redis.client.pubSubNumSub(redis.keys.eventUpdates(eventId)))[0]);

  it('carries a change to the other instance, the publisher’s listeners getting it once, and unsubscribes', async () => {
    const [a, b] = await instances(2);
    const onA: number[] = [];
    const onB: number[] = [];
    const resyncs: string[] = [];
    a!.bus.subscribe('event-c', (s) => onA.push(s.seq));
    const stopB = b!.bus.subscribe(
      'event-c',
      (s) => onB.push(s.seq),
      () => resyncs.push('b'),
    );
    await expect.poll(() => subscriptions(a!.redis, 'event-c'), { timeout: 10_000, interval: 20 }).toBe(2);
    await expect.poll(() => resyncs, { timeout: 10_000, interval: 20 }).toContain('b');
    const state = stateOf('event-c');
    a!.bus.publish(state);
    expect(onA).toEqual([state.seq]);
    await expect.poll(() => onB, { timeout: 10_000, interval: 20 }).toEqual([state.seq]);
    expect(onA).toEqual([state.seq]);
    stopB();
    await expect.poll(() => subscriptions(a!.redis, 'event-c'), { timeout: 10_000, interval: 20 }).toBe(1);
  });
});
