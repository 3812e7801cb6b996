import { BlockList, isIP } from 'node:net';

/**
 * Voter identity (DESIGN §6): the socket address, or the X-Forwarded-For hop just before
 * the nearest proxy we trust. IPv4-mapped IPv6 addresses are read as IPv4 so one person
 * cannot vote twice by switching between the two spellings.
 */

export type TrustedProxies = { list: BlockList; empty: boolean };

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Canonical text of an IP address, or undefined when the text is not one. */
export function normalizeIp(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const mapped = MAPPED_V4.exec(text);
  if (mapped?.[1]) text = mapped[1];
  const family = isIP(text);
  if (family === 4) return text;
  if (family === 6) return text.toLowerCase();
  return undefined;
}

/** Parses TRUST_PROXY: a comma-separated list of addresses or CIDRs. */
export function parseTrustedProxies(spec: string): TrustedProxies {
  const list = new BlockList();
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(address);
    if (!ip || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      list.addAddress(ip, family);
      continue;
    }
    const prefix = Number(prefixText);
    const max = family === 'ipv4' ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || prefix > max) throw new Error(`"${entry}" has a bad prefix length`);
    list.addSubnet(ip, prefix, family);
  }
  return { list, empty: entries.length === 0 };
}

function isTrusted(ip: string, trusted: TrustedProxies): boolean {
  if (trusted.empty) return false;
  return trusted.list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
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
    const hop = normalizeIp(hops[i]);
    if (!hop) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return client;
  }
  return client;
}

/** The bucket a rate limit counts against: one address for IPv4, the /64 for IPv6. */
export function rateLimitKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const fill = ip.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((group) => group.padStart(4, '0'));
}
