import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/logger';
import { openRedis, type Redis } from '../../src/redis/client';
import { REDIS_TEST_URL, servicesAvailability } from './harness';
import { openTestRedis, ownRedisAvailability, startOwnRedis, type OwnRedis } from './redis';

/**
 * The promises of a keyed bus (poll-bus.ts, event-bus.ts), run once per bus and twin: in
 * process, through the shared Redis, and through a Redis of its own that goes away.
 */

/** A bus as its tests reach it: messages carry a `seq` that grows with each one made. */
type Bus<M> = {
  publish(message: M): void;
  subscribe(key: string, listener: (message: M) => void, onResync?: () => void): () => void;
  close(): Promise<void>;
};

export type BusUnderTest<M extends { seq: number }> = {
  /** What the bus keys on and carries, as the tests' names say it: `poll`, `update`. */
  key: string;
  message: string;
  memory(): Bus<M>;
  redis(redis: Redis, log: Logger): Bus<M> & { readonly listenedKeys: number };
  /** The Redis channel of one key. */
  channel(redis: Redis, key: string): string;
  /** A new message for the key, its seq higher than any before. */
  messageOf(key: string): M;
};

const log = createLogger('silent');
const WAIT = { timeout: 10_000, interval: 20 };

export async function busSuite<M extends { seq: number }>(bus: BusUnderTest<M>): Promise<void> {
  const redisSuite = await servicesAvailability({ postgres: false, redis: true });
  const ownRedis = ownRedisAvailability();
  const { key, message, messageOf } = bus;
  const keyed = (name: string) => `${key}-${name}`;

  function inEitherMode(make: () => Promise<Bus<M>>) {
    it(`gives each ${message} to every listener of its ${key}, once, and to no other ${key}’s`, async () => {
      const made = await make();
      const seen: string[] = [];
      const stopA = made.subscribe(keyed('a'), (m) => seen.push(`a1:${m.seq}`));
      const stopB = made.subscribe(keyed('a'), (m) => seen.push(`a2:${m.seq}`));
      const stopC = made.subscribe(keyed('b'), (m) => seen.push(`b:${m.seq}`));
      const sent = messageOf(keyed('a'));
      made.publish(sent);
      expect(seen.sort()).toEqual([`a1:${sent.seq}`, `a2:${sent.seq}`]);
      stopA();
      stopB();
      stopC();
    });

    it(`stops giving ${message}s to a listener that left`, async () => {
      const made = await make();
      const seen: number[] = [];
      const stop = made.subscribe(keyed('c'), (m) => seen.push(m.seq));
      stop();
      made.publish(messageOf(keyed('c')));
      expect(seen).toEqual([]);
    });
  }

  describe(`${key} bus in process (embedded mode)`, () => inEitherMode(async () => bus.memory()));

  describe.skipIf(!redisSuite.run)(`${key} bus through Redis (services mode)`, () => {
    const opened: { redis: Redis; bus: Bus<M> }[] = [];
    afterAll(async () => {
      for (const made of opened) {
        await made.bus.close();
        await made.redis.close();
      }
    });

    /** Instances on one Redis under one key prefix; the first one's close deletes the keys. */
    const instances = async (count: number) => {
      const first = await openTestRedis(REDIS_TEST_URL);
      const all = [first];
      for (let i = 1; i < count; i++)
        all.push(await openRedis({ url: REDIS_TEST_URL, keyPrefix: first.keys.prefix, log }));
      const made = all.map((redis) => ({ redis, bus: bus.redis(redis, log) }));
      opened.push(...made);
      return made;
    };

    inEitherMode(async () => (await instances(1))[0]!.bus);

    const subscriptions = async (redis: Redis, name: string) =>
      Number(Object.values(await redis.client.pubSubNumSub(bus.channel(redis, keyed(name))))[0]);

    it(`carries each ${message} to the other instance, the publisher’s own listeners getting it exactly once`, async () => {
      const [a, b] = await instances(2);
      const onA: number[] = [];
      const onB: number[] = [];
      const resyncs: string[] = [];
      a!.bus.subscribe(keyed('d'), (m) => onA.push(m.seq));
      b!.bus.subscribe(
        keyed('d'),
        (m) => onB.push(m.seq),
        () => resyncs.push('b'),
      );
      await expect.poll(() => subscriptions(a!.redis, 'd'), WAIT).toBe(2);
      // Once the SUBSCRIBE is confirmed, the listener is told to read what it may have missed.
      await expect.poll(() => resyncs, WAIT).toContain('b');
      const first = messageOf(keyed('d'));
      a!.bus.publish(first);
      expect(onA).toEqual([first.seq]);
      await expect.poll(() => onB, WAIT).toEqual([first.seq]);
      // B's answer reaches A after A's own echo (one connection, in order): by then the echo was dropped.
      const reply = messageOf(keyed('d'));
      b!.bus.publish(reply);
      await expect.poll(() => onA, WAIT).toEqual([first.seq, reply.seq]);
      expect(onB).toEqual([first.seq, reply.seq]);
    });

    it(`subscribes one channel per ${key} while someone here listens, and unsubscribes when the last one leaves`, async () => {
      const [a] = await instances(1);
      const stops = [1, 2, 3].map(() => a!.bus.subscribe(keyed('e'), () => undefined));
      await expect.poll(() => subscriptions(a!.redis, 'e'), WAIT).toBe(1);
      stops[0]!();
      stops[1]!();
      expect(await subscriptions(a!.redis, 'e')).toBe(1);
      stops[2]!();
      await expect.poll(() => subscriptions(a!.redis, 'e'), WAIT).toBe(0);
      expect(a!.bus.listenedKeys).toBe(0);
    });

    it(`holds one command and one subscriber connection however many ${key}s and listeners it has`, async () => {
      const [a] = await instances(1);
      for (let i = 0; i < 30; i++) for (let j = 0; j < 3; j++) a!.bus.subscribe(keyed(`f${i}`), () => undefined);
      for (let i = 0; i < 30; i++) a!.bus.publish(messageOf(keyed(`f${i}`)));
      await expect.poll(() => subscriptions(a!.redis, 'f29'), WAIT).toBe(1);
      const list = await a!.redis.client.clientList();
      expect(list.filter((c) => c.name.startsWith(`pollcast:${a!.redis.instanceId}`)).length).toBe(2);
    });
  });

  describe.skipIf(!ownRedis.run)(`${key} bus through a Redis that goes away (own redis-server)`, () => {
    let own: OwnRedis;
    const opened: { redis: Redis; bus: Bus<M> }[] = [];
    beforeAll(async () => {
      own = await startOwnRedis();
    });
    afterEach(async () => {
      for (const made of opened.splice(0)) {
        await made.bus.close();
        await made.redis.close();
      }
    });
    afterAll(async () => own?.stop());

    const instance = async () => {
      const redis = await openRedis({ url: own.url, log });
      const made = { redis, bus: bus.redis(redis, log) };
      opened.push(made);
      return made;
    };

    it(`keeps giving ${message}s to local listeners while Redis is down, and carries them again once it is back`, async () => {
      const a = await instance();
      const b = await instance();
      const onA: number[] = [];
      const onB: number[] = [];
      let resyncsOnB = 0;
      a.bus.subscribe(keyed('g'), (m) => onA.push(m.seq));
      b.bus.subscribe(
        keyed('g'),
        (m) => onB.push(m.seq),
        () => resyncsOnB++,
      );
      await expect.poll(() => resyncsOnB, WAIT).toBe(1);
      await own.signal('SIGKILL');
      const during = messageOf(keyed('g'));
      a.bus.publish(during);
      expect(onA).toEqual([during.seq]);
      // A listener who arrives while Redis is down is subscribed once it is back.
      const lateOnB: number[] = [];
      b.bus.subscribe(keyed('h'), (m) => lateOnB.push(m.seq));
      await own.restart();
      const subscribers = async (name: string) => {
        const counts = await a.redis.client.pubSubNumSub(bus.channel(a.redis, keyed(name))).catch(() => ({ x: 0 }));
        return Number(Object.values(counts)[0]);
      };
      await expect
        .poll(async () => (await subscribers('g')) === 2 && (await subscribers('h')) === 1, {
          ...WAIT,
          message: 'all resubscribed',
        })
        .toBe(true);
      // What was published while B was cut off is lost to it: B is told to read afresh.
      await expect.poll(() => resyncsOnB, WAIT).toBeGreaterThan(1);
      const after = messageOf(keyed('g'));
      a.bus.publish(after);
      const late = messageOf(keyed('h'));
      a.bus.publish(late);
      await expect
        .poll(() => onB.includes(after.seq) && lateOnB.includes(late.seq), {
          ...WAIT,
          message: `B got both ${message}s after the restart`,
        })
        .toBe(true);
      expect(onA).toEqual([during.seq, after.seq]);
    });
  });
}
