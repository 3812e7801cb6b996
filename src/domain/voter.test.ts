import { describe, expect, it } from 'vitest';
import { normalizeIp, parseTrustedProxies, rateLimitKey, resolveVoterIp } from './voter';

describe('voter identity', () => {
  it('reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(normalizeIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeIp('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('accepts bracketed and zoned IPv6, and rejects what is not an address', () => {
    expect(normalizeIp('[2001:DB8::1]')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('not-an-ip')).toBeUndefined();
    expect(normalizeIp('1.2.3.4.5')).toBeUndefined();
    expect(normalizeIp('')).toBeUndefined();
  });

  it('uses the socket address and ignores X-Forwarded-For by default', () => {
    expect(resolveVoterIp('198.51.100.1', '203.0.113.9', parseTrustedProxies(''))).toBe('198.51.100.1');
  });

  it('believes X-Forwarded-For only from a trusted proxy, reading right to left', () => {
    const trusted = parseTrustedProxies('127.0.0.1/8, 10.0.0.0/8, ::1');
    expect(resolveVoterIp('127.0.0.1', '203.0.113.9', trusted)).toBe('203.0.113.9');
    // The client may forge the leftmost entries; the first untrusted hop from the right wins.
    expect(resolveVoterIp('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3', trusted)).toBe('203.0.113.9');
    expect(resolveVoterIp('::ffff:127.0.0.1', '::ffff:198.51.100.4', trusted)).toBe('198.51.100.4');
    expect(resolveVoterIp('198.51.100.1', '203.0.113.9', trusted)).toBe('198.51.100.1');
  });

  it('stops at a malformed hop instead of believing what lies beyond it', () => {
    const trusted = parseTrustedProxies('127.0.0.1');
    expect(resolveVoterIp('127.0.0.1', '203.0.113.9, garbage', trusted)).toBe('127.0.0.1');
  });

  it('takes the leftmost hop when every hop is a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8,127.0.0.1');
    expect(resolveVoterIp('127.0.0.1', '10.0.0.5, 10.0.0.6', trusted)).toBe('10.0.0.5');
  });

  it('refuses a malformed TRUST_PROXY entry', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseTrustedProxies('localhost')).toThrow(/not an IP/);
  });

  it('counts an IPv6 rate limit per /64 and an IPv4 one per address', () => {
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe(rateLimitKey('2001:db8:1:2:bbbb::9'));
    expect(rateLimitKey('2001:db8:1:2::1')).not.toBe(rateLimitKey('2001:db8:1:3::1'));
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
  });
});
