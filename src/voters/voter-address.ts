import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { resolveVoterIp, voterKey, type TrustedProxies, type Voter } from '../domain/voter';
import { EMBED_REQUEST_HEADER, isEmbedPage } from '../domain/embed';
import { cameOverHttps, type VoterCookies } from './voter-cookie';

/**
 * Set by our server on every request it hands on (any value the client sent is replaced): the
 * voter's address and browser id, and when that id was minted for this request, the Set-Cookie
 * value that keeps it (absent otherwise).
 */
const VOTER_IP_HEADER = 'x-pollcast-voter-ip';
const VOTER_BROWSER_HEADER = 'x-pollcast-voter-browser';
const VOTER_SET_COOKIE_HEADER = 'x-pollcast-voter-set-cookie';

/**
 * The one way a request that reached our server (an API call, a page, a WebSocket upgrade)
 * becomes a voter: the socket's peer, or the X-Forwarded-For hop just before the nearest proxy
 * in TRUST_PROXY (Node joins repeated headers with commas), read as the identity votes and rate
 * limits count against (an IPv6 /64 is one voter; see voterKey).
 */
export function voterAddressOf(req: IncomingMessage, trusted: TrustedProxies): string | undefined {
  const forwarded = req.headers['x-forwarded-for'];
  const ip = resolveVoterIp(
    req.socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    trusted,
  );
  return ip === undefined ? undefined : voterKey(ip);
}

/**
 * Who sent a request. `address` is undefined only when it cannot be read (the socket already
 * closed). `setCookie` is there when the request carried no voter cookie we signed: `browser` was
 * minted for it, and the answer should hand the browser that cookie.
 */
export type RequestVoter = { address: string | undefined; browser: string; setCookie?: string };

/** The voter of a request our server received: its address, and its browser from the signed cookie. */
export function requestVoterOf(req: IncomingMessage, trusted: TrustedProxies, cookies: VoterCookies): RequestVoter {
  return voterWith(
    voterAddressOf(req, trusted),
    req.headers.cookie,
    cookies,
    () => cameOverHttps(req, trusted),
    comesFromEmbed(req),
  );
}

/**
 * The embed page, and the votes cast in it (its script sends EMBED_REQUEST_HEADER): their new
 * voter cookie must work inside a frame on another site (docs/EMBED.md).
 */
function comesFromEmbed(req: IncomingMessage): boolean {
  return isEmbedPage(req.url) || req.headers[EMBED_REQUEST_HEADER] === '1';
}

/**
 * The voter at `address` whose request sent `cookieHeader`, minting a browser when it holds no
 * voter cookie we signed. `overHttps` says whether that new cookie may be Secure, `framed`
 * whether it is for the embed (VoterCookies.mint).
 */
export function voterWith(
  address: string | undefined,
  cookieHeader: string | null | undefined,
  cookies: VoterCookies,
  overHttps: () => boolean,
  framed = false,
): RequestVoter {
  const browser = cookies.browserOf(cookieHeader);
  if (browser) return { address, browser };
  const minted = cookies.mint(overHttps(), framed);
  return { address, browser: minted.browser, setCookie: minted.setCookie };
}

/** The Voter a vote counts against, or undefined when the address is unknown. */
export function voterOf({ address, browser }: RequestVoter): Voter | undefined {
  return address === undefined ? undefined : { address, browser };
}

/** Tells what runs behind our server (the API, the pages) who the voter is, replacing whatever a client sent. */
export function passVoterOn(headers: IncomingHttpHeaders, voter: RequestVoter): void {
  headers[VOTER_IP_HEADER] = voter.address ?? '';
  headers[VOTER_BROWSER_HEADER] = voter.browser;
  if (voter.setCookie) headers[VOTER_SET_COOKIE_HEADER] = voter.setCookie;
  else delete headers[VOTER_SET_COOKIE_HEADER];
}

/** The voter passVoterOn wrote, read back through `header`; undefined when the request did not come through our server. */
export function voterPassedOn(header: (name: string) => string | null | undefined): RequestVoter | undefined {
  const browser = header(VOTER_BROWSER_HEADER);
  if (!browser) return undefined;
  return {
    address: header(VOTER_IP_HEADER) || undefined,
    browser,
    setCookie: header(VOTER_SET_COOKIE_HEADER) || undefined,
  };
}
