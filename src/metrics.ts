import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What pollcast counts for Prometheus (docs/OPERATIONS.md), behind one small interface so the
 * hot paths call plain methods. Metrics are collected only when they can be read (METRICS_TOKEN
 * is set); otherwise every method is a no-op and the vote path pays nothing for them.
 */

export type VoteOutcomeLabel =
  | 'counted'
  | 'repeated'
  | 'already_voted'
  | 'poll_closed'
  | 'not_found'
  | 'invalid_option'
  | 'invalid_request'
  | 'rate_limited'
  | 'unavailable'
  | 'error';

/** Numbers read when Prometheus scrapes, not pushed on every change. */
type MetricsSources = {
  queuedVotes(): number;
  liveViewers(): number;
  watchedPolls(): number;
  liveConnections(): number;
  openConnections(): number;
};

export type Metrics = {
  readonly enabled: boolean;
  /** One vote (HTTP or WebSocket) and how long castVote took. */
  vote(outcome: VoteOutcomeLabel, seconds: number): void;
  /** One vote batch statement: its size, how long it took, and whether it committed. */
  voteBatch(size: number, seconds: number, committed: boolean): void;
  /** Live frames written to viewers, and updates a slow viewer skipped. */
  framesSent(count: number): void;
  framesSkipped(count: number): void;
  /** One Redis command and how it went. */
  redisCall(seconds: number, ok: boolean): void;
  /** A database failure by kind (src/db/errors.ts), wherever the vote path or health met it. */
  databaseError(kind: string): void;
  /** A socket closed as it arrived: its address held its share, or the server was full. */
  connectionRefused(reason: 'address' | 'server'): void;
  /** An open socket closed to make room for another address (src/server/connection-guard.ts). */
  connectionShed(): void;
  /** One HTTP request by route pattern. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** Reads the numbers that are sampled rather than counted. */
  sample(sources: MetricsSources): void;
  /** The exposition text and its content type. */
  render(): Promise<{ body: string; contentType: string }>;
};

const NOOP: Metrics = {
  enabled: false,
  vote() {},
  voteBatch() {},
  framesSent() {},
  framesSkipped() {},
  redisCall() {},
  databaseError() {},
  connectionRefused() {},
  connectionShed() {},
  request() {},
  sample() {},
  render: async () => ({ body: '', contentType: 'text/plain' }),
};

/** Seconds, from a quarter of a millisecond (a vote alone) to ten seconds (a stalled database). */
const LATENCY_BUCKETS = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** Votes and the batches that write them. */
function votePathInstruments(registers: Registry[]) {
  const votes = new Counter({
    name: 'pollcast_votes_total',
    help: 'Votes by outcome (counted, repeated, already_voted, poll_closed, rate_limited, ...)',
    labelNames: ['outcome'],
    registers,
  });
  const voteSeconds = new Histogram({
    name: 'pollcast_vote_duration_seconds',
    help: 'Time from a vote reaching the vote path to its answer (committed when counted)',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const batchSize = new Histogram({
    name: 'pollcast_vote_batch_size',
    help: 'Votes written by one batch statement',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers,
  });
  const batchSeconds = new Histogram({
    name: 'pollcast_vote_batch_duration_seconds',
    help: 'Time one vote batch statement took in the database, commit included',
    labelNames: ['result'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const queued = new Gauge({ name: 'pollcast_vote_queue_depth', help: 'Votes waiting for a batch', registers });
  return { votes, voteSeconds, batchSize, batchSeconds, queued };
}

/** Viewers, sockets and the live frames written to them. */
function liveInstruments(registers: Registry[]) {
  const viewers = new Gauge({ name: 'pollcast_live_viewers', help: 'Viewers of polls (SSE and WebSocket)', registers });
  const polls = new Gauge({ name: 'pollcast_live_polls', help: 'Polls watched on this instance', registers });
  const connections = new Gauge({
    name: 'pollcast_live_connections',
    help: 'Open SSE streams and WebSockets',
    registers,
  });
  const sockets = new Gauge({
    name: 'pollcast_connections_open',
    help: 'Open sockets of every kind (requests, keep-alive, streams, WebSockets)',
    registers,
  });
  const refusedSockets = new Counter({
    name: 'pollcast_connections_refused_total',
    help: 'Sockets closed on arrival: their address held its share (address) or the server was full (server)',
    labelNames: ['reason'],
    registers,
  });
  const shedSockets = new Counter({
    name: 'pollcast_connections_shed_total',
    help: 'Open sockets of the heaviest address closed to make room for another address',
    registers,
  });
  const sent = new Counter({ name: 'pollcast_live_frames_sent_total', help: 'Live frames written', registers });
  const skipped = new Counter({
    name: 'pollcast_live_frames_skipped_total',
    help: 'Live updates a slow viewer skipped (it gets the latest state once its socket drains)',
    registers,
  });
  return { viewers, polls, connections, sockets, refusedSockets, shedSockets, sent, skipped };
}

/** Requests, and the database and Redis behind them. */
function dependencyInstruments(registers: Registry[]) {
  const redisSeconds = new Histogram({
    name: 'pollcast_redis_command_duration_seconds',
    help: 'Time Redis took to answer a command (or a pipeline)',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const redisErrors = new Counter({
    name: 'pollcast_redis_errors_total',
    help: 'Redis commands that failed or timed out',
    registers,
  });
  const databaseErrors = new Counter({
    name: 'pollcast_database_errors_total',
    help: 'Database failures by kind',
    labelNames: ['kind'],
    registers,
  });
  const requests = new Histogram({
    name: 'pollcast_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  return { redisSeconds, redisErrors, databaseErrors, requests };
}

export function createMetrics(enabled: boolean): Metrics {
  if (!enabled) return NOOP;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pollcast_' });
  const registers = [registry];

  const { votes, voteSeconds, batchSize, batchSeconds, queued } = votePathInstruments(registers);
  const { viewers, polls, connections, sockets, refusedSockets, shedSockets, sent, skipped } =
    liveInstruments(registers);
  const { redisSeconds, redisErrors, databaseErrors, requests } = dependencyInstruments(registers);

  return {
    enabled: true,
    vote(outcome, seconds) {
      votes.inc({ outcome });
      voteSeconds.observe(seconds);
    },
    voteBatch(size, seconds, committed) {
      batchSize.observe(size);
      batchSeconds.observe({ result: committed ? 'committed' : 'failed' }, seconds);
    },
    framesSent: (count) => sent.inc(count),
    framesSkipped: (count) => skipped.inc(count),
    redisCall(seconds, ok) {
      redisSeconds.observe(seconds);
      if (!ok) redisErrors.inc();
    },
    databaseError: (kind) => databaseErrors.inc({ kind }),
    connectionRefused: (reason) => refusedSockets.inc({ reason }),
    connectionShed: () => shedSockets.inc(),
    request(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
    sample(sources) {
      queued.set(sources.queuedVotes());
      viewers.set(sources.liveViewers());
      polls.set(sources.watchedPolls());
      connections.set(sources.liveConnections());
      sockets.set(sources.openConnections());
    },
    async render() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
