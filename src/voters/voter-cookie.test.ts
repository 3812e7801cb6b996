import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustedProxies, type TrustedProxies } from '../domain/voter';
import { passVoterOn, requestVoterOf, type RequestVoter } from './voter-address';
import { cameOverHttps, createVoterCookies, VOTER_COOKIE } from './voter-cookie';

const SECRET = 'a secret of at least thirty-two characters';
const cookies = createVoterCookies(SECRET);
const valueOf = (setCookie: string) => /^pollcast_voter=([^;]+)/.exec(setCookie)![1]!;

describe('the voter cookie', () => {
  it('hands out a random browser id that reads back from the cookie it is sent in', () => {
    const { browser, setCookie } = cookies.mint(false);
    expect(browser).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(setCookie).toMatch(new RegExp(`^${VOTER_COOKIE}=${browser}\\.[\\w-]{22}; `));
    expect(cookies.browserOf(`${VOTER_COOKIE}=${valueOf(setCookie)}`)).toBe(browser);
    expect(cookies.browserOf(`theme=dark; ${VOTER_COOKIE}=${valueOf(setCookie)}; lang=en`)).toBe(browser);
    expect(cookies.mint(false).browser).not.toBe(browser);
  });

  it('reads a cookie it did not sign, or cannot read, as no cookie', () => {
    const value = valueOf(cookies.mint(false).setCookie);
    const [browser = '', signature = ''] = value.split('.');
    const other = createVoterCookies('another secret of thirty-two characters or more');
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const tampered of [
      `${crypto.randomUUID()}.${signature}`,
      `${flip(browser, 0)}.${signature}`,
      `${browser}.${flip(signature, 10)}`,
      `${browser}.${signature}x`,
      `${browser}.${signature.slice(0, -1)}`,
      `${browser.toUpperCase()}.${signature}`,
      `${browser}.`,
      browser,
      '',
      '.',
      'not-a-cookie',
      valueOf(other.mint(false).setCookie),
    ]) {
      expect(cookies.browserOf(`${VOTER_COOKIE}=${tampered}`), tampered).toBeUndefined();
    }
    expect(cookies.browserOf(undefined)).toBeUndefined();
    expect(cookies.browserOf(`other_${VOTER_COOKIE}=${value}`)).toBeUndefined();
  });

  it('still reads the cookies it signed before with HMAC-SHA256, and no forgery of them', () => {
    const browser = crypto.randomUUID();
    const older = (secret: string) => `${browser}.${createHmac('sha256', secret).update(browser).digest('base64url')}`;
    expect(cookies.browserOf(`${VOTER_COOKIE}=${older(SECRET)}`)).toBe(browser);
    const signature = older(SECRET).split('.')[1]!;
    for (const forged of [
      older('another secret of thirty-two characters or more'),
      `${crypto.randomUUID()}.${signature}`,
      `${browser}.${signature.slice(0, 22)}`,
      `${browser}.${signature.slice(0, 42)}B`,
    ]) {
      expect(cookies.browserOf(`${VOTER_COOKIE}=${forged}`), forged).toBeUndefined();
    }
  });

  it('takes the signed one when a client sends the name twice', () => {
    const { browser, setCookie } = cookies.mint(false);
    const header = `${VOTER_COOKIE}=${crypto.randomUUID()}.forged; ${VOTER_COOKIE}=${valueOf(setCookie)}`;
    expect(cookies.browserOf(header)).toBe(browser);
  });

  it('is HttpOnly, SameSite=Lax, for the whole site, kept a year, and Secure only when asked', () => {
    const attributes = (setCookie: string) => setCookie.split('; ').slice(1);
    expect(attributes(cookies.mint(false).setCookie)).toEqual([
      'HttpOnly',
      'SameSite=Lax',
      'Path=/',
      'Max-Age=31536000',
    ]);
    expect(attributes(cookies.mint(true).setCookie)).toEqual([
      'HttpOnly',
      'SameSite=Lax',
      'Path=/',
      'Max-Age=31536000',
      'Secure',
    ]);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => createVoterCookies('x'.repeat(31))).toThrow(/32/);
  });
});

