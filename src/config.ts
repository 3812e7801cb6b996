import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MIN_COOKIE_SECRET_LENGTH, parseTrustedProxies, type TrustedProxies } from './domain/voter';

/** The one reader of process.env: everything else receives a typed Config. */

/** A whole number in [min, max], with one plain message for anything else ("abc", 1.5, out of range). */
const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

const positiveInt = (fallback: number) =>
  wholeNumber(1, Number.MAX_SAFE_INTEGER, 'must be a whole number above 0').default(fallback);
const optionalPositiveInt = () => wholeNumber(1, Number.MAX_SAFE_INTEGER, 'must be a whole number above 0').optional();

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const redisUrl = z
  .string()
  .trim()
  .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

const ORIGIN_HINT =
  'must be an http:// or https:// origin such as https://polls.example.com, with no path, query or fragment';

/** An absolute http(s) origin, a trailing slash allowed; parsed to the origin itself (no slash). */
const publicUrl = z
  .string()
  .trim()
  .transform((value, context) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const bare =
      url !== undefined &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      !url.username &&
      !url.password &&
      url.pathname === '/' &&
      !/[?#]/.test(value);
    if (!bare) {
      context.addIssue({ code: 'custom', message: ORIGIN_HINT });
      return z.NEVER;
    }
    return url.origin;
  });

const envSchema = z.object({
  PORT: wholeNumber(0, 65535, 'must be a port number, a whole number from 0 to 65535').default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: databaseUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w:.-]*$/, 'may hold only letters, digits and _ : . -')
    .default(''),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  TRUST_PROXY: z.string().default(''),
  PUBLIC_URL: publicUrl.optional(),
  COOKIE_SECRET: z
    .string()
    .min(MIN_COOKIE_SECRET_LENGTH, `must be at least ${MIN_COOKIE_SECRET_LENGTH} characters`)
    .optional(),
  RATE_LIMIT_VOTES_PER_MINUTE: positiveInt(10),
  RATE_LIMIT_POLLS_PER_MINUTE: positiveInt(30),
  RATE_LIMIT_VOTES_PER_ADDRESS_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_POLLS_OVERALL_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE: positiveInt(30),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  NEXT_API_CLIENT_IP_HEADER: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+$/, 'must be a header name such as x-real-ip')
    .optional(),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (Prometheus sends it as a bearer token)')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DB_POOL_SIZE: positiveInt(8),
  DB_TIMEOUT_MS: positiveInt(5000),
  VOTE_BATCH_MAX: positiveInt(500),
  VOTE_WRITERS: positiveInt(1),
  LIVE_UPDATES_PER_SECOND: positiveInt(4),
  LIVE_CONNECTIONS_PER_ADDRESS: positiveInt(1000),
  // Unset, these three are derived from this process's open-file limit (connectionBudget).
  LIVE_CONNECTIONS_MAX: optionalPositiveInt(),
  CONNECTIONS_MAX: optionalPositiveInt(),
  CONNECTIONS_PER_ADDRESS: optionalPositiveInt(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Put before every Redis key and channel, so deployments (or test suites) can share one Redis. */
  redisKeyPrefix: string;
  dataDir: string;
  trustProxy: TrustedProxies;
  /**
   * The origin every absolute link, QR code and embed snippet is made with (no trailing slash);
   * unset, each request's own origin is used.
   */
  publicUrl: string | undefined;
  /**
   * Signs the voter cookie (src/voters/voter-cookie.ts). Always set in services mode; unset in
   * embedded mode, the composition root keeps one in DATA_DIR.
   */
  cookieSecret: string | undefined;
  rateLimit: {
    votesPerMinute: number;
    /** Per address in polls that count browsers, where votesPerMinute counts per browser. */
    votesPerAddressPerMinute: number;
    pollsPerMinute: number;
    pollsOverallPerMinute: number;
    /** Join codes no poll has, per address: past it, every lookup from there waits (guessing codes). */
    codeLookupsPerMinute: number;
  };
  /** How long a graceful stop waits for requests already received. */
  shutdownTimeoutMs: number;
  /**
   * The header a hosting platform sets to the client's address, for the API mounted in a Next
   * route handler (which cannot see the socket). Unset, that mount serves nothing.
   */
  nextApiClientIpHeader: string | undefined;
  /** Turns on GET /metrics for Prometheus, which must send it as a bearer token; unset, nothing is collected. */
  metricsToken: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /**
   * timeoutMs bounds each PostgreSQL call (server-side statement timeout, and a client-side
   * wait slightly longer for a link that stopped answering). PGlite runs in-process: no bound.
   */
  db: { poolSize: number; timeoutMs: number };
  votes: { batchMax: number; writers: number };
  /** Every socket our server accepted (src/server/connection-guard.ts). */
  connections: {
    /** Open sockets in this process, kept below its open-file limit. */
    max: number;
    /** Open sockets of one address (an IPv6 /64 is one), of any kind. */
    perAddress: number;
    /** The soft open-file limit this process runs with, when it could be read. */
    openFilesLimit: number | undefined;
  };
  live: {
    updatesPerSecond: number;
    /** Open SSE streams and WebSockets per voter address (an IPv6 /64 is one address). */
    connectionsPerAddress: number;
    /** Open SSE streams and WebSockets in this process, below `connections.max` so requests keep room. */
    connectionsMax: number;
  };
  dev: boolean;
};

