import { createCipheriv, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isTrusted, MIN_COOKIE_SECRET_LENGTH, normalizeIp, type TrustedProxies } from '../domain/voter';

/**
 * The browser half of a Voter (src/domain/voter.ts): a random id the browser keeps in a cookie
 * signed with COOKIE_SECRET. A client can drop the cookie and become a new browser, but it cannot
 * pick another browser's id or make one up.
 *
 * The signature is the id's 16 bytes enciphered as one AES-256 block under a key derived from
 * the secret: on a fixed-length message a block cipher is a sound MAC, and one block on a cipher
 * made once per process costs far less than a new HMAC object per cookie, on a path every
 * cookieless voter takes (docs/decisions/0009-voter-cookie-mac.md, docs/BENCHMARKS.md). Cookies
 * minted before, signed with HMAC-SHA256 of the id, are read as before until they run out.
 */

export const VOTER_COOKIE = 'pollcast_voter';
/** A year: the cookie is only ever sent when minted, so this is how long one browser stays one voter. */
const MAX_AGE_SECONDS = 31_536_000;
/** The only spelling randomUUID writes, so one browser id has one signed value. */
const BROWSER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the signing key is derived for, so it is never the HMAC key of the older signatures. */
const TAG_KEY_CONTEXT = 'pollcast voter cookie tag, AES-256, 1';
/** A tag (one AES block) in base64url; the older HMAC-SHA256 signatures are 43 characters. */
const TAG_LENGTH = 22;

type MintedVoterCookie = { browser: string; setCookie: string };

export type VoterCookies = {
  /** The browser id in a Cookie header, or undefined when it holds none we signed (absent, malformed, tampered). */
  browserOf(cookieHeader: string | null | undefined): string | undefined;
  /**
   * A new browser id and the Set-Cookie value that hands it to the browser. `framed`: for the
   * embed page and its requests, whose cookie must live in a frame on another site: over HTTPS it
   * is `SameSite=None; Secure; Partitioned` (kept per embedding site). Browsers refuse
   * SameSite=None without Secure, so over plain HTTP it stays Lax (docs/EMBED.md).
   */
  mint(secure: boolean, framed?: boolean): MintedVoterCookie;
};

export function createVoterCookies(secret: string): VoterCookies {
  if (secret.length < MIN_COOKIE_SECRET_LENGTH) {
    throw new Error(`the voter cookie secret must be at least ${MIN_COOKIE_SECRET_LENGTH} characters`);
  }
  const key = Buffer.from(secret, 'utf8');
  // ECB on single blocks, never finished: each update() enciphers the one block it is given.
  const block = createCipheriv('aes-256-ecb', createHmac('sha256', key).update(TAG_KEY_CONTEXT).digest(), null);
  block.setAutoPadding(false);
  const tagOf = (browser: string) =>
    block.update(Buffer.from(browser.replaceAll('-', ''), 'hex')).toString('base64url');
  /** How cookies were signed before the tag; still read, never written. */
  const hmacOf = (browser: string) => createHmac('sha256', key).update(browser).digest('base64url');

  const verified = (value: string): string | undefined => {
    const dot = value.indexOf('.');
    if (dot === -1) return undefined;
    const browser = value.slice(0, dot);
    if (!BROWSER_ID.test(browser)) return undefined;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(given.length === TAG_LENGTH ? tagOf(browser) : hmacOf(browser));
    return given.length === expected.length && timingSafeEqual(given, expected) ? browser : undefined;
  };

  return {
    browserOf(cookieHeader) {
      if (!cookieHeader) return undefined;
      // A client may send the name twice (another path, or a planted copy): any one we signed will do.
      for (const pair of cookieHeader.split(';')) {
        const eq = pair.indexOf('=');
        if (eq === -1 || pair.slice(0, eq).trim() !== VOTER_COOKIE) continue;
        const browser = verified(pair.slice(eq + 1).trim());
        if (browser) return browser;
      }
      return undefined;
    },
    mint(secure, framed = false) {
      const browser = randomUUID();
      const crossSite = secure && framed;
      const attributes =
        `HttpOnly; SameSite=${crossSite ? 'None' : 'Lax'}; Path=/; Max-Age=${MAX_AGE_SECONDS}` +
        (crossSite ? '; Secure; Partitioned' : secure ? '; Secure' : '');
      return { browser, setCookie: `${VOTER_COOKIE}=${browser}.${tagOf(browser)}; ${attributes}` };
    },
  };
}

/**
 * Whether the browser reached us over HTTPS, so its cookie may be Secure: our own socket is TLS,
 * or the peer is a proxy in TRUST_PROXY and says so in X-Forwarded-Proto. Anyone else's header is
 * ignored. Marking a cookie Secure over plain HTTP would make the browser never send it back.
 */
export function cameOverHttps(req: IncomingMessage, trusted: TrustedProxies): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  const peer = normalizeIp(req.socket.remoteAddress);
  if (!peer || !isTrusted(peer, trusted)) return false;
  return saysHttps(req.headers['x-forwarded-proto']);
}

/**
 * An X-Forwarded-Proto value names HTTPS. Only its last entry counts: a proxy that appends writes
 * its own view there, and anything before it came from whoever connected to that proxy.
 */
export function saysHttps(forwardedProto: string | string[] | null | undefined): boolean {
  const text = Array.isArray(forwardedProto) ? forwardedProto.join(',') : (forwardedProto ?? '');
  return text.split(',').pop()?.trim().toLowerCase() === 'https';
}
