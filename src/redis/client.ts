import { randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { createClient, type RedisClientType } from 'redis';
import { describeError, type Logger } from '../logger';
import { redisKeys, type RedisKeys } from './keys';
import { scripts } from './scripts';

/**
 * The Redis connections of one process (docs/decisions/0001-redis-client.md): one for
 * commands, one for pub/sub, never one per request or per viewer. Redis only makes pollcast
 * faster, so every call has a short deadline and fails at once while Redis is away: no
 * offline queue piles up, and the caller goes on with PostgreSQL or in-process state.
 */

/** A plain node-redis connection, without pollcast's scripts. */
export type RedisClient = ReturnType<typeof createClient>;
/** pollcast's connections: a RedisClient that also runs the scripts of ./scripts by name. */
type ScriptedRedisClient = RedisClientType<Record<never, never>, Record<never, never>, typeof scripts>;

export type RedisOptions = {
  url: string;
  keyPrefix?: string;
  log: Logger;
  /** Extra TLS settings (a private CA in tests); `rediss://` alone trusts the system's CAs. */
  tls?: ConnectionOptions;
  /** How long one call may take before pollcast goes on without Redis. */
  timeoutMs?: number;
  /** How long start-up waits for Redis before it starts without (and keeps trying). */
  connectWaitMs?: number;
  /** Told of every call: how long it took and whether it succeeded (for metrics). */
  onCall?: (seconds: number, ok: boolean) => void;
};

export type Redis = {
  keys: RedisKeys;
  /** Names this process in CLIENT LIST and tags what it publishes. */
  instanceId: string;
  /** The command connection: everything but SUBSCRIBE. */
  client: ScriptedRedisClient;
  /** The one subscriber connection of this process. */
  subscriber: ScriptedRedisClient;
  /** Runs calls that must answer within the deadline; rejects at once while Redis is away. */
  call<T>(run: (client: ScriptedRedisClient) => Promise<T>): Promise<T>;
  /** Sends writes whose loss only costs speed: a failure is logged, never thrown. */
  send(what: string, run: (client: ScriptedRedisClient) => Promise<unknown>): void;
  ping(): Promise<boolean>;
  /** Runs when the command connection becomes ready after pollcast had to go on without it. */
  onReconnect(listener: () => void): void;
  /** Runs each time the subscriber connection is ready (again). */
  onSubscriberReady(listener: () => void): void;
  close(): Promise<void>;
};

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

const DEFAULT_TIMEOUT_MS = 250;
/**
 * After this many calls in a row missed their deadline (a stalled Redis, not one slow reply on a
 * busy machine), Redis is skipped for a while instead of stalling every request.
 */
const MISSES_BEFORE_SKIPPING = 3;
const SKIP_MS = 1_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** Bounds what waits on a stalled server; beyond it calls fail at once. */
const MAX_QUEUED_COMMANDS = 10_000;
const FAILURE_LOG_INTERVAL_MS = 10_000;

export async function openRedis(options: RedisOptions): Promise<Redis> {
  const { log } = options;
  const instanceId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const { client, subscriber } = createConnections(options, instanceId);
  const deadline = deadlineCalls(client, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const logFailure = failureLog(log);
  let serving = false;
  const reconnectListeners: (() => void)[] = [];
  const subscriberListeners: (() => void)[] = [];

  client.on('error', (error: unknown) => logFailure('connection', error));
  subscriber.on('error', (error: unknown) => logFailure('subscriber connection', error));
  client.on('ready', () => {
    deadline.reset();
    // Ready while serving means pollcast ran without Redis for a while (or started without it).
    if (!serving) return;
    log.info('redis is answering');
    for (const listener of reconnectListeners) listener();
  });
  subscriber.on('ready', () => {
    for (const listener of subscriberListeners) listener();
  });

  const call = timedCalls(deadline.call, options.onCall);

  // connect() keeps retrying until it succeeds or the client is destroyed; start-up waits only a little.
  const connected = Promise.all([client.connect(), subscriber.connect()]).then(
    () => true,
    () => false,
  );
  const ready = await answeredWithin(connected, options.connectWaitMs ?? 2_000);
  if (!ready) log.warn('redis is not answering; starting without it and retrying in the background');
  serving = true;

  return {
    keys: redisKeys(options.keyPrefix),
    instanceId,
    client,
    subscriber,
    call,
    send: (what, run) => void call(run).catch((error: unknown) => logFailure(what, error)),
    ping: () =>
      call((c) => c.ping()).then(
        () => true,
        () => false,
      ),
    onReconnect: (listener) => void reconnectListeners.push(listener),
    onSubscriberReady: (listener) => void subscriberListeners.push(listener),
    close: async () => {
      await Promise.all([shut(subscriber), shut(client)]);
      await connected;
    },
  };
}

/** The command connection and the subscriber, reconnecting on their own, with no offline queue. */
function createConnections(options: RedisOptions, instanceId: string) {
  const tls = options.url.startsWith('rediss:');
  const socket = {
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Exponential back-off with jitter, so many instances do not reconnect in step.
    reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100),
  };
  const client = createClient({
    url: options.url,
    name: `pollcast:${instanceId}`,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    // `call` below holds the deadline; node-redis's own per-command timeout costs an AbortSignal each.
    commandOptions: { timeout: 0 },
    socket: tls ? { ...socket, ...options.tls, tls: true } : socket,
    scripts,
  });
  const subscriber = client.duplicate({ name: `pollcast:${instanceId}:sub` });
  return { client, subscriber };
}

/** Logs that Redis is unavailable at most once per FAILURE_LOG_INTERVAL_MS. */
function failureLog(log: Logger): (what: string, error: unknown) => void {
  let lastFailureLog = 0;
  return (what, error) => {
    const now = Date.now();
    if (now - lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    lastFailureLog = now;
    log.warn('redis unavailable; going on without it', { what, ...describeError(error) });
  };
}

type Run<T> = (client: ScriptedRedisClient) => Promise<T>;

/**
 * Calls that must answer within `timeoutMs`: they fail at once while the connection is down, and
 * for SKIP_MS once MISSES_BEFORE_SKIPPING calls in a row missed their deadline.
 */
function deadlineCalls(client: ScriptedRedisClient, timeoutMs: number) {
  let skipUntil = 0;
  let missesInARow = 0;
  return {
    /** The connection is ready (again): no call is skipped. */
    reset(): void {
      skipUntil = 0;
      missesInARow = 0;
    },
    call<T>(run: Run<T>): Promise<T> {
      if (!client.isReady) return Promise.reject(new RedisUnavailableError('redis is not connected'));
      if (Date.now() < skipUntil) return Promise.reject(new RedisUnavailableError('redis stopped answering'));
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(
          // Timers run before socket reads in an event-loop turn: give a reply that already arrived
          // one turn to be read, so a busy process does not mistake its own lag for a stalled Redis.
          () =>
            setImmediate(() => {
              if (settled) return;
              settled = true;
              if (++missesInARow >= MISSES_BEFORE_SKIPPING) skipUntil = Date.now() + SKIP_MS;
              reject(new RedisUnavailableError(`redis did not answer within ${timeoutMs} ms`));
            }),
          timeoutMs,
        );
        run(client).then(
          (value) => {
            clearTimeout(timer);
            missesInARow = 0;
            if (!settled) resolve(value);
            settled = true;
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (!settled) reject(error);
            settled = true;
          },
        );
      });
    },
  };
}

/** `call` that tells `onCall`, when given, how long each call took and whether it succeeded. */
function timedCalls(callOnce: <T>(run: Run<T>) => Promise<T>, onCall: RedisOptions['onCall']) {
  return function call<T>(run: Run<T>): Promise<T> {
    if (!onCall) return callOnce(run);
    const started = performance.now();
    const result = callOnce(run);
    result.then(
      () => onCall((performance.now() - started) / 1000, true),
      () => onCall((performance.now() - started) / 1000, false),
    );
    return result;
  };
}

/** Whether `connected` settled true within `ms`. */
async function answeredWithin(connected: Promise<boolean>, ms: number): Promise<boolean> {
  let waitTimer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    connected,
    new Promise<false>((resolve) => (waitTimer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(waitTimer);
  return ready;
}

/** Lets pending replies arrive for a moment, then drops the connection whatever state it is in. */
async function shut(client: ScriptedRedisClient): Promise<void> {
  if (client.isReady) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.close().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 1_000))),
    ]);
    clearTimeout(timer);
  }
  if (client.isOpen) client.destroy();
}
