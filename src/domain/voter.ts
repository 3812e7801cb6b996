import { BlockList, isIP } from 'node:net';

/**
 * Voter identity (README, "Who counts as one voter"): the socket address, or the X-Forwarded-For hop just before
 * the nearest proxy we trust. Every spelling of one address reads as one text, and an
 * IPv4-mapped IPv6 address reads as its IPv4 address, so one person cannot vote twice by
 * switching spellings (proxies differ in how they write the same peer, and some add its port).
 * voterKey also folds the IPv6 forms made from an IPv4 address into that address.
 */

/**
 * Who is voting. `address` is the voter's address as voterKey reads it (an IPv4 address, or an
 * IPv6 /64); `browser` is the random id in the browser's signed voter cookie. A poll counts one
 * ballot per address or one per browser, as its creator chose (`voter_identity`); the address is
 * recorded either way.
 */
export type Voter = { address: string; browser: string };

/** The shortest COOKIE_SECRET that signs voter cookies (docs/decisions/0009-voter-cookie-mac.md). */
export const MIN_COOKIE_SECRET_LENGTH = 32;

/**
 * The name of the voter's ballot in a poll that counts `identity`: the address, or the browser.
 * The vote path's rate limits, duplicate hints and batches, and the live viewers who wait to
 * see results after voting, all use this one name.
 */
export function ballotKey(voter: Voter, identity: 'address' | 'browser'): string {
  return identity === 'browser' ? `browser:${voter.browser}` : voter.address;
}

export type TrustedProxies = {
  list: BlockList;
  empty: boolean;
  /**
   * The IPv4 entries as numbers: every request asks about its peer and each forwarded hop, and
   * BlockList.check builds a SocketAddress for each question, several times the cost of this
   * arithmetic, on the vote path (docs/BENCHMARKS.md, history, 2026-11-28).
   */
  v4: { network: number; mask: number }[];
};

/**
 * Canonical text of an IP address, or undefined when the text is not one: IPv4 as dotted
 * decimal, an IPv4-mapped IPv6 address (::ffff:0:0/96, in any spelling) as the IPv4 address it
 * carries, and other IPv6 as lower-case compressed text (RFC 5952). Brackets and a zone are
 * dropped.
 */
export function normalizeIp(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (isIP(text) === 4) return text;
  const words = ipv6Words(text);
  if (!words) return undefined;
  return isMappedIpv4(words) ? mappedIpv4Text(words) : ipv6Text(words);
}

/** Parses TRUST_PROXY: a comma-separated list of addresses or CIDRs. */
export function parseTrustedProxies(spec: string): TrustedProxies {
  const list = new BlockList();
  const v4: TrustedProxies['v4'] = [];
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(address);
    if (!ip || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (prefixText !== undefined && (!/^\d+$/.test(prefixText) || prefix > max)) {
      throw new Error(`"${entry}" has a bad prefix length`);
    }
    if (family === 'ipv4') {
      const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
      v4.push({ network: (ipv4Number(ip) & mask) >>> 0, mask });
    }
    list.addSubnet(ip, prefix, family);
  }
  return { list, empty: entries.length === 0, v4 };
}

/** Whether `ip` (as normalizeIp writes it) is one of the proxies in TRUST_PROXY. */
export function isTrusted(ip: string, trusted: TrustedProxies): boolean {
  if (trusted.empty) return false;
  if (isIP(ip) !== 4) return trusted.list.check(ip, 'ipv6');
  const value = ipv4Number(ip);
  return trusted.v4.some(({ network, mask }) => (value & mask) >>> 0 === network);
}

/**
 * A dotted IPv4 address (already validated) as an unsigned 32-bit number. Read digit by digit:
 * it runs a few times on every request, and splitting the text allocated each time.
 */
function ipv4Number(ip: string): number {
  let value = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const code = ip.charCodeAt(i);
    if (code === 46) {
      value = value * 256 + part;
      part = 0;
    } else part = part * 10 + (code - 48);
  }
  return value * 256 + part;
}

/**
 * The client address for a request that reached us from `socketAddress`. Forwarded hops are
 * read right to left, and only while each hop so far is a proxy we trust.
 */
