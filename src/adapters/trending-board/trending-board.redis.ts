import { TRENDING, TRENDING_PRUNE_BELOW, type TrendingSnapshot } from '../../domain/trending';
import type { Redis } from '../../redis/client';
import type { TrendingBoard } from './trending-board';

/**
 * Services mode: the sorted set `trending_polls` and its epoch `trending_polls:epoch`, shared
 * by all instances. The epoch key says the board is complete: without it votes are not added
 * and readers fall back to PostgreSQL, which fills the board again. Votes are timed by Redis's
 * clock, so instances with skewed clocks still agree.
 */

export class RedisTrendingBoard implements TrendingBoard {
  constructor(private readonly redis: Redis) {
    // Votes committed while Redis was away are missing from the board: rebuild it from PostgreSQL.
    redis.onReconnect(() =>
      redis.send('reset trending', (client) => client.del([redis.keys.trending, redis.keys.trendingEpoch])),
    );
  }

  record(pollId: string, votes: number): void {
    const { trending, trendingEpoch } = this.redis.keys;
    const args = [TRENDING.halfLifeMs, TRENDING.renormaliseAfterHalfLives, TRENDING_PRUNE_BELOW, pollId, votes];
    this.redis.send('record trending', (client) => client.recordTrending([trending, trendingEpoch], args));
  }

  async top(count: number): Promise<string[] | undefined> {
    const { trending, trendingEpoch } = this.redis.keys;
    try {
      const [filled, ids] = await this.redis.call((client) =>
        Promise.all([client.exists(trendingEpoch), client.zRange(trending, 0, count - 1, { REV: true })]),
      );
      return filled ? ids : undefined;
    } catch {
      return undefined;
    }
  }

  async fill(snapshot: TrendingSnapshot): Promise<void> {
    const { trending, trendingEpoch } = this.redis.keys;
    const args = [snapshot.epochMs, ...snapshot.scores.flatMap((entry) => [entry.pollId, entry.score])];
    await this.redis.call((client) => client.fillTrending([trending, trendingEpoch], args)).catch(() => undefined);
  }

  forget(pollId: string): void {
    this.redis.send('forget trending', (client) => client.zRem(this.redis.keys.trending, pollId));
  }
}
