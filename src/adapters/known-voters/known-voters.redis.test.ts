import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../redis/client';
import { REDIS_TEST_URL, servicesAvailability } from '../../../tests/support/harness';
import { openTestRedis } from '../../../tests/support/redis';
import type { KnownVoters } from './known-voters';
import { MemoryKnownVoters } from './known-voters.memory';
import { RedisKnownVoters } from './known-voters.redis';

const redisSuite = await servicesAvailability({ postgres: false, redis: true });

function knownVotersBehaviour(make: () => Promise<KnownVoters>) {
  it('knows exactly the voters it was told about, poll by poll', async () => {
    const voters = await make();
    voters.add('poll-a', ['10.0.0.1', '2001:db8::1']);
    expect(await voters.has('poll-a', '10.0.0.1')).toBe(true);
    expect(await voters.has('poll-a', '2001:db8::1')).toBe(true);
    expect(await voters.has('poll-a', '10.0.0.2')).toBe(false);
    expect(await voters.has('poll-b', '10.0.0.1')).toBe(false);
  });

  it('forgets a deleted poll’s voters', async () => {
    const voters = await make();
    voters.add('poll-c', ['10.0.0.3']);
    voters.forget('poll-c');
    expect(await voters.has('poll-c', '10.0.0.3')).toBe(false);
  });
}

describe('known voters in memory (embedded mode)', () => {
  knownVotersBehaviour(async () => new MemoryKnownVoters());

  it('lets go of the least recently voted polls beyond its bound, never of the one just voted in', async () => {
    const voters = new MemoryKnownVoters(3);
    voters.add('old', ['10.0.0.1', '10.0.0.2']);
    voters.add('new', ['10.0.0.3']);
    voters.add('new', ['10.0.0.4']);
    expect(await voters.has('old', '10.0.0.1')).toBe(false);
    expect(await voters.has('new', '10.0.0.3')).toBe(true);
    expect(await voters.has('new', '10.0.0.4')).toBe(true);
  });
});

describe.skipIf(!redisSuite.run)('known voters in Redis (services mode)', () => {
  let redis: Redis;
  afterAll(async () => redis?.close());
  knownVotersBehaviour(async () => {
    redis ??= await openTestRedis(REDIS_TEST_URL);
    return new RedisKnownVoters(redis);
  });

  it('keeps the voters in the set poll:{id}:voters, with an expiry', async () => {
    redis ??= await openTestRedis(REDIS_TEST_URL);
    new RedisKnownVoters(redis).add('poll-d', ['10.0.0.5']);
    const key = redis.keys.voters('poll-d');
    expect(await redis.client.sMembers(key)).toEqual(['10.0.0.5']);
    expect(await redis.client.pTTL(key)).toBeGreaterThan(0);
  });

  it('cannot tell (and says "not known") while Redis is unreachable', async () => {
    const away = await openTestRedis('redis://127.0.0.1:1', { connectWaitMs: 100 });
    try {
      const voters = new RedisKnownVoters(away);
      voters.add('poll-e', ['10.0.0.6']);
      expect(await voters.has('poll-e', '10.0.0.6')).toBe(false);
    } finally {
      await away.close();
    }
  });
});
