import type { Config } from '../config';
import type { Database } from '../db/client';
import { classifyDatabaseError, databaseErrorKind, failureText } from '../db/errors';
import type { Metrics } from '../metrics';
import type { LiveConnections } from '../realtime/live-connections';
import type { Redis } from '../redis/client';
import type { ConnectionGuard } from './connection-guard';

/** `GET /api/health`: whether this instance can serve, and the sockets it holds. */

export type Health = {
  status: 'ok' | 'degraded' | 'down';
  checks: { database: 'ok' | 'error'; redis: 'ok' | 'error' | 'disabled' };
  /** Why the database is "error": fixed text and an error code, never a value from a request. */
  reason?: string;
  /** Sockets open now and the caps they are held under; `open_files_limit` is null when unreadable. */
  connections: { open: number; max: number; live: number; live_max: number; open_files_limit: number | null };
};

export type HealthSources = {
  database: Pick<Database, 'ping' | 'writes'>;
  /** Absent in embedded mode. */
  redis: Pick<Redis, 'ping'> | undefined;
  metrics: Pick<Metrics, 'databaseError'>;
  sockets: Pick<ConnectionGuard, 'stats'>;
  connections: Pick<LiveConnections, 'stats'>;
  config: Pick<Config, 'live' | 'connections'>;
};

/** Long enough to span a health checker's interval; older failures say nothing about now. */
const WRITE_FAILURE_WINDOW_MS = 10_000;

/**
 * A ping shows the database answers a read, yet a full disk or a read-only server answers it
 * and still refuses every vote; so health also reports the vote path's own recent write
 * failures, cleared by its next successful write. Passive on purpose: a write probe would add
 * a write (and WAL) on every check from every monitor, need a table and a cleanup of its own,
 * and could fail or succeed for reasons the votes table does not share.
 */
export async function checkHealth(sources: HealthSources): Promise<Health> {
  const { database, redis, metrics, sockets, connections, config } = sources;
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
