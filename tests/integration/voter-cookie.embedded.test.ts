import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rawRequest, ROOT, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * The browser half of a voter, as browsers and forgers meet it: `npm start`'s process with its
 * pages built, reached over raw HTTP and WebSocket. Each browser without a valid signed cookie is
 * handed one; the secret that signs them outlives a restart.
 */

const COOKIE = /^pollcast_voter=([0-9a-f-]{36}\.[\w-]{22}); HttpOnly; SameSite=Lax; Path=\/; Max-Age=31536000$/;

/** The voter cookie a reply hands out, if any (Next may send others beside it). */
function voterSetCookie(headers: Record<string, string | string[] | undefined>): string | undefined {
  const all = headers['set-cookie'];
  return (Array.isArray(all) ? all : all === undefined ? [] : [all]).find((value) =>
    value.startsWith('pollcast_voter='),
  );
}

/** The `Cookie` request header a browser would send back for a reply's voter cookie. */
function cookieFrom(headers: Record<string, string | string[] | undefined>): string {
  const setCookie = voterSetCookie(headers);
  expect(setCookie).toMatch(COOKIE);
  return `pollcast_voter=${COOKIE.exec(setCookie!)![1]}`;
}

describe('the voter cookie', () => {
  let server: PollcastProcess;
  let dataDir: string;
  let poll: { id: string; options: { id: string }[] };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-voter-cookie-'));
    // Peers at 127.0.0.1 are a proxy we trust; 127.0.0.2 is a client connecting directly.
    server = await startPollcastProcess({ dataDir, env: { TRUST_PROXY: '127.0.0.1' } });
    const created = await rawRequest(server.url, 'POST', '/api/polls', {
      json: { title: 'Cookies?', options: ['Yes', 'No'] },
    });
    expect(created.status).toBe(201);
    poll = created.body;
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands a page visitor without one a signed, HttpOnly, SameSite=Lax cookie, and one who has it nothing', async () => {
    const first = await rawRequest(server.url, 'GET', '/', { from: '127.0.0.2' });
    expect(first.status).toBe(200);
    const cookie = cookieFrom(first.headers);

    const next = await rawRequest(server.url, 'GET', '/polls/new', { headers: { cookie }, from: '127.0.0.2' });
    expect(next.status).toBe(200);
    expect(voterSetCookie(next.headers)).toBeUndefined();
  });

  it("never rides on the build's files, which caches between may keep for every visitor", async () => {
    const page = await rawRequest(server.url, 'GET', '/', { from: '127.0.0.2' });
    const scripts = [...String(page.body).matchAll(/<script src="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const reply = await rawRequest(server.url, 'GET', script, { from: '127.0.0.2' });
      expect(reply.status, script).toBe(200);
      expect(reply.headers['cache-control'], script).toContain('immutable');
      expect(voterSetCookie(reply.headers), script).toBeUndefined();
    }
    // Spelled as a build file, read by Next as a page: the page brings the cookie as ever.
    const traversed = await rawRequest(server.url, 'GET', '/_next/static/../../polls/new', { from: '127.0.0.2' });
    expect(traversed.status).toBe(200);
    expect(voterSetCookie(traversed.headers)).toMatch(COOKIE);
  });

  it('hands one out with the answers that read or cast a ballot, and with no other API answer', async () => {
    const details = await rawRequest(server.url, 'GET', `/api/polls/${poll.id}`);
    expect(details.status).toBe(200);
    const cookie = cookieFrom(details.headers);

    const vote = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
      json: { option_id: poll.options[0]!.id },
    });
    expect(vote.status).toBe(200);
    cookieFrom(vote.headers);

    const known = await rawRequest(server.url, 'GET', `/api/polls/${poll.id}`, { headers: { cookie } });
    expect(voterSetCookie(known.headers)).toBeUndefined();
    const list = await rawRequest(server.url, 'GET', '/api/polls');
    expect(list.status).toBe(200);
    expect(voterSetCookie(list.headers)).toBeUndefined();
  });

  it('still hands one out when the ballot is refused', async () => {
    const refused = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, { json: { option_id: 'x' } });
    expect(refused.status).toBe(400);
    cookieFrom(refused.headers);
  });

  it('replaces a tampered cookie with a new browser', async () => {
    const cookie = cookieFrom((await rawRequest(server.url, 'GET', '/')).headers);
    const [browser, signature] = cookie.slice('pollcast_voter='.length).split('.') as [string, string];
    for (const forged of [
      `pollcast_voter=${crypto.randomUUID()}.${signature}`,
      `pollcast_voter=${browser}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `pollcast_voter=${browser}`,
    ]) {
      const reply = await rawRequest(server.url, 'GET', '/', { headers: { cookie: forged } });
      expect(cookieFrom(reply.headers), forged).not.toContain(browser);
    }
  });

  it('is Secure when a proxy in TRUST_PROXY says the browser came over HTTPS, and not when a client says so', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    const proxied = await rawRequest(server.url, 'GET', '/', { headers, from: '127.0.0.1' });
    expect(voterSetCookie(proxied.headers)).toMatch(/; Secure$/);
    const direct = await rawRequest(server.url, 'GET', '/', { headers, from: '127.0.0.2' });
    expect(voterSetCookie(direct.headers)).toMatch(COOKIE);
  });

  it('rides on the 101 of a WebSocket upgrade that came without one', async () => {
    const upgrade = (headers: Record<string, string> = {}) =>
      new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/ws`, { headers });
        ws.once('upgrade', (response) => {
          resolve(response.headers);
          ws.close();
        });
        ws.once('error', reject);
      });
    const cookie = cookieFrom(await upgrade());
    expect(voterSetCookie(await upgrade({ cookie }))).toBeUndefined();
  });

  it('still verifies after a restart on the same DATA_DIR, whose secret only its owner can read', async () => {
    const cookie = cookieFrom((await rawRequest(server.url, 'GET', '/')).headers);
    expect(fs.statSync(path.join(dataDir, 'cookie-secret')).mode & 0o777).toBe(0o600);
    await server.stop();
    server = await startPollcastProcess({ dataDir, env: { TRUST_PROXY: '127.0.0.1' } });
    const after = await rawRequest(server.url, 'GET', '/', { headers: { cookie } });
    expect(after.status).toBe(200);
    expect(voterSetCookie(after.headers)).toBeUndefined();
  });
});

describe('services mode', () => {
  it('refuses to start without COOKIE_SECRET, naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'postgres://127.0.0.1:1/pollcast', COOKIE_SECRET: '', LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('COOKIE_SECRET');
  });
});
