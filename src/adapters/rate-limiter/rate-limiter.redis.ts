import type { Redis } from '../../redis/client';
import type { RateDecision, RateLimiter } from './rate-limiter';
import { MemoryRateLimiter } from './rate-limiter.memory';

/**
 * The fixed-window limit of MemoryRateLimiter, shared by every instance through one Redis
 * key per bucket. While Redis cannot answer, the in-process limiter takes over (fail-open
 * with insurance, docs/decisions/0002-rate-limit-when-redis-is-down.md).
 */

export class RedisRateLimiter implements RateLimiter {
  private readonly insurance: MemoryRateLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (bucket: string) => string,
    readonly points: number,
    readonly windowMs = 60_000,
  ) {
    this.insurance = new MemoryRateLimiter(points, windowMs);
  }

  async consume(bucket: string): Promise<RateDecision> {
    let window: { hits: number; ttlMs: number };
    try {
      window = await this.redis.call((client) =>
        client.rateLimitHit([this.keyOf(bucket)], [this.windowMs, this.points]),
      );
    } catch {
      return this.insurance.consume(bucket);
    }
    return this.judge(window.hits, window.ttlMs);
  }

  async check(bucket: string): Promise<RateDecision> {
    let window: { hits: number; ttlMs: number };
    try {
      window = await this.redis.call((client) => client.rateLimitCheck([this.keyOf(bucket)], []));
    } catch {
      return this.insurance.check(bucket);
    }
    return this.judge(window.hits + 1, window.ttlMs);
  }

  /** The Redis key of a bucket's window, for callers that count many hits in one script (RedisVoteGate). */
  keyFor(bucket: string): string {
    return this.keyOf(bucket);
  }

  /** The decision for a window that has seen `hits` and has `ttlMs` left (read only when refused). */
  judge(hits: number, ttlMs: number): RateDecision {
    if (hits <= this.points) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }

  /** The in-process limit, for a hit Redis could not count. */
  fallback(bucket: string): Promise<RateDecision> {
    return this.insurance.consume(bucket);
  }

  close(): void {
    this.insurance.close();
  }
}
