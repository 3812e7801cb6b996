import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './rate-limiter.memory';

describe('in-process rate limit', () => {
  let now = 0;
  const limiter = new MemoryRateLimiter(3, 60_000, () => now);
  afterEach(() => limiter.close());

  it('allows the limit per key and window, then says how long to wait', async () => {
    now = 1_000;
    for (let i = 0; i < 3; i++) expect((await limiter.consume('a')).allowed).toBe(true);
    expect(await limiter.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await limiter.consume('b')).allowed).toBe(true);
    now = 31_000;
    expect(await limiter.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now = 61_000;
    expect((await limiter.consume('a')).allowed).toBe(true);
  });

  it('tells what the next hit would get without counting one', async () => {
    now = 100_000;
    expect(await limiter.check('c')).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) {
      expect((await limiter.check('c')).allowed).toBe(true);
      await limiter.consume('c');
    }
    expect(await limiter.check('c')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter.check('c')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    now = 160_000;
    expect(await limiter.check('c')).toEqual({ allowed: true });
    expect((await limiter.consume('c')).allowed).toBe(true);
  });
});
