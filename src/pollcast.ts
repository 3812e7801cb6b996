import type { PollBus, PollUpdate } from './bus/poll-bus';
import { inProcessState, redisState, type SharedState } from './shared-state';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { classifyDatabaseError, failureText } from './db/errors';
import { createLogger, type Logger } from './logger';
import { createPollService, type PollService } from './polls/poll-service';
import { openRedis } from './redis/client';
import { createLiveConnections, type LiveConnections } from './realtime/live-connections';
import { ViewerHub } from './realtime/viewer-hub';
import { createPollSettings } from './polls/poll-settings';
import { keptCookieSecret } from './server/cookie-secret';
import { createVoterCookies, type VoterCookies } from './server/voter-cookie';
import { createCastVote, type CastVote } from './votes/cast-vote';
import { VoteWriter } from './votes/writer';

/**
 * The composition root: the one place that decides, from Config, which adapters run.
 * The API, the WebSocket handler and the pages receive a Pollcast and never read env.
 */

export type Health = {
  status: 'ok' | 'degraded' | 'down';
  checks: { database: 'ok' | 'error'; redis: 'ok' | 'error' | 'disabled' };
  /** Why the database is "error": fixed text and an error code, never a value from a request. */
  reason?: string;
};

/** Long enough to span a health checker's interval; older failures say nothing about now. */
const WRITE_FAILURE_WINDOW_MS = 10_000;

export type Pollcast = {
  config: Config;
  log: Logger;
  database: Database;
  polls: PollService;
  bus: PollBus;
  /** This instance's live viewers (SSE and WebSocket). */
  hub: ViewerHub;
  /** Open SSE streams and WebSockets, counted together so both doors share one budget. */
  connections: LiveConnections;
  castVote: CastVote;
  /** Reads and mints the signed cookie that tells browsers apart (the browser half of a Voter). */
  voterCookies: VoterCookies;
  limits: SharedState['limits'];
  health(): Promise<Health>;
  close(): Promise<void>;
};

export async function startPollcast(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Pollcast> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.db.poolSize,
    timeoutMs: config.db.timeoutMs,
  });
  await migrateDatabase(database, config.databaseUrl);
  // Read once the data directory is this process's (openDatabase locks it in embedded mode).
  const voterCookies = createVoterCookies(config.cookieSecret ?? (await keptCookieSecret(config.dataDir)));

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
        const update: PollUpdate = {
          poll_id: change.pollId,
          seq: change.seq,
          total_votes: change.counts.total_votes,
          options: change.counts.options,
          is_active: true,
          results_visibility: change.resultsVisibility,
          voted_option_ids: change.votedOptionIds,
        };
        if (change.resultsVisibility === 'after_vote') update.voter_keys = change.voterKeys;
        bus.publish(update);
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
  const castVote = createCastVote({
    writer,
    limiter: limits.votes,
    addressLimiter: limits.votesPerAddress,
    voters: shared.voters,
    settings: createPollSettings(database),
    database,
  });
  const hub = new ViewerHub({ bus, polls, updatesPerSecond: config.live.updatesPerSecond, log });
  const connections = createLiveConnections({
    perAddress: config.live.connectionsPerAddress,
    max: config.live.connectionsMax,
  });

  /**
   * A ping shows the database answers a read, yet a full disk or a read-only server answers it
   * and still refuses every vote; so health also reports the vote path's own recent write
   * failures, cleared by its next successful write. Passive on purpose: a write probe would add
   * a write (and WAL) on every check from every monitor, need a table and a cleanup of its own,
   * and could fail or succeed for reasons the votes table does not share.
   */
  async function health(): Promise<Health> {
    const [ping, redis_] = await Promise.all([
      withTimeout(database.ping(), 2_000).then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      redis ? redis.ping().then((up) => (up ? ('ok' as const) : ('error' as const))) : ('disabled' as const),
    ]);
    const failingWrites = database.writes.failing(WRITE_FAILURE_WINDOW_MS);
    const reason = ping
      ? `the database does not answer: ${pingFailure(ping.error)}`
      : failingWrites && `writes are failing: ${failingWrites.reason}`;
    const database_ = reason ? ('error' as const) : ('ok' as const);
    // Without Redis pollcast is slower, not wrong: degraded, still 200.
    const status = database_ === 'error' ? 'down' : redis_ === 'error' ? 'degraded' : 'ok';
    return { status, checks: { database: database_, redis: redis_ }, ...(reason ? { reason } : {}) };
  }

  async function close(): Promise<void> {
    await writer.drain();
    hub.close();
    await shared.close();
    await redis?.close();
    await database.close();
  }

  log.info('pollcast ready', { database: database.kind, redis: redis ? 'on' : 'off' });
  return { config, log, database, polls, bus, hub, connections, castVote, voterCookies, limits, health, close };
}

/** Fixed text for health: a ping error's message may be anything a driver put there. */
function pingFailure(error: unknown): string {
  const failure = classifyDatabaseError(error);
  if (failure) return failureText(failure);
  return error instanceof HealthTimeout ? 'no answer in time' : 'unexpected error';
}

class HealthTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HealthTimeout(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
