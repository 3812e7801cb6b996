import { MemoryPollBus, type PollBus, type PollUpdate } from './bus/poll-bus';
import { RedisPollBus } from './bus/redis-poll-bus';
import type { Config } from './config';
import { MemoryRateLimiter, type RateLimiter } from './limits/rate-limiter';
import { RedisRateLimiter } from './limits/redis-rate-limiter';
import type { Logger } from './logger';
import type { Redis } from './redis/client';
import type { CommittedPoll } from './votes/writer';
import { MemoryKnownVoters, type KnownVoters } from './cache/known-voters';
import { MemoryPollCache, type PollCache } from './cache/poll-cache';
import { RedisKnownVoters } from './cache/redis-known-voters';
import { RedisPollCache } from './cache/redis-poll-cache';
import { RedisTrendingBoard } from './cache/redis-trending';
import { MemoryTrendingBoard, type TrendingBoard } from './cache/trending';
import { RedisViewerCounts } from './realtime/redis-viewer-counts';
import { LocalViewerCounts, type ViewerCounts } from './realtime/viewer-counts';

/**
 * What instances share (docs/ARCHITECTURE.md, "Two modes"; docs/REDIS.md): live updates, rate
 * limits, the duplicate hint, the poll cache, the trending board and the viewer counts. In
 * process when there is no Redis, in Redis otherwise; src/pollcast.ts chooses once. PostgreSQL
 * stays the truth behind every piece.
 */

export type SharedState = {
  bus: PollBus;
  limits: {
    votes: RateLimiter;
    /** Votes per address in polls that count one ballot per browser. */
    votesPerAddress: RateLimiter;
    polls: RateLimiter;
    pollsOverall: RateLimiter;
  };
  voters: KnownVoters;
  pollCache: PollCache;
  trending: TrendingBoard;
  /** How many watch each poll on every instance ("watching now" in live messages). */
  viewerCounts: ViewerCounts;
  /** Takes in what one vote batch committed in one poll. */
  committed(change: CommittedPoll): void;
  /** Takes in a close, reopen, reschedule or delete. */
  changed(update: PollUpdate): void;
  close(): Promise<void>;
};

export function inProcessState(config: Config): SharedState {
  return withFeeds({
    bus: new MemoryPollBus(),
    limits: {
      votes: new MemoryRateLimiter(config.rateLimit.votesPerMinute),
      votesPerAddress: new MemoryRateLimiter(config.rateLimit.votesPerAddressPerMinute),
      polls: new MemoryRateLimiter(config.rateLimit.pollsPerMinute),
      pollsOverall: new MemoryRateLimiter(config.rateLimit.pollsOverallPerMinute),
    },
    voters: new MemoryKnownVoters(),
    pollCache: new MemoryPollCache(),
    trending: new MemoryTrendingBoard(),
    viewerCounts: new LocalViewerCounts(),
  });
}

export function redisState(redis: Redis, config: Config, log: Logger): SharedState {
  return withFeeds({
    bus: new RedisPollBus(redis, log),
    limits: {
      votes: new RedisRateLimiter(redis, redis.keys.voteRate, config.rateLimit.votesPerMinute),
      votesPerAddress: new RedisRateLimiter(
        redis,
        redis.keys.addressVoteRate,
        config.rateLimit.votesPerAddressPerMinute,
      ),
      polls: new RedisRateLimiter(redis, redis.keys.pollRate, config.rateLimit.pollsPerMinute),
      pollsOverall: new RedisRateLimiter(redis, redis.keys.pollRate, config.rateLimit.pollsOverallPerMinute),
    },
    voters: new RedisKnownVoters(redis),
    pollCache: new RedisPollCache(redis),
    trending: new RedisTrendingBoard(redis),
    viewerCounts: new RedisViewerCounts(redis),
  });
}

function withFeeds(parts: Omit<SharedState, 'committed' | 'changed' | 'close'>): SharedState {
  const { bus, limits, voters, pollCache, trending } = parts;
  return {
    ...parts,
    // Called in the tick the batch committed, so in Redis all of it leaves in one write (one round trip).
    committed(change) {
      voters.add(change.pollId, change.voterKeys);
      pollCache.update(change);
      trending.record(change.pollId, change.added);
    },
    changed(update) {
      if (update.deleted) {
        voters.forget(update.poll_id);
        pollCache.forget(
          update.poll_id,
          update.options.map((option) => option.id),
        );
        trending.forget(update.poll_id);
        return;
      }
      const counts = { total_votes: update.total_votes, options: update.options };
      pollCache.update({ pollId: update.poll_id, seq: update.seq, counts });
    },
    async close() {
      limits.votes.close();
      limits.votesPerAddress.close();
      limits.polls.close();
      limits.pollsOverall.close();
      await bus.close();
    },
  };
}
