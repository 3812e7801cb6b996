import { MemoryPollBus, type PollBus } from './bus/poll-bus';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { MemoryRateLimiter, type RateLimiter } from './limits/rate-limiter';
import { createLogger, type Logger } from './logger';
import { createPollService, type PollService } from './polls/poll-service';
import { createCastVote, type CastVote } from './votes/cast-vote';
import { VoteWriter } from './votes/writer';

/**
 * The composition root: the one place that decides, from Config, which adapters run.
 * The API, the WebSocket handler and the pages receive a Pollcast and never read env.
 */

export type Health = {
  status: 'ok' | 'degraded' | 'down';
  checks: { database: 'ok' | 'error'; redis: 'ok' | 'error' | 'disabled' };
};

export type Pollcast = {
  config: Config;
  log: Logger;
  database: Database;
  polls: PollService;
  bus: PollBus;
  castVote: CastVote;
  limits: { votes: RateLimiter; polls: RateLimiter };
  health(): Promise<Health>;
  close(): Promise<void>;
};

export async function startPollcast(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Pollcast> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.db.poolSize,
  });
  await migrateDatabase(database, config.databaseUrl);

  const bus: PollBus = new MemoryPollBus();
  const writer = new VoteWriter(database, {
    batchMax: config.votes.batchMax,
    writers: config.votes.writers,
    onCommit: (changes) => {
      for (const change of changes) {
        bus.publish({
          poll_id: change.pollId,
          seq: change.seq,
          total_votes: change.counts.total_votes,
          options: change.counts.options,
          is_active: true,
          voted_option_ids: change.votedOptionIds,
        });
      }
    },
  });
  const limits = {
    votes: new MemoryRateLimiter(config.rateLimit.votesPerMinute),
    polls: new MemoryRateLimiter(config.rateLimit.pollsPerMinute),
  };
  const polls = createPollService({
    database,
    onChange: (poll) => bus.publish(poll),
  });
  const castVote = createCastVote({ writer, limiter: limits.votes });

  async function health(): Promise<Health> {
    const database_ = await withTimeout(database.ping(), 2_000).then(
      () => 'ok' as const,
      () => 'error' as const,
    );
    return { status: database_ === 'ok' ? 'ok' : 'down', checks: { database: database_, redis: 'disabled' } };
  }

  async function close(): Promise<void> {
    await writer.drain();
    limits.votes.close();
    limits.polls.close();
    await bus.close();
    await database.close();
  }

  log.info('pollcast ready', { database: database.kind });
  return { config, log, database, polls, bus, castVote, limits, health, close };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
