import { afterAll, describe, expect, it } from 'vitest';
import type { PollWithOptions } from '../../domain/polls';
import type { Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import type { PollCache } from './poll-cache';
import { MemoryPollCache } from './poll-cache.memory';
import { RedisPollCache } from './poll-cache.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });

let n = 0;
function pollAt(seq: number, counts: [number, number]): PollWithOptions {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: 'Lunch?',
    description: null,
    kind: 'choice',
    filter_profanity: false,
    category: 'food',
    created_at: '2026-11-25T12:00:00.000Z',
    expires_at: null,
    is_active: true,
    total_votes: counts[0] + counts[1],
    voter_identity: 'address',
    max_choices: 1,
    code: 'ABC234',
    listed: false,
    results_visibility: 'always',
    seq,
    revision: 0,
    options: [
      { id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`, option_text: 'Pizza', vote_count: counts[0] },
      { id: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`, option_text: 'Sushi', vote_count: counts[1] },
    ],
  };
}

const countsOf = (poll: PollWithOptions, a: number, b: number) => ({
  total_votes: a + b,
  options: [
    { id: poll.options[0]!.id, count: a },
    { id: poll.options[1]!.id, count: b },
  ],
});

function pollCacheBehaviour(make: () => Promise<PollCache>) {
  it('has nothing for a poll it was never given', async () => {
    const cache = await make();
    expect(await cache.get(pollAt(1, [0, 0]).id)).toBeUndefined();
  });

  it('gives back a poll’s texts and its counts with the seq they were committed at', async () => {
    const cache = await make();
    const poll = pollAt(4, [2, 3]);
    cache.put(poll);
    expect(await cache.get(poll.id)).toEqual({
      content: {
        id: poll.id,
        title: 'Lunch?',
        description: null,
        kind: 'choice',
        filter_profanity: false,
        category: 'food',
        created_at: poll.created_at,
        voter_identity: 'address',
        max_choices: 1,
        code: 'ABC234',
        revision: 0,
        options: poll.options.map(({ id, option_text }) => ({ id, option_text })),
      },
      seq: 4,
      counts: countsOf(poll, 2, 3),
    });
  });

  it('takes newer committed counts and ignores older ones arriving late', async () => {
    const cache = await make();
    const poll = pollAt(4, [2, 3]);
    cache.put(poll);
    cache.update({ pollId: poll.id, seq: 6, counts: countsOf(poll, 4, 3) });
    cache.update({ pollId: poll.id, seq: 5, counts: countsOf(poll, 3, 3) });
    const cached = await cache.get(poll.id);
    expect(cached?.seq).toBe(6);
    expect(cached?.counts).toEqual(countsOf(poll, 4, 3));
  });

  it('forgets a poll', async () => {
    const cache = await make();
    const poll = pollAt(1, [1, 0]);
    cache.put(poll);
    cache.forget(poll.id);
    expect(await cache.get(poll.id)).toBeUndefined();
  });
}

describe('poll cache in memory (embedded mode)', () => {
  pollCacheBehaviour(async () => new MemoryPollCache());

  it('keeps only the most recently used polls beyond its bound', async () => {
    const cache = new MemoryPollCache(2);
    const [a, b, c] = [pollAt(1, [0, 0]), pollAt(1, [0, 0]), pollAt(1, [0, 0])];
    cache.put(a);
    cache.put(b);
    await cache.get(a.id);
    cache.put(c);
    expect(await cache.get(b.id)).toBeUndefined();
    expect(await cache.get(a.id)).toBeDefined();
    expect(await cache.get(c.id)).toBeDefined();
  });
});

describe.skipIf(!redisSuite.run)('poll cache in Redis (services mode)', () => {
  let redis: Redis;
  afterAll(async () => redis?.close());
  const open = async () => (redis ??= await openTestRedis(REDIS_TEST_URL));
  pollCacheBehaviour(async () => new RedisPollCache(await open()));

  it('keeps the counts in one hash per poll, as committed numbers, with an expiry', async () => {
    const cache = new RedisPollCache(await open());
    const poll = pollAt(7, [5, 1]);
    cache.put(poll);
    await cache.get(poll.id);
    const { keys, client } = redis;
    expect(await client.hGetAll(keys.counts(poll.id))).toEqual({
      seq: '7',
      total: '6',
      [poll.options[0]!.id]: '5',
      [poll.options[1]!.id]: '1',
    });
    expect(await client.pTTL(keys.counts(poll.id))).toBeGreaterThan(0);
  });

  it('treats a lost count as a miss, never as zero, and refills it from the next committed state', async () => {
    const cache = new RedisPollCache(await open());
    const poll = pollAt(3, [2, 2]);
    cache.put(poll);
    await redis.client.hDel(redis.keys.counts(poll.id), poll.options[1]!.id);
    expect(await cache.get(poll.id)).toBeUndefined();
    cache.put(poll);
    expect((await cache.get(poll.id))?.counts).toEqual(countsOf(poll, 2, 2));
  });

  it('misses (and the caller reads PostgreSQL) while Redis is unreachable', async () => {
    const away = await openTestRedis('redis://127.0.0.1:1', { connectWaitMs: 100 });
    try {
      const cache = new RedisPollCache(away);
      const poll = pollAt(1, [1, 1]);
      cache.put(poll);
      expect(await cache.get(poll.id)).toBeUndefined();
    } finally {
      await away.close();
    }
  });
});
