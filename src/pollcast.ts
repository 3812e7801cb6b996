import fs from 'node:fs';
import type { PollBus, PollUpdate } from './adapters/poll-bus/poll-bus';
import { inProcessState, redisState, type SharedState } from './adapters/shared-state';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { classifyDatabaseError, databaseErrorKind, failureText } from './db/errors';
import { isAppError } from './domain/errors';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics, type VoteOutcomeLabel } from './metrics';
import { createPollService, type PollService } from './polls/poll-service';
import { openRedis } from './redis/client';
import { createLiveConnections, type LiveConnections } from './realtime/live-connections';
import { ViewerHub } from './realtime/viewer-hub';
import { createPollSettings } from './polls/poll-settings';
import { createConnectionGuard, type ConnectionGuard } from './server/connection-guard';
import { keptCookieSecret } from './voters/cookie-secret';
import { createVoterCookies, type VoterCookies } from './voters/voter-cookie';
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
  /** Sockets open now and the caps they are held under; `open_files_limit` is null when unreadable. */
  connections: { open: number; max: number; live: number; live_max: number; open_files_limit: number | null };
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
  /** Every socket the server accepted, held under the per-address and per-process caps. */
  sockets: ConnectionGuard;
  castVote: CastVote;
  /** Reads and mints the signed cookie that tells browsers apart (the browser half of a Voter). */
  voterCookies: VoterCookies;
  limits: SharedState['limits'];
  /** Prometheus metrics (no-ops unless METRICS_TOKEN is set). */
  metrics: Metrics;
  /** Reads the sampled metrics (queue depth, viewers, connections) and renders them all. */
  renderMetrics(): Promise<{ body: string; contentType: string }>;
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
  const metrics = createMetrics(config.metricsToken !== undefined);
  // Read once the data directory is this process's (openDatabase locks it in embedded mode).
  const voterCookies = createVoterCookies(config.cookieSecret ?? (await keptCookieSecret(config.dataDir)));

  // REDIS_URL alone decides where shared state lives (DATABASE_URL is chosen independently).
  const redis = config.redisUrl
    ? await openRedis({
        url: config.redisUrl,
        keyPrefix: config.redisKeyPrefix,
        log,
        onCall: metrics.enabled ? (seconds, ok) => metrics.redisCall(seconds, ok) : undefined,
      })
    : undefined;
  const shared = redis ? redisState(redis, config, log) : inProcessState(config);
  const { bus, limits } = shared;
  const writer = new VoteWriter(database, {
    batchMax: config.votes.batchMax,
    writers: config.votes.writers,
    onBatch: metrics.enabled
      ? (size, seconds, error) => {
          metrics.voteBatch(size, seconds, error === undefined);
          if (error !== undefined) metrics.databaseError(databaseErrorKind(error) ?? 'unknown');
        }
      : undefined,
    onCommit: (changes) => {
      shared.committed(changes);
      for (const change of changes) {
        const update: PollUpdate = {
          poll_id: change.pollId,
          seq: change.seq,
          total_votes: change.counts.total_votes,
          options: change.counts.options,
          is_active: true,
          results_visibility: change.resultsVisibility,
          revision: change.revision,
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
    codeLookups: limits.codeLookups,
    onChange: (poll) => {
      shared.changed(poll);
      bus.publish(poll);
    },
  });
  const castVoteNow = createCastVote({
    writer,
    gate: shared.voteGate,
    voters: shared.voters,
    settings: createPollSettings(database),
    resultsOf: polls.resultsOf,
    database,
  });
  const castVote: CastVote = metrics.enabled ? measured(castVoteNow, metrics) : castVoteNow;
  const hub = new ViewerHub({
    bus,
    polls,
    updatesPerSecond: config.live.updatesPerSecond,
    viewerCounts: shared.viewerCounts,
    log,
    onFanOut: metrics.enabled
      ? (sent, skipped) => {
          metrics.framesSent(sent);
          if (skipped > 0) metrics.framesSkipped(skipped);
        }
      : undefined,
  });
  const connections = createLiveConnections({
    perAddress: config.live.connectionsPerAddress,
    max: config.live.connectionsMax,
  });
  const sockets = createConnectionGuard(
    {
      max: config.connections.max,
      perAddress: config.connections.perAddress,
      trustProxy: config.trustProxy,
      descriptors:
        config.connections.openFilesLimit === undefined
          ? undefined
          : { limit: config.connections.openFilesLimit, count: countOpenDescriptors },
    },
    reportConnectionPressure(metrics, log),
  );

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
    if (ping) metrics.databaseError(databaseErrorKind(ping.error) ?? 'no_answer');
    const reason = ping
      ? `the database does not answer: ${pingFailure(ping.error)}`
      : failingWrites && `writes are failing: ${failingWrites.reason}`;
    const database_ = reason ? ('error' as const) : ('ok' as const);
    // Without Redis pollcast is slower, not wrong: degraded, still 200.
    const status = database_ === 'error' ? 'down' : redis_ === 'error' ? 'degraded' : 'ok';
    return {
      status,
      checks: { database: database_, redis: redis_ },
      ...(reason ? { reason } : {}),
      connections: {
        open: sockets.stats().open,
        max: sockets.stats().max,
        live: connections.stats().open,
        live_max: config.live.connectionsMax,
        open_files_limit: config.connections.openFilesLimit ?? null,
      },
    };
  }

  async function close(): Promise<void> {
    await writer.drain();
    hub.close();
    await shared.close();
    await redis?.close();
    await database.close();
  }

  log.info('pollcast ready', { database: database.kind, redis: redis ? 'on' : 'off' });
  async function renderMetrics() {
    metrics.sample({
      queuedVotes: () => writer.queued,
      liveViewers: () => hub.stats().viewers,
      watchedPolls: () => hub.stats().polls,
      liveConnections: () => connections.stats().open,
      openConnections: () => sockets.stats().open,
    });
    return metrics.render();
  }

  return {
    config,
    log,
    database,
    polls,
    bus,
    hub,
    connections,
    sockets,
    castVote,
    voterCookies,
    limits,
    metrics,
    renderMetrics,
    health,
    close,
  };
}

/** This process's open file descriptors, where /proc tells (Linux). */
function countOpenDescriptors(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

/** How often a flood is logged while it lasts: its counts add up in metrics in between. */
const PRESSURE_LOG_INTERVAL_MS = 10_000;

/** Counts every shed and refused socket, and logs a warning with the heaviest address at most every 10 s. */
function reportConnectionPressure(metrics: Metrics, log: Logger) {
  let lastLog = -Infinity;
  let shed = 0;
  let refused = 0;
  const logNow = (fields: Record<string, unknown>) => {
    const now = performance.now();
    if (now - lastLog < PRESSURE_LOG_INTERVAL_MS) return;
    lastLog = now;
    log.warn('too many connections: shedding and refusing', { shed, refused, ...fields });
    shed = refused = 0;
  };
  return {
    refused(reason: 'address' | 'server') {
      metrics.connectionRefused(reason);
      refused++;
      logNow({ reason });
    },
    shed(key: string, held: number) {
      metrics.connectionShed();
      shed++;
      logNow({ heaviest: key, held });
    },
  };
}

/** castVote with its outcome and time counted. */
function measured(castVote: CastVote, metrics: Metrics): CastVote {
  return async (input) => {
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const result = await castVote(input);
      metrics.vote(result.counted ? 'counted' : 'repeated', took());
      return result;
    } catch (error) {
      metrics.vote(voteOutcomeOf(error), took());
      throw error;
    }
  };
}

const REFUSALS: Record<string, VoteOutcomeLabel> = {
  already_voted: 'already_voted',
  poll_closed: 'poll_closed',
  not_found: 'not_found',
  invalid_option: 'invalid_option',
  invalid_request: 'invalid_request',
  rate_limited: 'rate_limited',
  service_unavailable: 'unavailable',
};

function voteOutcomeOf(error: unknown): VoteOutcomeLabel {
  return (isAppError(error) && REFUSALS[error.code]) || 'error';
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
