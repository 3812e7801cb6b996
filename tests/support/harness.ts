import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startPollcast, type Pollcast } from '../../src/pollcast';
import { createLiveSockets, type LiveSockets } from '../../src/realtime/live-sockets';
import { listen } from '../../src/server/http-server';
import { TEST_COOKIE_SECRET } from './pollcast-process';
import { deleteRedisKeys, redisReachable } from './redis';

/** How long tests wait for an effect that travels through real sockets, databases and Redis. */
export const WAIT = { timeout: 10_000, interval: 10 };

/** Starts real pollcast servers for tests: PGlite in a temp dir, or a fresh PostgreSQL database. */

export type Mode = 'embedded' | 'services';

const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type TestServer = {
  url: string;
  pollcast: Pollcast;
  /** The /api/ws endpoint of this instance. */
  live: LiveSockets;
  databaseUrl?: string;
  /** Open TCP connections to this instance (HTTP, SSE and WebSocket). */
  connections(): Promise<number>;
  close(): Promise<void>;
};

/** `redis`: the Redis URL and key prefix every instance on this store shares. */
export type Store = { url?: string; dataDir: string; redis?: { url: string; prefix: string }; drop(): Promise<void> };

/** A place to keep data that no other test sees; with `redisUrl`, under a key prefix of its own. */
export async function freshStore(mode: Mode, options: { redisUrl?: string } = {}): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-test-'));
  const redis = options.redisUrl
    ? { url: options.redisUrl, prefix: `pollcast-test-${crypto.randomBytes(6).toString('hex')}:` }
    : undefined;
  const dropRedis = async () => {
    if (redis) await deleteRedisKeys(redis.url, redis.prefix).catch(() => undefined);
  };
  if (mode === 'embedded') {
    return {
      dataDir,
      redis,
      drop: async () => {
        await dropRedis();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `pollcast_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    redis,
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      await dropRedis();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

/** Starts one instance on a store; several instances may share a store in services mode. */
export async function startInstance(store: Store, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: store.dataDir,
    TRUST_PROXY: '127.0.0.1,::1',
    RATE_LIMIT_VOTES_PER_MINUTE: '100000',
    RATE_LIMIT_POLLS_PER_MINUTE: '100000',
    RATE_LIMIT_POLLS_OVERALL_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    COOKIE_SECRET: TEST_COOKIE_SECRET,
    ...(store.url ? { DATABASE_URL: store.url } : {}),
    ...(store.redis ? { REDIS_URL: store.redis.url, REDIS_KEY_PREFIX: store.redis.prefix } : {}),
    ...env,
  });
  const pollcast = await startPollcast(config, createLogger(config.logLevel));
  const live = createLiveSockets(pollcast);
  const running = await listen(pollcast, { port: 0, host: '127.0.0.1', onUpgrade: live.handleUpgrade });
  return {
    url: `http://127.0.0.1:${running.port}`,
    pollcast,
    live,
    databaseUrl: store.url,
    connections: () =>
      new Promise((resolve, reject) =>
        running.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    close: async () => {
      live.close();
      await running.close();
      await pollcast.close();
    },
  };
}

/**
 * Polls whose ballot count differs from their rows in votes, options whose count differs from the
 * ballots that chose them (ranked first, in a ranked poll), polls whose option counts are not one
 * per option, rankings whose count differs from the ballots that rank so, answer groups and
 * spellings whose count differs from the answers given, ballots with neither a choice nor an
 * answer nor a ranking, and rankings that name an option twice or one their poll lacks, or do not
 * start with their row's option: always empty when pollcast is right.
 */
export async function counterMismatches(pollcast: Pollcast): Promise<unknown[]> {
  const firstChoices = sql`((select count(*) from vote_choices c where c.option_id = o.id)
    + (select count(*) from votes v where v.poll_id = o.poll_id and v.ranking[1] = o.position))`;
  return pollcast.database.rows(sql`
    with counted as (
      select poll_id, ranking, count(*)::int as ballots from votes where ranking is not null group by poll_id, ranking
    ),
    given_groups as (select poll_id, group_key, count(*)::int as n from vote_answers group by poll_id, group_key),
    given_spellings as (
      select poll_id, group_key, answer, count(*)::int as n from vote_answers group by poll_id, group_key, answer
    )
    select p.id, p.total_votes, (select count(*) from votes v where v.poll_id = p.id) as rows
    from polls p where p.total_votes <> (select count(*) from votes v where v.poll_id = p.id)
    union all
    select o.id, p.option_counts[o.position + 1], ${firstChoices}
    from poll_options o join polls p on p.id = o.poll_id
    where p.option_counts[o.position + 1] is distinct from ${firstChoices}
    union all
    select coalesce(r.poll_id, k.poll_id), r.ballots, k.ballots
    from poll_rankings r full join counted k on k.poll_id = r.poll_id and k.ranking = r.ranking
    where r.ballots is distinct from k.ballots
    union all
    select p.id, cardinality(p.option_counts), (select count(*) from poll_options o where o.poll_id = p.id)
    from polls p where cardinality(p.option_counts) <> (select count(*) from poll_options o where o.poll_id = p.id)
    union all
    select coalesce(g.poll_id, k.poll_id), g.ballots, k.n
    from (select * from poll_answer_groups where ballots > 0) g
    full join given_groups k on k.poll_id = g.poll_id and k.group_key = g.group_key
    where g.ballots is distinct from k.n
    union all
    select coalesce(s.poll_id, k.poll_id), s.ballots, k.n
    from poll_answer_spellings s
    full join given_spellings k on k.poll_id = s.poll_id and k.group_key = s.group_key and k.answer = s.spelling
    where s.ballots is distinct from k.n
    union all
    select v.id, 0, 0 from votes v where v.ranking is null
      and not exists (select 1 from vote_choices c where c.vote_id = v.id)
      and not exists (select 1 from vote_answers a where a.vote_id = v.id)
    union all
    select v.id, cardinality(v.ranking), (select count(*) from poll_options o where o.poll_id = v.poll_id and o.position = any(v.ranking))
    from votes v where v.ranking is not null
      and (cardinality(v.ranking) = 0 or v.option_id is distinct from
           (select o.id from poll_options o where o.poll_id = v.poll_id and o.position = v.ranking[1])
           or cardinality(v.ranking) <> (select count(*) from poll_options o where o.poll_id = v.poll_id and o.position = any(v.ranking)))`);
}

let ipCounter = 0;
/** A distinct voter address for each call (sent as X-Forwarded-For from loopback, which tests trust). */
export function nextVoterIp(): string {
  ipCounter++;
  const n = (process.pid % 200) * 65536 + ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export type Reply<T = any> = { status: number; body: T; headers: Headers };

/** A small JSON client for tests, speaking as the voter at `ip` when given. */
export function client(baseUrl: string) {
  return async function request<T = any>(
    method: string,
    urlPath: string,
    options: { json?: unknown; body?: string; ip?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${urlPath}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: the test sees the text */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
}

/** Whether the services suite runs; with REQUIRE_SERVICES=1 a missing service fails instead. */
export async function servicesAvailability(
  needs: { postgres?: boolean; redis?: boolean } = {},
): Promise<{ run: boolean; reason?: string }> {
  const { postgres = true, redis = false } = needs;
  const missing: string[] = [];
  if (postgres && !(await postgresReachable())) missing.push(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}`);
  if (redis && !(await redisReachable(REDIS_TEST_URL))) missing.push(`Redis is not reachable at ${REDIS_TEST_URL}`);
  if (missing.length === 0) return { run: true };
  const reason = missing.join('; ');
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${reason}, and REQUIRE_SERVICES=1`);
  const suite = redis ? (postgres ? 'PostgreSQL and Redis' : 'Redis') : 'PostgreSQL';
  console.warn(`skipping the ${suite} suite: ${reason} (set REQUIRE_SERVICES=1 to fail instead)`);
  return { run: false, reason };
}

/** A TCP relay to a real server; closing it is a real outage as the client sees one. */
export async function tcpRelay(
  targetPort: number,
): Promise<{ port: number; cut(): void; freeze(): void; thaw(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let frozen = false;
  const flow = ([downstream, upstream]: [net.Socket, net.Socket]) => {
    if (downstream.destroyed || upstream.destroyed) {
      // One side closed while frozen: that close reaches the other side now.
      downstream.destroy();
      upstream.destroy();
      return;
    }
    downstream.pipe(upstream).pipe(downstream);
  };
  const stop = ([downstream, upstream]: [net.Socket, net.Socket]) => {
    downstream.unpipe(upstream);
    upstream.unpipe(downstream);
    downstream.pause();
    upstream.pause();
  };
  const server = net.createServer((downstream) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [downstream, upstream];
    for (const socket of pair) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    pairs.add(pair);
    upstream.on('close', () => pairs.delete(pair));
    if (frozen) stop(pair);
    else flow(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** Drops the connections open now, as a network blip does; new ones are relayed again. */
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    /**
     * A link that stops answering without closing, as a partition or a stalled server does:
     * no byte goes either way and no socket closes, so only a timeout tells the client.
     * New connections are accepted and stall too.
     */
    freeze: () => {
      frozen = true;
      for (const pair of pairs) stop(pair);
    },
    /** Bytes held back while frozen go through now, as after a partition heals. */
    thaw: () => {
      frozen = false;
      for (const pair of pairs) flow(pair);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * SQL for a distinct join code per number `n` (below 31^6), for tests that insert many polls in one
 * statement: the database's own default draws codes at random, and a million random draws clash.
 */
export function joinCodeSql(n: string): string {
  return `(select string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + ((${n})::bigint / power(31, k)::bigint % 31)::int, 1), '' order by k) from generate_series(0, 5) k)`;
}
