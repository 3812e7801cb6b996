import { afterAll, describe, expect, it } from 'vitest';
import { openRedis, type Redis } from '../../redis/client';
import { createLogger } from '../../logger';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import { RedisRateLimiter } from './rate-limiter.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });

describe.skipIf(!redisSuite.run)('rate limit shared through Redis (services mode)', () => {
  const opened: Redis[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((redis) => redis.close()));
  });

  /** Two instances: two processes' worth of connections on one Redis, under one key prefix. */
  const twoInstances = async () => {
    const first = await openTestRedis(REDIS_TEST_URL);
    const second = await openRedis({ url: REDIS_TEST_URL, keyPrefix: first.keys.prefix, log: createLogger('silent') });
    opened.push(first, second);
    return [first, second] as const;
  };

  it('counts one voter’s votes on every instance against one limit, and says how long to wait', async () => {
    const [a, b] = await twoInstances();
    const onA = new RedisRateLimiter(a, a.keys.voteRate, 3);
    const onB = new RedisRateLimiter(b, b.keys.voteRate, 3);
    expect(await onA.consume('10.1.0.1')).toEqual({ allowed: true });
    expect(await onB.consume('10.1.0.1')).toEqual({ allowed: true });
    expect(await onA.consume('10.1.0.1')).toEqual({ allowed: true });
    const refused = await onB.consume('10.1.0.1');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await onB.consume('10.1.0.2')).toEqual({ allowed: true });
    expect(await a.client.pTTL(a.keys.voteRate('10.1.0.1'))).toBeGreaterThan(0);
    onA.close();
    onB.close();
  });

  it('gives a window left without an expiry one at its first refusal, so nobody is locked out for good', async () => {
    const [a] = await twoInstances();
    const limiter = new RedisRateLimiter(a, a.keys.voteRate, 3, 60_000);
    // As a key written by hand, or by a release that lost its expiry, would be.
    await a.client.set(a.keys.voteRate('10.1.3.1'), '2');
    expect(await limiter.consume('10.1.3.1')).toEqual({ allowed: true });
    expect(await a.client.pTTL(a.keys.voteRate('10.1.3.1'))).toBe(-1);
    expect(await limiter.consume('10.1.3.1')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    const ttl = await a.client.pTTL(a.keys.voteRate('10.1.3.1'));
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    limiter.close();
  });

  it('opens a new window when the old one ends', async () => {
    const [a] = await twoInstances();
    const limiter = new RedisRateLimiter(a, a.keys.voteRate, 1, 200);
    expect((await limiter.consume('10.1.0.3')).allowed).toBe(true);
    expect((await limiter.consume('10.1.0.3')).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await limiter.consume('10.1.0.3')).allowed).toBe(true);
    limiter.close();
  });

  it('checks a bucket on another instance without counting a hit', async () => {
    const [a, b] = await twoInstances();
    const onA = new RedisRateLimiter(a, a.keys.codeLookupRate, 2);
    const onB = new RedisRateLimiter(b, b.keys.codeLookupRate, 2);
    for (let i = 0; i < 3; i++) expect(await onB.check('10.1.0.7')).toEqual({ allowed: true });
    await onA.consume('10.1.0.7');
    expect(await onB.check('10.1.0.7')).toEqual({ allowed: true });
    await onA.consume('10.1.0.7');
    const refused = await onB.check('10.1.0.7');
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await a.client.get(a.keys.codeLookupRate('10.1.0.7'))).toBe('2');
    onA.close();
    onB.close();
  });

  it('falls back to the in-process limit while Redis is unreachable, so voting goes on and still has a limit', async () => {
    const away = await openRedis({ url: 'redis://127.0.0.1:1', log: createLogger('silent'), connectWaitMs: 100 });
    const limiter = new RedisRateLimiter(away, away.keys.voteRate, 2);
    try {
      expect((await limiter.consume('10.1.0.4')).allowed).toBe(true);
      expect((await limiter.consume('10.1.0.4')).allowed).toBe(true);
      expect((await limiter.consume('10.1.0.4')).allowed).toBe(false);
    } finally {
      limiter.close();
      await away.close();
    }
  });
});
