import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { openRedis, type Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis, ownRedisAvailability, startOwnRedis, type OwnRedis } from '../../../tests/support/redis';
import type { PollBus, PollUpdate } from './poll-bus';
import { MemoryPollBus } from './poll-bus.memory';
import { RedisPollBus } from './poll-bus.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });
const ownRedis = ownRedisAvailability();
const log = createLogger('silent');

let seq = 0;
const updateOf = (pollId: string): PollUpdate => ({
  poll_id: pollId,
  seq: ++seq,
  total_votes: seq,
  options: [{ id: 'o1', count: seq }],
  is_active: true,
  results_visibility: 'always',
  revision: 0,
  voted_option_ids: ['o1'],
});

function busBehaviour(make: () => Promise<PollBus>) {
  it('gives an update to every listener of its poll, once, and to no other poll’s', async () => {
    const bus = await make();
    const seen: string[] = [];
    const stopA = bus.subscribe('poll-a', (u) => seen.push(`a1:${u.seq}`));
    const stopB = bus.subscribe('poll-a', (u) => seen.push(`a2:${u.seq}`));
    const stopC = bus.subscribe('poll-b', (u) => seen.push(`b:${u.seq}`));
    const update = updateOf('poll-a');
    bus.publish(update);
    expect(seen.sort()).toEqual([`a1:${update.seq}`, `a2:${update.seq}`]);
    stopA();
    stopB();
    stopC();
  });

  it('stops giving updates to a listener that left', async () => {
    const bus = await make();
    const seen: number[] = [];
    const stop = bus.subscribe('poll-c', (u) => seen.push(u.seq));
    stop();
    bus.publish(updateOf('poll-c'));
    expect(seen).toEqual([]);
  });
}

describe('poll bus in process (embedded mode)', () => busBehaviour(async () => new MemoryPollBus()));

describe.skipIf(!redisSuite.run)('poll bus through Redis (services mode)', () => {
  const opened: { redis: Redis; bus: RedisPollBus }[] = [];
  afterAll(async () => {
    for (const { bus, redis } of opened) {
      await bus.close();
      await redis.close();
    }
  });

  /** Instances on one Redis under one key prefix; the first one's close deletes the keys. */
  const instances = async (count: number) => {
    const first = await openTestRedis(REDIS_TEST_URL);
    const all = [first];
    for (let i = 1; i < count; i++)
      all.push(await openRedis({ url: REDIS_TEST_URL, keyPrefix: first.keys.prefix, log }));
    const made = all.map((redis) => ({ redis, bus: new RedisPollBus(redis, log) }));
    opened.push(...made);
    return made;
  };

  busBehaviour(async () => (await instances(1))[0]!.bus);

  const subscriptions = async (redis: Redis, pollId: string) => {
    const counts = await redis.client.pubSubNumSub(redis.keys.updates(pollId));
    return Number(Object.values(counts)[0]);
  };

  it('carries an update to the other instance, and the publisher’s own listeners get it exactly once', async () => {
    const [a, b] = await instances(2);
    const onA: number[] = [];
    const onB: number[] = [];
    a!.bus.subscribe('poll-d', (u) => onA.push(u.seq));
    b!.bus.subscribe('poll-d', (u) => onB.push(u.seq));
    await expect
      .poll(async () => (await subscriptions(a!.redis, 'poll-d')) === 2, {
        timeout: 10_000,
        interval: 20,
        message: 'both instances subscribed',
      })
      .toBe(true);
    const first = updateOf('poll-d');
    a!.bus.publish(first);
    expect(onA).toEqual([first.seq]);
    await expect
      .poll(() => onB.length === 1, { timeout: 10_000, interval: 20, message: 'B got the update' })
      .toBe(true);
    // B's answer reaches A after A's own echo (one connection, in order): by then the echo was dropped.
    const reply = updateOf('poll-d');
    b!.bus.publish(reply);
    await expect
      .poll(() => onA.length === 2, { timeout: 10_000, interval: 20, message: 'A got B’s update' })
      .toBe(true);
    expect(onA).toEqual([first.seq, reply.seq]);
    expect(onB).toEqual([first.seq, reply.seq]);
  });

  it('subscribes a poll’s channel while someone here watches it, and unsubscribes when the last one leaves', async () => {
    const [a] = await instances(1);
    const stops = [1, 2, 3].map(() => a!.bus.subscribe('poll-e', () => undefined));
    await expect
      .poll(async () => (await subscriptions(a!.redis, 'poll-e')) === 1, {
        timeout: 10_000,
        interval: 20,
        message: 'subscribed once',
      })
      .toBe(true);
    stops[0]!();
    stops[1]!();
    expect(await subscriptions(a!.redis, 'poll-e')).toBe(1);
    stops[2]!();
    await expect
      .poll(async () => (await subscriptions(a!.redis, 'poll-e')) === 0, {
        timeout: 10_000,
        interval: 20,
        message: 'unsubscribed',
      })
      .toBe(true);
    expect(a!.bus.activePolls).toBe(0);
  });

  it('holds one command and one subscriber connection however many polls and listeners it has', async () => {
    const [a] = await instances(1);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 3; j++) a!.bus.subscribe(`poll-f${i}`, () => undefined);
    for (let i = 0; i < 30; i++) a!.bus.publish(updateOf(`poll-f${i}`));
    await expect
      .poll(async () => (await subscriptions(a!.redis, 'poll-f29')) === 1, {
        timeout: 10_000,
        interval: 20,
        message: '30 channels subscribed',
      })
      .toBe(true);
    const list = await a!.redis.client.clientList();
    expect(list.filter((c) => c.name.startsWith(`pollcast:${a!.redis.instanceId}`)).length).toBe(2);
  });
});

