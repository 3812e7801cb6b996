import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  freshStore,
  REDIS_TEST_URL,
  servicesAvailability,
  startInstance,
  type Store,
  type TestServer,
} from '../support/harness';
import { openSocketViewer, openSseViewer, type SocketViewer, type SseViewer } from '../support/live-viewers';
import { startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { testRedisClient } from '../support/redis';

/**
 * "Watching now" across instances on one PostgreSQL and one Redis: each instance reports its
 * viewers of a poll to Redis once a second with a deadline, and every frame carries the sum.
 * The instance that dies here is a real server.ts process killed with SIGKILL, so nothing of
 * its own shutdown runs: only the deadline can take it out of the count.
 */

const services = await servicesAvailability({ postgres: true, redis: true });

type Poll = { id: string; options: { id: string }[] };

const lastCount = (messages: Record<string, any>[]): number | undefined => messages.at(-1)?.viewers;
const sseCount = (viewer: SseViewer) => lastCount(viewer.events.map((event) => JSON.parse(event.data)));
const socketCount = (socket: SocketViewer, pollId: string) =>
  lastCount(socket.messages.filter((m) => m.poll_id === pollId && typeof m.viewers === 'number'));

describe.skipIf(!services.run)('watching now across instances', () => {
  let store: Store;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    store = await freshStore('services', { redisUrl: REDIS_TEST_URL });
    [a, b] = await Promise.all([startInstance(store), startInstance(store)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.drop();
  });

  const createPoll = async (): Promise<Poll> => {
    const reply = await client(a.url)('POST', '/api/polls', { json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] } });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  /** This poll's reports in Redis: instance id → `{count} {deadline}`. */
  const reports = async (poll: Poll): Promise<Record<string, string>> => {
    const redis = await testRedisClient(REDIS_TEST_URL);
    try {
      return await redis.hGetAll(`${store.redis!.prefix}poll:${poll.id}:viewers`);
    } finally {
      redis.destroy();
    }
  };

  it('counts the SSE and WebSocket viewers of every instance in the frames of each', async () => {
    const poll = await createPoll();
    const onA = await Promise.all([openSseViewer(a.url, poll.id), openSseViewer(a.url, poll.id)]);
    const onB = await openSocketViewer(b.url);
    onB.send({ type: 'subscribe', poll_id: poll.id });
    const counts = () => [...onA.map(sseCount), socketCount(onB, poll.id)];
    await expect.poll(counts, { timeout: 10_000 }).toEqual([3, 3, 3]);
    expect(Object.keys(await reports(poll))).toHaveLength(2);

    onA[0]!.close();
    await expect.poll(() => [sseCount(onA[1]!), socketCount(onB, poll.id)], { timeout: 10_000 }).toEqual([2, 2]);

    // An instance whose last viewer left withdraws its report at once, without waiting for its deadline.
    onB.send({ type: 'unsubscribe', poll_id: poll.id });
    await expect.poll(async () => Object.keys(await reports(poll)), { timeout: 1_000 }).toHaveLength(1);
    await expect.poll(() => sseCount(onA[1]!), { timeout: 10_000 }).toBe(1);

    onA[1]!.close();
    await onB.close();
    await expect.poll(() => reports(poll), { timeout: 5_000 }).toEqual({});
  });

  describe('with an instance that dies', () => {
    let doomed: PollcastProcess | undefined;
    afterAll(async () => {
      await doomed?.stop();
    });

    it('drops the viewers of an instance killed without its shutdown within a few seconds', async () => {
      doomed = await startPollcastProcess({
        env: { DATABASE_URL: store.url!, REDIS_URL: store.redis!.url, REDIS_KEY_PREFIX: store.redis!.prefix },
      });
      const poll = await createPoll();
      const here = await openSseViewer(a.url, poll.id);
      const there = await Promise.all([1, 2].map(() => openSseViewer(doomed!.url, poll.id)));
      await expect.poll(() => [sseCount(here), ...there.map(sseCount)], { timeout: 10_000 }).toEqual([3, 3, 3]);

      expect(await doomed.signal('SIGKILL')).toBeNull();
      const killedAt = Date.now();
      expect(Object.keys(await reports(poll))).toHaveLength(2);
      await expect.poll(() => sseCount(here), { timeout: 10_000, interval: 50 }).toBe(1);
      // Its report held for 3 s after its last one, at most a second before the kill; then the next count.
      expect(Date.now() - killedAt).toBeLessThan(5_500);
      expect(Object.keys(await reports(poll))).toHaveLength(1);
      here.close();
    });
  });
});
