import type { Config } from '../config';
import type { CommittedPoll } from '../domain/polls';
import type { Logger } from '../logger';
import type { Redis } from '../redis/client';
import type { KnownVoters } from './known-voters/known-voters';
import { MemoryKnownVoters } from './known-voters/known-voters.memory';
import { RedisKnownVoters } from './known-voters/known-voters.redis';
import type { EventBus } from './event-bus/event-bus';
import { MemoryEventBus } from './event-bus/event-bus.memory';
import { RedisEventBus } from './event-bus/event-bus.redis';
import type { PollBus, PollUpdate } from './poll-bus/poll-bus';
import { MemoryPollBus } from './poll-bus/poll-bus.memory';
import { RedisPollBus } from './poll-bus/poll-bus.redis';
import type { PollCache } from './poll-cache/poll-cache';
import { MemoryPollCache } from './poll-cache/poll-cache.memory';
import { RedisPollCache } from './poll-cache/poll-cache.redis';
import type { RateLimiter } from './rate-limiter/rate-limiter';
import { MemoryRateLimiter } from './rate-limiter/rate-limiter.memory';
import { RedisRateLimiter } from './rate-limiter/rate-limiter.redis';
import type { RecordCommits } from './record-commits/record-commits';
import { recordCommitsPartByPart } from './record-commits/record-commits.memory';
import { recordCommitsInRedis } from './record-commits/record-commits.redis';
import type { TrendingBoard } from './trending-board/trending-board';
import { MemoryTrendingBoard } from './trending-board/trending-board.memory';
import { RedisTrendingBoard } from './trending-board/trending-board.redis';
import type { ViewerCounts } from './viewer-counts/viewer-counts';
import { MemoryViewerCounts } from './viewer-counts/viewer-counts.memory';
import { RedisViewerCounts } from './viewer-counts/viewer-counts.redis';
import type { VoteGate } from './vote-gate/vote-gate';
import { separateVoteGate } from './vote-gate/vote-gate.memory';
import { RedisVoteGate } from './vote-gate/vote-gate.redis';

/**
 * What instances share (docs/ARCHITECTURE.md, "Two modes"; docs/REDIS.md): live updates, rate
 * limits, the duplicate hint, the poll cache, the trending board and the viewer counts. In
 * process when there is no Redis, in Redis otherwise; src/pollcast.ts chooses once. PostgreSQL
 * stays the truth behind every piece.
 */

export type SharedState = {
  bus: PollBus;
  /** Events' changes: their followers hear a move on every instance. */
  eventBus: EventBus;
  limits: {
    votes: RateLimiter;
    /** Votes per address in polls that count one ballot per browser. */
    votesPerAddress: RateLimiter;
    polls: RateLimiter;
    pollsOverall: RateLimiter;
    /** Failed join-code lookups per address. */
    codeLookups: RateLimiter;
  };
  voters: KnownVoters;
  /** Each vote's rate limits and duplicate hint, asked together. */
  voteGate: VoteGate;
  pollCache: PollCache;
  trending: TrendingBoard;
  /** How many watch each poll on every instance ("watching now" in live messages). */
  viewerCounts: ViewerCounts;
  /** Takes in what one vote batch committed, poll by poll. */
  committed(changes: CommittedPoll[]): void;
  /** Takes in a close, reopen, reschedule or delete. */
  changed(update: PollUpdate): void;
  close(): Promise<void>;
};

export function inProcessState(config: Config): SharedState {
  const limits = {
    votes: new MemoryRateLimiter(config.rateLimit.votesPerMinute),
    votesPerAddress: new MemoryRateLimiter(config.rateLimit.votesPerAddressPerMinute),
    polls: new MemoryRateLimiter(config.rateLimit.pollsPerMinute),
    pollsOverall: new MemoryRateLimiter(config.rateLimit.pollsOverallPerMinute),
    codeLookups: new MemoryRateLimiter(config.rateLimit.codeLookupsPerMinute),
  };
  const voters = new MemoryKnownVoters();
  return sharedStateOf({
    bus: new MemoryPollBus(),
    eventBus: new MemoryEventBus(),
    limits,
    voters,
    voteGate: separateVoteGate(limits.votes, limits.votesPerAddress, voters),
    pollCache: new MemoryPollCache(),
    trending: new MemoryTrendingBoard(),
    viewerCounts: new MemoryViewerCounts(),
  });
}

export function redisState(redis: Redis, config: Config, log: Logger): SharedState {
  const limits = {
    votes: new RedisRateLimiter(redis, redis.keys.voteRate, config.rateLimit.votesPerMinute),
    votesPerAddress: new RedisRateLimiter(redis, redis.keys.addressVoteRate, config.rateLimit.votesPerAddressPerMinute),
    polls: new RedisRateLimiter(redis, redis.keys.pollRate, config.rateLimit.pollsPerMinute),
    pollsOverall: new RedisRateLimiter(redis, redis.keys.pollRate, config.rateLimit.pollsOverallPerMinute),
    codeLookups: new RedisRateLimiter(redis, redis.keys.codeLookupRate, config.rateLimit.codeLookupsPerMinute),
  };
  return sharedStateOf(
    {
      bus: new RedisPollBus(redis, log),
      eventBus: new RedisEventBus(redis, log),
      limits,
      voters: new RedisKnownVoters(redis),
      voteGate: new RedisVoteGate(redis, limits.votes, limits.votesPerAddress),
      pollCache: new RedisPollCache(redis),
      trending: new RedisTrendingBoard(redis),
      viewerCounts: new RedisViewerCounts(redis),
    },
    (changes) => recordCommitsInRedis(redis, changes),
  );
}

/**
 * The shared state from its parts: `recordCommits`, when given, takes a committed batch's changes
 * to the voters sets, counters and trending board in one go (Redis: one script); otherwise each
 * poll's go to each part.
 */
function sharedStateOf(
  parts: Omit<SharedState, 'committed' | 'changed' | 'close'>,
  recordCommits?: RecordCommits,
): SharedState {
  const { bus, eventBus, limits, voters, pollCache, trending } = parts;
  return {
    ...parts,
    committed: recordCommits ?? recordCommitsPartByPart(voters, pollCache, trending),
    changed(update) {
      if (update.deleted) {
        voters.forget(update.poll_id);
        pollCache.forget(update.poll_id);
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
      limits.codeLookups.close();
      await bus.close();
      await eventBus.close();
    },
  };
}
