import type { PollBus } from './bus/poll-bus';
import { inProcessState, redisState } from './cache/shared-state';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import type { RateLimiter } from './limits/rate-limiter';
import { createLogger, type Logger } from './logger';
import { createPollService, type PollService } from './polls/poll-service';
import { openRedis } from './redis/client';
import { ViewerHub } from './realtime/viewer-hub';
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
  /** This instance's live viewers (SSE and WebSocket). */
  hub: ViewerHub;
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

  // REDIS_URL alone decides where shared state lives (DATABASE_URL is chosen independently).
  const redis = config.redisUrl
    ? await openRedis({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, log })
    : undefined;
  const shared = redis ? redisState(redis, config, log) : inProcessState(config);
  const { bus, limits } = shared;
  const writer = new VoteWriter(database, {
    batchMax: config.votes.batchMax,
    writers: config.votes.writers,
    onCommit: (changes) => {
      for (const change of changes) {
        shared.committed(change);
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
  const polls = createPollService({
    database,
    cache: shared.pollCache,
    trending: shared.trending,
    onChange: (poll) => {
      shared.changed(poll);
      bus.publish(poll);
    },
  });
  const castVote = createCastVote({ writer, limiter: limits.votes, voters: shared.voters, database });
  const hub = new ViewerHub({ bus, polls, updatesPerSecond: config.live.updatesPerSecond, log });

  async function health(): Promise<Health> {
    const [database_, redis_] = await Promise.all([
      withTimeout(database.ping(), 2_000).then(
        () => 'ok' as const,
        () => 'error' as const,
      ),
      redis ? redis.ping().then((up) => (up ? ('ok' as const) : ('error' as const))) : ('disabled' as const),
    ]);
    // Without Redis pollcast is slower, not wrong: degraded, still 200.
    const status = database_ === 'error' ? 'down' : redis_ === 'error' ? 'degraded' : 'ok';
    return { status, checks: { database: database_, redis: redis_ } };
  }

  async function close(): Promise<void> {
    await writer.drain();
    hub.close();
    await shared.close();
    await redis?.close();
    await database.close();
  }

  log.info('pollcast ready', { database: database.kind, redis: redis ? 'on' : 'off' });
  return { config, log, database, polls, bus, hub, castVote, limits, health, close };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