describe.skipIf(!ownRedis.run)('poll bus through a Redis that goes away (own redis-server)', () => {
  let own: OwnRedis;
  const opened: { redis: Redis; bus: RedisPollBus }[] = [];
  beforeAll(async () => {
    own = await startOwnRedis();
  });
  afterEach(async () => {
    for (const { bus, redis } of opened.splice(0)) {
      await bus.close();
      await redis.close();
    }
  });
  afterAll(async () => own?.stop());

  const instance = async () => {
    const redis = await openRedis({ url: own.url, log });
    const made = { redis, bus: new RedisPollBus(redis, log) };
    opened.push(made);
    return made;
  };

  it('keeps giving updates to local listeners while Redis is down, and carries them again once it is back', async () => {
    const a = await instance();
    const b = await instance();
    const onA: number[] = [];
    const onB: number[] = [];
    a.bus.subscribe('poll-g', (u) => onA.push(u.seq));
    b.bus.subscribe('poll-g', (u) => onB.push(u.seq));
    await own.signal('SIGKILL');
    const during = updateOf('poll-g');
    a.bus.publish(during);
    expect(onA).toEqual([during.seq]);
    // A viewer who arrives while Redis is down is subscribed once it is back.
    const lateOnB: number[] = [];
    b.bus.subscribe('poll-h', (u) => lateOnB.push(u.seq));
    await own.restart();
    const subscribers = async (pollId: string) => {
      const counts = await a.redis.client.pubSubNumSub(a.redis.keys.updates(pollId)).catch(() => ({ x: 0 }));
      return Number(Object.values(counts)[0]);
    };
    await expect
      .poll(async () => (await subscribers('poll-g')) === 2 && (await subscribers('poll-h')) === 1, {
        timeout: 10_000,
        interval: 20,
        message: 'all resubscribed',
      })
      .toBe(true);
    const after = updateOf('poll-g');
    a.bus.publish(after);
    const late = updateOf('poll-h');
    a.bus.publish(late);
    await expect
      .poll(() => onB.includes(after.seq) && lateOnB.includes(late.seq), {
        timeout: 10_000,
        interval: 20,
        message: 'B got both updates after the restart',
      })
      .toBe(true);
    expect(onA).toEqual([during.seq, after.seq]);
  });
});
