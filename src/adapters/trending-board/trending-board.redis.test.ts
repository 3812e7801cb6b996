import { afterAll, describe, expect, it } from 'vitest';
import { TRENDING } from '../../domain/trending';
import type { Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import { RedisTrendingBoard } from './trending-board.redis';
import type { TrendingBoard } from './trending-board';
import { MemoryTrendingBoard } from './trending-board.memory';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });
const HOUR = TRENDING.halfLifeMs;

function trendingBehaviour(make: () => Promise<TrendingBoard>) {
  it('is cold until filled from PostgreSQL, and votes alone never warm it', async () => {
    const board = await make();
    board.record('a', 5);
    expect(await board.top(10)).toBeUndefined();
    await board.fill({ epochMs: Date.now(), scores: [] });
    expect(await board.top(10)).toEqual([]);
  });

  it('ranks polls by votes, a vote an hour old weighing half a fresh one', async () => {
    const board = await make();
    // "older" had 8 votes two hours ago (worth 2 now), "quiet" 1 vote an hour ago (worth 0.5).
    await board.fill({
      epochMs: Date.now(),
      scores: [
        { pollId: 'older', score: 8 * 2 ** -2 },
        { pollId: 'quiet', score: 2 ** -1 },
      ],
    });
    board.record('fresh', 3);
    board.record('quiet', 1);
    expect(await board.top(10)).toEqual(['fresh', 'older', 'quiet']);
    expect(await board.top(2)).toEqual(['fresh', 'older']);
  });

  it('is filled only once: a second snapshot does not overwrite votes counted since', async () => {
    const board = await make();
    await board.fill({ epochMs: Date.now(), scores: [{ pollId: 'a', score: 1 }] });
    board.record('b', 2);
    await board.fill({ epochMs: Date.now(), scores: [{ pollId: 'a', score: 10 }] });
    expect(await board.top(10)).toEqual(['b', 'a']);
  });

  it('forgets a deleted poll', async () => {
    const board = await make();
    await board.fill({ epochMs: Date.now(), scores: [{ pollId: 'gone', score: 5 }] });
    board.record('stays', 1);
    board.forget('gone');
    expect(await board.top(10)).toEqual(['stays']);
  });
}

describe('trending board in memory (embedded mode)', () => {
  trendingBehaviour(async () => new MemoryTrendingBoard());

  it('moves its epoch forward after a day, keeping the order and dropping polls nobody voted in for hours', async () => {
    let now = Date.UTC(2026, 10, 25);
    const board = new MemoryTrendingBoard(() => now);
    await board.fill({ epochMs: now, scores: [] });
    board.record('stale', 1);
    now += 15 * HOUR;
    board.record('steady', 1);
    now += 11 * HOUR;
    board.record('hot', 2);
    expect(await board.top(10)).toEqual(['hot', 'steady']);
  });
});

describe.skipIf(!redisSuite.run)('trending board in Redis (services mode)', () => {
  const opened: Redis[] = [];
  afterAll(async () => Promise.all(opened.map((redis) => redis.close())));
  const open = async () => {
    const redis = await openTestRedis(REDIS_TEST_URL);
    opened.push(redis);
    return redis;
  };
  trendingBehaviour(async () => new RedisTrendingBoard(await open()));

  it('keeps the sorted set trending_polls, and renormalises it when the epoch is a day old', async () => {
    const redis = await open();
    const board = new RedisTrendingBoard(redis);
    const dayAgo = Date.now() - 26 * HOUR;
    // As if filled 26 hours ago: "stale" was last voted then, "steady" 11 hours ago.
    await board.fill({
      epochMs: dayAgo,
      scores: [
        { pollId: 'stale', score: 1 },
        { pollId: 'steady', score: 2 ** 15 },
      ],
    });
    board.record('hot', 1);
    expect(await board.top(10)).toEqual(['hot', 'steady']);
    const epoch = Number(await redis.client.get(redis.keys.trendingEpoch));
    expect(Date.now() - epoch).toBeLessThan(HOUR);
    const hot = Number(await redis.client.zScore(redis.keys.trending, 'hot'));
    expect(hot).toBeGreaterThanOrEqual(1);
    expect(hot).toBeLessThan(2);
  });
});
