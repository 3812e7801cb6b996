/**
 * A rate limit: a fixed window per key (an address, a browser, "every poll"), at most `points`
 * hits in it. The first hit opens the window; every hit counts, refused ones too; a refusal says
 * how long until the window ends (at least a second).
 *
 * - Each hit is counted once and at once: the in-process twin in this process, the Redis twin in
 *   one script for every instance (`ratelimit:…` keys, docs/REDIS.md), so no two instances both let
 *   the last allowed hit through.
 * - Without Redis: the Redis twin answers from an in-process limiter of the same size, so a key
 *   gets up to `points` per instance until Redis is back (fail open with insurance,
 *   docs/decisions/0002-rate-limit-when-redis-is-down.md). What it counted there stays there.
 * - A restart of pollcast forgets the in-process windows; Redis windows last until they end.
 *
 * Twins: rate-limiter.memory.ts (embedded mode), rate-limiter.redis.ts (services mode).
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  consume(key: string): Promise<RateDecision>;
  /**
   * What the next consume would answer, without counting a hit: refused once the window holds
   * `points` hits. For limits that count only some actions (failed join-code lookups) but
   * refuse every action past them.
   */
  check(key: string): Promise<RateDecision>;
  close(): void;
}