/** A real server that answers with what our server reads from each request under `trusted`. */
function serverUnder(trusted: TrustedProxies) {
  const server = http.createServer((req, res) => {
    const voter = requestVoterOf(req, trusted, cookies);
    passVoterOn(req.headers, voter);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ voter, https: cameOverHttps(req, trusted), headers: req.headers }));
  });
  let url = '';
  return {
    get: async (headers: Record<string, string> = {}) => {
      const response = await fetch(url, { headers });
      return (await response.json()) as {
        voter: RequestVoter;
        https: boolean;
        headers: Record<string, string | undefined>;
      };
    },
    start: async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the voter of a request', () => {
  const direct = serverUnder(parseTrustedProxies(''));
  const behindProxy = serverUnder(parseTrustedProxies('127.0.0.1'));
  beforeAll(() => Promise.all([direct.start(), behindProxy.start()]));
  afterAll(() => Promise.all([direct.stop(), behindProxy.stop()]));

  it('mints a browser and a cookie for a request without one, and keeps the browser of a valid one', async () => {
    const first = await direct.get();
    expect(first.voter.address).toBe('127.0.0.1');
    expect(first.voter.setCookie).toContain(`${VOTER_COOKIE}=${first.voter.browser}.`);

    const again = await direct.get({ cookie: `${VOTER_COOKIE}=${valueOf(first.voter.setCookie!)}` });
    expect(again.voter).toEqual({ address: '127.0.0.1', browser: first.voter.browser });
  });

  it('replaces a tampered cookie with a new browser', async () => {
    const { browser, setCookie } = cookies.mint(false);
    const tampered = `${VOTER_COOKIE}=${valueOf(setCookie).slice(0, -2)}AA`;
    const reply = await direct.get({ cookie: tampered });
    expect(reply.voter.browser).not.toBe(browser);
    expect(reply.voter.setCookie).toContain(`${VOTER_COOKIE}=${reply.voter.browser}.`);
  });

  it('passes the voter on in headers that replace whatever the client sent in them', async () => {
    const reply = await direct.get({
      'x-pollcast-voter-ip': '10.0.0.1',
      'x-pollcast-voter-browser': crypto.randomUUID(),
      'x-pollcast-voter-set-cookie': `${VOTER_COOKIE}=planted`,
    });
    expect(reply.headers['x-pollcast-voter-ip']).toBe('127.0.0.1');
    expect(reply.headers['x-pollcast-voter-browser']).toBe(reply.voter.browser);
    expect(reply.headers['x-pollcast-voter-set-cookie']).toBe(reply.voter.setCookie);

    const cookie = `${VOTER_COOKIE}=${valueOf(reply.voter.setCookie!)}`;
    const known = await direct.get({ cookie, 'x-pollcast-voter-set-cookie': `${VOTER_COOKIE}=planted` });
    expect(known.headers['x-pollcast-voter-set-cookie']).toBeUndefined();
  });

  it('makes the cookie Secure over HTTPS, which a peer in TRUST_PROXY may vouch for and no one else', async () => {
    const secure = (reply: { voter: RequestVoter }) => reply.voter.setCookie!.endsWith('; Secure');
    const plain = await behindProxy.get();
    expect([plain.https, secure(plain)]).toEqual([false, false]);
    const forwarded = await behindProxy.get({ 'x-forwarded-proto': 'https' });
    expect([forwarded.https, secure(forwarded)]).toEqual([true, true]);
    // The trusted proxy appended its own view: plain HTTP, whatever its client claimed before it.
    const appended = await behindProxy.get({ 'x-forwarded-proto': 'https, http' });
    expect([appended.https, secure(appended)]).toEqual([false, false]);

    const untrusted = await direct.get({ 'x-forwarded-proto': 'https' });
    expect([untrusted.https, secure(untrusted)]).toEqual([false, false]);
  });

  it('reads a TLS socket as HTTPS without any header', () => {
    const req = new http.IncomingMessage(new tls.TLSSocket(new net.Socket()) as unknown as net.Socket);
    expect(cameOverHttps(req, parseTrustedProxies(''))).toBe(true);
    expect(cameOverHttps(new http.IncomingMessage(new net.Socket()), parseTrustedProxies(''))).toBe(false);
  });
});
