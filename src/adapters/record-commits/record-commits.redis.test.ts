import { afterAll, describe, expect, it } from 'vitest';
import { TRENDING } from '../../domain/trending';
import type { Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import type { CommittedPoll } from '../../domain/polls';
import { recordCommitsInRedis } from './record-commits.redis';
import { RedisKnownVoters } from '../known-voters/known-voters.redis';
import { RedisPollCache } from '../poll-cache/poll-cache.redis';
import { RedisTrendingBoard } from '../trending-board/trending-board.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });

const change = (pollId: string, seq: number, counts: number[], voterKeys: string[]): CommittedPoll => ({
  pollId,
  seq,
  counts: {
    total_votes: counts.reduce((a, b) => a + b, 0),
    options: counts.map((count, i) => ({ id: `${pollId}-o${i}`, count })),
  },
  resultsVisibility: 'always',
  listed: true,
  kind: 'choice',
  revision: 0,
  votedOptionIds: [],
  optionDeltas: {},
  added: voterKeys.length,
  voterKeys,
  rankings: [],
  answerGroups: [],
});

/** Every key of a prefix with its value (sets sorted, sorted sets with scores), and whether it expires. */
async function snapshot(redis: Redis): Promise<Record<string, unknown>> {
  const { prefix } = redis.keys;
  const keys = (await redis.client.keys(`${prefix}*`)).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const name = key.slice(prefix.length);
    const type = await redis.client.type(key);
    const expires = (await redis.client.pTTL(key)) > 0;
    if (type === 'set') out[name] = { members: (await redis.client.sMembers(key)).sort(), expires };
    else if (type === 'hash') out[name] = { fields: await redis.client.hGetAll(key), expires };
    // Scores move with the clock between the two runs: compared to three decimals.
    else if (type === 'zset')
      out[name] = (await redis.client.zRangeWithScores(key, 0, -1)).map(({ value, score }) => ({
        value,
        score: Math.round(score * 1000) / 1000,
      }));
    else if (name.endsWith('epoch')) out[name] = 'epoch';
    else out[name] = { value: await redis.client.get(key), expires };
  }
  return out;
}

describe.skipIf(!redisSuite.run)('a committed batch recorded in Redis in one call', () => {
  const opened: Redis[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((redis) => redis.close()));
  });
  const fresh = async () => {
    const redis = await openTestRedis(REDIS_TEST_URL);
    opened.push(redis);
    // A warm trending board, as after PostgreSQL filled it.
    await new RedisTrendingBoard(redis).fill({ epochMs: Date.now() - TRENDING.halfLifeMs, scores: [] });
    return redis;
  };
  /** The writes the separate classes make, poll by poll: what the one script must equal. */
  const separately = (redis: Redis, changes: CommittedPoll[]) => {
    const voters = new RedisKnownVoters(redis);
    const cache = new RedisPollCache(redis);
    const trending = new RedisTrendingBoard(redis);
    for (const c of changes) {
      voters.add(c.pollId, c.voterKeys);
      cache.update(c);
      trending.record(c.pollId, c.added);
    }
  };

  it('leaves Redis as the separate writes of counters, voters sets and trending would', async () => {
    const batches = [
      [change('p1', 4, [3, 0, 1], ['a:1', 'a:2']), change('p2', 9, [5, 5], ['b:x'])],
      // A later batch, then one whose seq is older than what is stored: the older is dropped.
      [change('p1', 5, [3, 1, 1], ['a:3'])],
      [change('p1', 3, [1, 0, 1], ['a:4'])],
    ];
    const one = await fresh();
    const many = await fresh();
    for (const batch of batches) {
      recordCommitsInRedis(one, batch);
      separately(many, batch);
    }
    await Promise.all([one.client.ping(), many.client.ping()]);

    const recorded = await snapshot(one);
    expect(recorded).toEqual(await snapshot(many));
    expect(recorded['poll:p1:counts']).toEqual({
      fields: { seq: '5', total: '5', 'p1-o0': '3', 'p1-o1': '1', 'p1-o2': '1' },
      expires: true,
    });
    expect(recorded['poll:p1:voters']).toEqual({ members: ['a:1', 'a:2', 'a:3', 'a:4'], expires: true });
    const scores = recorded['trending_polls'] as { value: string; score: number }[];
    // p1: 4 votes, p2: 1, each weighed 2 against the board's epoch an hour back.
    expect(scores.map((s) => s.value)).toEqual(['p2', 'p1']);
    expect(scores[1]?.score).toBeCloseTo(8, 2);
  });

  it('writes every counter again when one went missing, even from an older batch', async () => {
    const redis = await fresh();
    recordCommitsInRedis(redis, [change('p3', 7, [2, 2], ['a:1'])]);
    await redis.client.ping();
    await redis.client.hDel(redis.keys.counts('p3'), 'p3-o1');
    recordCommitsInRedis(redis, [change('p3', 6, [2, 1], [])]);
    await redis.client.ping();
    expect(await redis.client.hmGet(redis.keys.counts('p3'), ['seq', 'p3-o1'])).toEqual(['6', '1']);
  });

  it('adds nothing to a cold trending board: PostgreSQL fills it whole', async () => {
    const redis = await openTestRedis(REDIS_TEST_URL);
    opened.push(redis);
    recordCommitsInRedis(redis, [change('p4', 1, [1], ['a:1'])]);
    await redis.client.ping();
    expect(await redis.client.exists(redis.keys.trending)).toBe(0);
    expect(await redis.client.sIsMember(redis.keys.voters('p4'), 'a:1')).toBe(1);
  });
});
