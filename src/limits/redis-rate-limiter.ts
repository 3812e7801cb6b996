import { luaScript, runScript, type Redis } from '../redis/client';
import { MemoryRateLimiter, type RateDecision, type RateLimiter } from './rate-limiter';

/**
 * The fixed-window limit of MemoryRateLimiter, shared by every instance through one Redis
 * key per bucket. While Redis cannot answer, the in-process limiter takes over (fail-open
 * with insurance, docs/decisions/0002-rate-limit-when-redis-is-down.md).
 */

// One round trip: count the hit, start the window on the first one, say how long it has left.
// A key left without an expiry (it should not happen) gets one, so nobody is locked out for good.
const FIXED_WINDOW = luaScript(`
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`);

export class RedisRateLimiter implements RateLimiter {
  private readonly insurance: MemoryRateLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (bucket: string) => string,
    private readonly points: number,
    private readonly windowMs = 60_000,
  ) {
    this.insurance = new MemoryRateLimiter(points, windowMs);
  }

  async consume(bucket: string): Promise<RateDecision> {
    let reply: [number, number];
    try {
      reply = (await this.redis.call((client) =>
        runScript(client, FIXED_WINDOW, [this.keyOf(bucket)], [this.windowMs]),
      )) as [number, number];
    } catch {
      return this.insurance.consume(bucket);
    }
    const [hits, ttlMs] = reply;
    if (hits <= this.points) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  close(): void {
    this.insurance.close();
  }
}
