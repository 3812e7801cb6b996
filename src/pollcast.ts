import fs from 'node:fs';
import type { PollBus, PollUpdate } from './adapters/poll-bus/poll-bus';
import type { Config } from './config';
import { describeDatabaseError } from './db/caught-errors';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import type { CommittedPoll } from './domain/polls';
import { kindOf } from './kinds';
import { createLogger, describeError, describeErrorsWith, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createPollResults, type PollResultsReader } from './polls/poll-results';
import { createEventService, type EventService } from './polls/event-service';
import { createPollService, type PollService } from './polls/poll-service';
import { committedUpdateOf } from './polls/present-poll';
import { createPollSettings } from './polls/poll-settings';
import { EventHub } from './realtime/event-hub';
import { createLiveConnections, type LiveConnections } from './realtime/live-connections';
import { ViewerHub } from './realtime/viewer-hub';
import { openRedis, type Redis } from './redis/client';
import { createConnectionGuard, type ConnectionGuard } from './server/connection-guard';
import { checkHealth, type Health } from './server/health';
import { countBatches, countFanOuts, measuredCastVote, reportConnectionPressure } from './server/service-metrics';
import { inProcessState, redisState, type SharedState } from './adapters/shared-state';
import { storedCookieSecret } from './voters/cookie-secret';
import { createVoterCookies, type VoterCookies } from './voters/voter-cookie';
import { createCastVote, type CastVote } from './votes/cast-vote';
import { VoteWriter } from './votes/writer';

/**
 * The composition root: the one place that decides, from Config, which adapters run. The API,
 * the WebSocket handler and the pages each declare the few services they use, and never read env.
 */

export type Pollcast = {
  config: Config;
  log: Logger;
  database: Database;
  polls: PollService;
  /** Several questions under one code (docs/decisions/0016-events.md). */
  events: EventService;
  bus: PollBus;
  /** This instance's live viewers (SSE and WebSocket). */
  hub: ViewerHub;
  /** This instance's followers of events; each watches the shown question through `hub`. */
  eventHub: EventHub;
  /** Open SSE streams and WebSockets, counted together so both share one budget. */
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
  // Database errors carry SQL and request values: logged by code only, wherever they are caught.
  describeErrorsWith(describeDatabaseError);
  const database = await openMigratedDatabase(config);
  const metrics = createMetrics(config.metricsToken !== undefined);
  // Read once the data directory is this process's (openDatabase locks it in embedded mode).
  const voterCookies = createVoterCookies(config.cookieSecret ?? (await storedCookieSecret(config.dataDir)));
  const redis = await openSharedRedis(config, log, metrics);
  const shared = redis ? redisState(redis, config, log) : inProcessState(config);
  const { bus, limits } = shared;
  const results = createPollResults(database);
  const { writer, castVote } = startVoting(config, database, shared, metrics, results, log);
  const polls = createPollService({
    database,
    cache: shared.pollCache,
    trending: shared.trending,
    codeLookups: limits.codeLookups,
    results,
    onChange: (poll) => publishPoll(shared, poll),
  });
  const hub = new ViewerHub({
    bus,
    polls,
    updatesPerSecond: config.live.updatesPerSecond,
    viewerCounts: shared.viewerCounts,
    log,
    onFanOut: countFanOuts(metrics),
  });
  const { events, eventHub } = startEvents(database, polls, shared, hub, log);
  const connections = createLiveConnections({
    perAddress: config.live.connectionsPerAddress,
    max: config.live.connectionsMax,
  });
  const sockets = guardSockets(config, metrics, log);

  async function close(): Promise<void> {
    await writer.drain();
    eventHub.close();
    hub.close();
    await shared.close();
    await redis?.close();
    await database.close();
  }

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

  log.info('pollcast ready', { database: database.kind, redis: redis ? 'on' : 'off' });
  const health = () => checkHealth({ database, redis, metrics, sockets, connections, config });
  return {
    config,
    log,
    database,
    polls,
    events,
    bus,
    hub,
    eventHub,
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

/**
 * The one vote path: castVote before the batching writer. Each committed batch reaches the
 * shared state (Redis's hint, counts and trending) and then the bus, poll by poll; a ranked or
 * text poll's update waits for its results after the batch, which this instance works out once
 * for every instance's viewers.
 */
function startVoting(
  config: Config,
  database: Database,
  shared: SharedState,
  metrics: Metrics,
  results: PollResultsReader,
  log: Logger,
) {
  const publishCounted = (change: CommittedPoll) =>
    results.committed(change).then(
      (counted) => shared.bus.publish(committedUpdateOf(change, counted)),
      (error: unknown) => {
        log.warn('results after a vote batch failed', { poll_id: change.pollId, ...describeError(error) });
        shared.bus.publish(committedUpdateOf(change));
      },
    );
  const writer = new VoteWriter(database, {
    batchMax: config.votes.batchMax,
    writers: config.votes.writers,
    onBatch: countBatches(metrics),
    onCommit: (changes) => {
      shared.committed(changes);
      for (const change of changes) {
        if (kindOf(change.kind).results) void publishCounted(change);
        else shared.bus.publish(committedUpdateOf(change));
      }
    },
  });
  const settings = createPollSettings(database);
  const castVote = createCastVote({
    writer,
    gate: shared.voteGate,
    voters: shared.voters,
    settings,
    resultsOf: results.resultsOf,
    database,
  });
  return { writer, castVote: measuredCastVote(castVote, metrics) };
}

/** A poll's change for every instance: the shared state's copies, then the viewers. */
function publishPoll(shared: SharedState, poll: PollUpdate): void {
  shared.changed(poll);
  shared.bus.publish(poll);
}

/** Events: their service, whose changes travel on the event bus, and this instance's followers. */
function startEvents(database: Database, polls: PollService, shared: SharedState, hub: ViewerHub, log: Logger) {
  const events = createEventService({
    database,
    polls,
    onPollChange: (poll) => publishPoll(shared, poll),
    onChange: (state) => shared.eventBus.publish(state),
  });
  return { events, eventHub: new EventHub({ bus: shared.eventBus, events, hub, log }) };
}

/** The truth: PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL; migrated before anything reads it. */
async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.db.poolSize,
    timeoutMs: config.db.timeoutMs,
  });
  await migrateDatabase(database, config.databaseUrl);
  return database;
}

/** REDIS_URL alone decides where shared state lives (DATABASE_URL is chosen independently). */
async function openSharedRedis(config: Config, log: Logger, metrics: Metrics): Promise<Redis | undefined> {
  if (!config.redisUrl) return undefined;
  return openRedis({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    log,
    onCall: metrics.enabled ? (seconds, ok) => metrics.redisCall(seconds, ok) : undefined,
  });
}

/** Every accepted socket under the per-address and per-process caps, and the open-file limit where it is known. */
function guardSockets(config: Config, metrics: Metrics, log: Logger): ConnectionGuard {
  return createConnectionGuard(
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
}

/** This process's open file descriptors, where /proc tells (Linux). */
function countOpenDescriptors(): number | undefined {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}