export function resolveVoterIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined | null,
  trusted: TrustedProxies,
): string | undefined {
  let client = normalizeIp(socketAddress);
  if (!client || !forwardedFor || !isTrusted(client, trusted)) return client;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(withoutPort(hops[i]!));
    if (!hop) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return client;
  }
  return client;
}

/**
 * A forwarded hop without the port some proxies add (Azure and IIS write `203.0.113.9:1234`, others
 * `[2001:db8::1]:443`). An IPv6 address without brackets keeps its last word: it is no port.
 */
function withoutPort(hop: string): string {
  const text = hop.trim();
  const bracketed = /^\[([^\]]*)\]:\d{1,5}$/.exec(text);
  if (bracketed) return bracketed[1]!;
  const dotted = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return dotted ? dotted[1]! : text;
}

/**
 * The identity a vote and the vote rate limit count against in address mode: an IPv4 address
 * itself, or for IPv6 the /64 network as canonical text with "/64" (e.g. "2001:db8:1:2::/64"),
 * which PostgreSQL's inet accepts. A /64 is what one subscriber line is usually given, so the
 * 2^64 addresses inside it are one voter. An IPv6 address that carries an IPv4 one (see
 * embeddedIpv4) is that IPv4 voter. Text that is not an address comes back unchanged rather
 * than folded into some shared key that would merge unrelated callers.
 */
export function voterKey(ip: string): string {
  const canonical = normalizeIp(ip);
  if (!canonical) return ip;
  if (isIP(canonical) === 4) return canonical;
  const words = ipv6Words(canonical);
  if (!words) return canonical;
  const ipv4 = embeddedIpv4(words);
  if (ipv4) return ipv4;
  return `${ipv6Text([...words.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/**
 * The IPv4 address an IPv6 address is made from, when it is one of the forms that reach a server
 * from an IPv4 host: IPv4-compatible `::a.b.c.d` (but `::` and `::1`, which are IPv6's own), the
 * NAT64 well-known prefix `64:ff9b::/96` (RFC 6052), and 6to4's `2002:AABB:CCDD::/48` (RFC 3056),
 * a whole /48 whose 65,536 /64s would otherwise each be a voter of their own.
 */
function embeddedIpv4(words: number[]): string | undefined {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  const zeroes = w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0;
  if (w0 === 0 && w1 === 0 && zeroes && (w6 !== 0 || w7 > 1)) return ipv4Text(w6, w7);
  if (w0 === 0x64 && w1 === 0xff9b && zeroes) return ipv4Text(w6, w7);
  if (w0 === 0x2002) return ipv4Text(w1, w2);
  return undefined;
}

/**
 * The eight 16-bit words of an IPv6 address without brackets or zone, or undefined when the
 * text is not one. node:net checks the syntax; this only expands what it accepted.
 */
function ipv6Words(text: string): number[] | undefined {
  if (isIP(text) !== 6) return undefined;
  let hex = text;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    hex = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const gap = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...Array<string>(gap).fill('0'), ...right].map((word) => parseInt(word, 16));
  return words.length === 8 && words.every((word) => word >= 0 && word <= 0xffff) ? words : undefined;
}

function isMappedIpv4(words: number[]): boolean {
  return words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff;
}

function mappedIpv4Text(words: number[]): string {
  const [high = 0, low = 0] = words.slice(6);
  return ipv4Text(high, low);
}

/** Dotted text of the IPv4 address in two 16-bit words. */
function ipv4Text(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * RFC 5952 text, so one address has one spelling: lower-case hex without leading zeros, and the
 * longest run (the first, if tied) of two or more zero words written as "::".
 */
function ipv6Text(words: number[]): string {
  let runStart = -1;
  let runLength = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && words[end] === 0) end++;
    if (end - i > runLength) [runStart, runLength] = [i, end - i];
    i = end;
  }
  const hex = (part: number[]) => part.map((word) => word.toString(16)).join(':');
  if (runLength < 2) return hex(words);
  return `${hex(words.slice(0, runStart))}::${hex(words.slice(runStart + runLength))}`;
}
