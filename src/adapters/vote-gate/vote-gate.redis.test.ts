import { afterAll, describe, expect, it } from 'vitest';
import { RedisKnownVoters } from '../known-voters/known-voters.redis';
import { createLogger } from '../../logger';
import { openRedis, type Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import { RedisRateLimiter } from '../rate-limiter/rate-limiter.redis';
import { RedisVoteGate } from './vote-gate.redis';
import type { GateQuestion } from './vote-gate';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });

describe.skipIf(!redisSuite.run)('the vote gate in Redis: limits and duplicate hint, one call per turn', () => {
  const opened: Redis[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((redis) => redis.close()));
  });

  const gateOn = (redis: Redis, perVoter: number, perAddress: number) => {
    const votes = new RedisRateLimiter(redis, redis.keys.voteRate, perVoter);
    const addresses = new RedisRateLimiter(redis, redis.keys.addressVoteRate, perAddress);
    return { gate: new RedisVoteGate(redis, votes, addresses), votes, addresses };
  };
  const question = (voterKey: string, addressBucket?: string, pollId = 'poll-g'): GateQuestion => ({
    voterBucket: voterKey,
    addressBucket,
    pollId,
    voterKey,
  });

  it('answers a turn of votes in one Redis call, each as the separate limits and hint would', async () => {
    const redis = await openTestRedis(REDIS_TEST_URL);
    opened.push(redis);
    const { gate } = gateOn(redis, 2, 3);
    new RedisKnownVoters(redis).add('poll-g', ['a:10.2.0.9']);
    await redis.client.ping();
    const before = Number((await redis.client.info('commandstats')).match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);

    // One turn: the same voter three times, browsers behind one address four times, a known voter.
    const answers = await Promise.all([
      gate.check(question('a:10.2.0.1')),
      gate.check(question('a:10.2.0.1')),
      gate.check(question('a:10.2.0.1')),
      ...['b:1', 'b:2', 'b:3', 'b:4'].map((browser) => gate.check(question(browser, '10.2.0.2'))),
      gate.check(question('a:10.2.0.9')),
    ]);
    const after = Number((await redis.client.info('commandstats')).match(/cmdstat_evalsha:calls=(\d+)/)?.[1] ?? 0);
    // Other suites may share this Redis; at least this turn was one script call, not eight or sixteen.
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBeLessThan(8);

    expect(answers.map((a) => a.voter.allowed)).toEqual([true, true, false, true, true, true, true, true]);
    const refused = answers[2]?.voter;
    expect(refused?.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused?.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The address is counted only where the poll counts browsers: three allowed, the fourth refused.
    expect(answers.map((a) => a.address.allowed)).toEqual([true, true, true, true, true, true, false, true]);
    expect(answers.map((a) => a.known)).toEqual([false, false, false, false, false, false, false, true]);
    expect(await redis.client.pTTL(redis.keys.voteRate('a:10.2.0.1'))).toBeGreaterThan(0);
    expect(await redis.client.pTTL(redis.keys.addressVoteRate('10.2.0.2'))).toBeGreaterThan(0);
    // Polls that count addresses leave the address window alone.
    expect(await redis.client.exists(redis.keys.addressVoteRate('10.2.0.1'))).toBe(0);
  });

  it('keeps counting across turns and instances against one window', async () => {
    const first = await openTestRedis(REDIS_TEST_URL);
    const second = await openRedis({ url: REDIS_TEST_URL, keyPrefix: first.keys.prefix, log: createLogger('silent') });
    opened.push(first, second);
    const a = gateOn(first, 2, 10).gate;
    const b = gateOn(second, 2, 10).gate;
    expect((await a.check(question('a:10.2.1.1'))).voter.allowed).toBe(true);
    expect((await b.check(question('a:10.2.1.1'))).voter.allowed).toBe(true);
    expect((await a.check(question('a:10.2.1.1'))).voter.allowed).toBe(false);
  });

  it('falls back to the in-process limits and "cannot tell" while Redis is unreachable', async () => {
    const away = await openRedis({ url: 'redis://127.0.0.1:1', log: createLogger('silent'), connectWaitMs: 100 });
    const { gate, votes, addresses } = gateOn(away, 2, 1);
    try {
      const answers = await Promise.all([
        gate.check(question('b:1', '10.2.2.1')),
        gate.check(question('b:1', '10.2.2.1')),
        gate.check(question('b:1', '10.2.2.1')),
      ]);
      expect(answers.map((a) => a.voter.allowed)).toEqual([true, true, false]);
      expect(answers.map((a) => a.address.allowed)).toEqual([true, false, false]);
      expect(answers.every((a) => !a.known)).toBe(true);
    } finally {
      votes.close();
      addresses.close();
      await away.close();
    }
  });
});