/** Never repeated in a message, which ends up in logs: secrets, and URLs that may carry a password. */
const SECRETS = new Set(['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'COOKIE_SECRET', 'METRICS_TOKEN']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; a bad value throws a ConfigError naming the variable. */
/**
 * `serving: false` is for tools that only touch the database (`npm run db:migrate`): they sign no
 * cookies, so they need no cookie secret.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  { serving = true }: { serving?: boolean } = {},
): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]),
  );
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = SECRETS.has(name) ? undefined : blankToUndefined[name];
      return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
    });
    throw new ConfigError(`invalid configuration\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  let trustProxy: TrustedProxies;
  try {
    trustProxy = parseTrustedProxies(e.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError(`invalid configuration\n  TRUST_PROXY: ${(error as Error).message}`);
  }
  // Every instance must verify the cookies the others signed, so none may make up its own secret.
  if (serving && e.DATABASE_URL && !e.COOKIE_SECRET) {
    throw new ConfigError(
      `invalid configuration\n  COOKIE_SECRET: required with DATABASE_URL (the same value on every instance, at least ${MIN_COOKIE_SECRET_LENGTH} characters)`,
    );
  }
  const openFilesLimit = readOpenFilesLimit();
  const budget = connectionBudget(openFilesLimit);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    dataDir: path.resolve(e.DATA_DIR),
    trustProxy,
    publicUrl: e.PUBLIC_URL,
    cookieSecret: e.COOKIE_SECRET,
    rateLimit: {
      votesPerMinute: e.RATE_LIMIT_VOTES_PER_MINUTE,
      votesPerAddressPerMinute: e.RATE_LIMIT_VOTES_PER_ADDRESS_PER_MINUTE,
      pollsPerMinute: e.RATE_LIMIT_POLLS_PER_MINUTE,
      pollsOverallPerMinute: e.RATE_LIMIT_POLLS_OVERALL_PER_MINUTE,
      codeLookupsPerMinute: e.RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    nextApiClientIpHeader: e.NEXT_API_CLIENT_IP_HEADER,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    db: { poolSize: e.DB_POOL_SIZE, timeoutMs: e.DB_TIMEOUT_MS },
    votes: { batchMax: e.VOTE_BATCH_MAX, writers: e.VOTE_WRITERS },
    connections: {
      max: e.CONNECTIONS_MAX ?? budget.connectionsMax,
      perAddress: e.CONNECTIONS_PER_ADDRESS ?? budget.connectionsPerAddress,
      openFilesLimit,
    },
    live: {
      updatesPerSecond: e.LIVE_UPDATES_PER_SECOND,
      connectionsPerAddress: e.LIVE_CONNECTIONS_PER_ADDRESS,
      connectionsMax: e.LIVE_CONNECTIONS_MAX ?? budget.liveConnectionsMax,
    },
    dev: e.NODE_ENV === 'development',
  };
}

/** Used when the open-file limit cannot be read (not Linux, or "unlimited"). */
const UNKNOWN_LIMIT_CONNECTIONS = 10_000;

/**
 * How the open-file limit is shared out (docs/REALTIME.md, "Connection limits"): a quarter (256 to
 * 1,024) stays for the database, Redis and files (embedded, PGlite alone holds many:
 * docs/decisions/0008-connection-guard.md); of the sockets, an eighth (32 to 1,024) more is kept
 * from live streams for plain requests. One address may hold half the sockets: a hall behind one
 * NAT holds a stream and a few kept-alive sockets per browser, and a flood past the cap sheds the
 * heaviest address anyway.
 */
export function connectionBudget(openFilesLimit: number | undefined): {
  connectionsMax: number;
  connectionsPerAddress: number;
  liveConnectionsMax: number;
} {
  const sockets =
    openFilesLimit === undefined
      ? UNKNOWN_LIMIT_CONNECTIONS
      : Math.max(64, openFilesLimit - clamp(Math.floor(openFilesLimit / 4), 256, 1024));
  return {
    connectionsMax: sockets,
    connectionsPerAddress: Math.max(8, Math.floor(sockets / 2)),
    liveConnectionsMax: Math.max(32, sockets - clamp(Math.floor(sockets / 8), 32, 1024)),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The soft "Max open files" limit of this process. Node raises it to the hard limit as it starts,
 * so this is the most the process can have; undefined when it cannot be read or is unlimited.
 */
export function readOpenFilesLimit(limitsText: string | undefined = readProcessLimits()): number | undefined {
  const soft = limitsText ? /^Max open files\s+(\d+)\s/m.exec(limitsText)?.[1] : undefined;
  return soft === undefined ? undefined : Number(soft);
}

function readProcessLimits(): string | undefined {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}
