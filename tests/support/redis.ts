import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createLogger } from '../../src/logger';
import { openRedis, type Redis, type RedisClient, type RedisOptions } from '../../src/redis/client';

/**
 * Redis for tests. The shared Redis (TEST_REDIS_URL, 6379) is only used under unique key
 * prefixes; tests that flush, kill or freeze Redis start a redis-server of their own on a
 * free port in 6390–6399 and stop it by its PID.
 */

/** A plain client to look at Redis directly; the caller closes it with `destroy()`. */
export async function testRedisClient(url: string, tls?: ConnectionOptions): Promise<RedisClient> {
  const client: RedisClient = createClient({
    url,
    socket: { connectTimeout: 1_000, reconnectStrategy: false, ...(tls ? { ...tls, tls: true } : {}) },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** pollcast's own connections, under a key prefix no other test uses; `close` also deletes its keys. */
export async function openTestRedis(url: string, options: Partial<RedisOptions> = {}): Promise<Redis> {
  const redis = await openRedis({
    url,
    keyPrefix: `pollcast-test-${randomBytes(6).toString('hex')}:`,
    log: createLogger('silent'),
    ...options,
  });
  return {
    ...redis,
    close: async () => {
      await redis.close();
      await deleteRedisKeys(url, redis.keys.prefix).catch(() => undefined);
    },
  };
}

export async function redisReachable(url: string): Promise<boolean> {
  try {
    const client = await testRedisClient(url);
    await client.ping();
    client.destroy();
    return true;
  } catch {
    return false;
  }
}

/** Deletes the keys under one test's prefix, and nothing else: an empty prefix is refused. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  if (!prefix.startsWith('pollcast-test-')) throw new Error(`refusing to delete Redis keys under "${prefix}"`);
  const client = await testRedisClient(url);
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}

/** Whether fault tests can start a redis-server of their own; with REQUIRE_SERVICES=1 a missing one fails. */
export function ownRedisAvailability(): { run: boolean } {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return { run: true };
  const reason = 'redis-server is not installed (apt-get install -y redis-server)';
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${reason}, and REQUIRE_SERVICES=1`);
  console.warn(`skipping the Redis fault tests: ${reason} (set REQUIRE_SERVICES=1 to fail instead)`);
  return { run: false };
}

export type OwnRedis = {
  url: string;
  port: number;
  pid(): number;
  /** Sends a signal; SIGKILL and SIGTERM wait until the server is gone. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port, empty (it keeps nothing on disk). */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export type OwnRedisTls = { certFile: string; keyFile: string; caFile: string };

const OWN_PORTS = [6390, 6391, 6392, 6393, 6394, 6395, 6396, 6397, 6398, 6399];

/** A redis-server of this test's own, without persistence, on the first free port of 6390–6399. */
export async function startOwnRedis(options: { tls?: OwnRedisTls } = {}): Promise<OwnRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-redis-'));
  for (const port of OWN_PORTS) {
    if (await portInUse(port)) continue;
    const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    args.push(...(options.tls ? tlsArgs(port, options.tls) : ['--port', String(port)]));
    let child = await launch(args);
    if (!child) continue;
    const scheme = options.tls ? 'rediss' : 'redis';
    const stopChild = async (signal: NodeJS.Signals) => {
      const running = child as ChildProcess;
      if (running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid as number, signal);
      await exited;
    };
    return {
      url: `${scheme}://127.0.0.1:${port}`,
      port,
      pid: () => (child as ChildProcess).pid as number,
      signal: async (signal) => {
        if (signal === 'SIGKILL' || signal === 'SIGTERM') return stopChild(signal);
        process.kill((child as ChildProcess).pid as number, signal);
      },
      restart: async () => {
        await stopChild('SIGKILL');
        // The port can stay busy for a moment after a kill.
        for (let attempt = 0; attempt < 20; attempt++) {
          const started = await launch(args);
          if (started) {
            child = started;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`redis-server did not start again on port ${port}`);
      },
      stop: async () => {
        await stopChild('SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error('no free port for a redis-server of our own in 6390-6399');
}

function tlsArgs(port: number, tls: OwnRedisTls): string[] {
  return [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--tls-cert-file',
    tls.certFile,
    '--tls-key-file',
    tls.keyFile,
    '--tls-ca-cert-file',
    tls.caFile,
    '--tls-auth-clients',
    'no',
  ];
}

/** Resolves with the running server once it accepts connections, or undefined if it exited. */
function launch(args: string[]): Promise<ChildProcess | undefined> {
  return new Promise((resolve) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(undefined);
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve(child);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
