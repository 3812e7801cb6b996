import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { ownRedisAvailability, startOwnRedis, type OwnRedis } from '../../tests/support/redis';
import { openRedis, RedisUnavailableError, type Redis } from './client';

const ownRedis = ownRedisAvailability();
const openssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!openssl) console.warn('skipping the Redis TLS test: openssl is not installed');
const log = createLogger('silent');

describe.skipIf(!ownRedis.run)('the Redis connections (own redis-server)', () => {
  const servers: OwnRedis[] = [];
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((redis) => redis.close()));
    await Promise.all(servers.map((server) => server.stop()));
  });
  const server = async (options: Parameters<typeof startOwnRedis>[0] = {}) => {
    const started = await startOwnRedis(options);
    servers.push(started);
    return started;
  };
  const connect = async (url: string, options: Partial<Parameters<typeof openRedis>[0]> = {}) => {
    const redis = await openRedis({ url, log, ...options });
    clients.push(redis);
    return redis;
  };

  it.skipIf(!openssl)('speaks TLS to a rediss:// URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-tls-'));
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const tlsServer = await server({ tls: { certFile, keyFile, caFile: certFile } });
    expect(tlsServer.url).toMatch(/^rediss:/);
    const redis = await connect(tlsServer.url, { tls: { ca: fs.readFileSync(certFile) } });
    expect(await redis.ping()).toBe(true);
    await redis.client.set('tls-check', 'ok');
    expect(await redis.client.get('tls-check')).toBe('ok');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails calls at once while Redis is down instead of queueing them, and reconnects when it is back', async () => {
    const own = await server();
    const redis = await connect(own.url);
    let reconnected = 0;
    redis.onReconnect(() => reconnected++);
    expect(await redis.ping()).toBe(true);
    await own.signal('SIGKILL');
    await expect
      .poll(() => !redis.client.isReady, { timeout: 10_000, interval: 20, message: 'the client noticed' })
      .toBe(true);
    await expect(redis.call((client) => client.get('k'))).rejects.toBeInstanceOf(RedisUnavailableError);
    await own.restart();
    await expect.poll(() => redis.ping(), { timeout: 10_000, interval: 20, message: 'reconnected' }).toBe(true);
    expect(reconnected).toBe(1);
  });

  it('gives up on a frozen Redis at the deadline, and after a few misses skips it for a moment', async () => {
    const own = await server();
    const redis = await connect(own.url, { timeoutMs: 100 });
    await own.signal('SIGSTOP');
    try {
      for (let i = 0; i < 3; i++) {
        await expect(redis.call((client) => client.get('k'))).rejects.toThrow(/did not answer within 100 ms/);
      }
      await expect(redis.call((client) => client.get('k'))).rejects.toThrow(/stopped answering/);
      expect(await redis.ping()).toBe(false);
    } finally {
      await own.signal('SIGCONT');
    }
    await expect.poll(() => redis.ping(), { timeout: 10_000, interval: 20, message: 'answering again' }).toBe(true);
  });

  it('runs its scripts again after Redis forgot them (SCRIPT FLUSH, restart)', async () => {
    const own = await server();
    const redis = await connect(own.url);
    const hit = () => redis.call((client) => client.rateLimitHit(['script-check'], [60_000, 10]));
    expect(await hit()).toMatchObject({ hits: 1 });
    await redis.client.scriptFlush();
    expect(await hit()).toMatchObject({ hits: 2 });
    await own.restart();
    await expect.poll(() => redis.ping(), { timeout: 10_000, interval: 20, message: 'reconnected' }).toBe(true);
    expect(await hit()).toMatchObject({ hits: 1 });
  });

  it('starts without Redis and uses it once it answers', async () => {
    const own = await server();
    await own.signal('SIGKILL');
    const redis = await connect(own.url, { connectWaitMs: 100 });
    let reconnected = 0;
    redis.onReconnect(() => reconnected++);
    expect(await redis.ping()).toBe(false);
    await own.restart();
    await expect.poll(() => redis.ping(), { timeout: 10_000, interval: 20, message: 'connected' }).toBe(true);
    expect(reconnected).toBe(1);
  });
});
