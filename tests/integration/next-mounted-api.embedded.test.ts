import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, rawRequest, ROOT } from '../support/pollcast-process';

/**
 * The API mounted in Next's route handler, served by `next start` alone (hosting without our
 * server). It cannot see the socket, so it serves only when told which header the host sets to
 * the client's address; then that header, and nothing a client adds, decides who votes.
 */

type NextProcess = { url: string; stop(): Promise<void> };
const running: NextProcess[] = [];
afterEach(async () => {
  for (const next of running.splice(0)) await next.stop();
});

async function startNext(env: Record<string, string>): Promise<NextProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-next-'));
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', ...env },
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next: NextProcess = {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.push(next);
  await expect
    .poll(
      () =>
        fetch(`${next.url}/polls/new`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000, interval: 200 },
    )
    .toBe(200);
  return next;
}

describe('the API inside Next without our server', () => {
  it('serves nothing unless NEXT_API_CLIENT_IP_HEADER says where the client address comes from', async () => {
    const next = await startNext({});
    const reply = await rawRequest(next.url, 'POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] } });
    expect([reply.status, reply.body.error.code]).toEqual([404, 'not_found']);
    expect(reply.body.error.message).toContain('NEXT_API_CLIENT_IP_HEADER');
  });

  it('tells voters apart by the configured header only', async () => {
    const next = await startNext({ NEXT_API_CLIENT_IP_HEADER: 'x-real-ip', RATE_LIMIT_VOTES_PER_MINUTE: '1000' });
    const created = await rawRequest(next.url, 'POST', '/api/polls', {
      json: { title: 'Through Next', options: ['a', 'b'] },
      headers: { 'x-real-ip': '10.40.0.1' },
    });
    expect(created.status).toBe(201);
    const { id, options } = created.body;
    const vote = (headers: Record<string, string>) =>
      rawRequest(next.url, 'POST', `/api/polls/${id}/vote`, { json: { option_id: options[0].id }, headers });

    expect((await vote({ 'x-real-ip': '10.40.0.2' })).body.counted).toBe(true);
    // A client's own X-Forwarded-For is not the configured header: the same voter, nothing counted.
    for (let i = 0; i < 5; i++) {
      const again = await vote({ 'x-real-ip': '10.40.0.2', 'x-forwarded-for': `10.41.0.${i}` });
      expect([again.status, again.body.counted]).toEqual([200, false]);
    }
    expect((await vote({ 'x-real-ip': '10.40.0.3' })).body.counted).toBe(true);
    const missing = await rawRequest(next.url, 'GET', `/api/polls/${crypto.randomUUID()}`, {
      headers: { 'x-real-ip': '10.40.0.3' },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  });
});
