import { describe, expect, it } from 'vitest';
import { normalizeIp, parseTrustedProxies, resolveVoterIp, voterKey, isTrusted } from './voter';

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

  it('counts an IPv6 voter per /64 and an IPv4 one per address', () => {
    expect(voterKey('2001:db8:1:2:aaaa::1')).toBe(voterKey('2001:db8:1:2:bbbb::9'));
    expect(voterKey('2001:db8:1:2::1')).not.toBe(voterKey('2001:db8:1:3::1'));
    expect(voterKey('203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('every spelling of one address', () => {
  const mappedSpellings = [
    '10.77.1.2',
    '::ffff:10.77.1.2',
    '::ffff:a4d:102',
    '::FFFF:A4D:0102',
    '0:0:0:0:0:ffff:10.77.1.2',
    '0000:0000:0000:0000:0000:ffff:0a4d:0102',
    '::FFFF:10.77.1.2',
    '[::ffff:10.77.1.2]',
    '[::ffff:a4d:102]',
    '::ffff:10.77.1.2%eth0',
    '[::ffff:a4d:102%1]',
    ' ::ffff:10.77.1.2 ',
  ];

  it.each(mappedSpellings)('reads %s as the IPv4 address 10.77.1.2', (spelling) => {
    expect(normalizeIp(spelling)).toBe('10.77.1.2');
    expect(voterKey(spelling)).toBe('10.77.1.2');
  });

  it('writes other IPv6 addresses as lower-case compressed text', () => {
    for (const spelling of [
      '2001:db8::1',
      '2001:DB8::1',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      '2001:db8:0:0::0:1',
      '[2001:db8::1]',
      '2001:db8::1%eth0',
    ]) {
      expect(normalizeIp(spelling)).toBe('2001:db8::1');
    }
    // The longest run of zero words is the one compressed, the first of two equal runs, and never a lone one.
    expect(normalizeIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(normalizeIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(normalizeIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(normalizeIp('0:0:0:0:0:0:0:0')).toBe('::');
    expect(normalizeIp('0:0:0:0:0:0:0:1')).toBe('::1');
    // Only ::ffff:0:0/96 carries an IPv4 address; the deprecated ::a.b.c.d form is an IPv6 address.
    expect(normalizeIp('::10.77.1.2')).toBe('::a4d:102');
    expect(normalizeIp('64:ff9b::10.77.1.2')).toBe('64:ff9b::a4d:102');
  });

  it.each([
    '',
    '   ',
    'junk',
    '1.2.3',
    '1.2.3.256',
    '::ffff:10.77.1',
    '::ffff:10.77.1.2.3',
    '1::2::3',
    '12345::1',
    'gg::1',
    '[::1',
    '1:2:3:4:5:6:7:8:9',
  ])('refuses %j', (junk) => {
    expect(normalizeIp(junk)).toBeUndefined();
  });

  it('keys IPv6 by its /64 written as canonical text that PostgreSQL inet accepts', () => {
    expect(voterKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(voterKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(voterKey('[2001:db8:1:2:3:4:5:6%eth0]')).toBe('2001:db8:1:2::/64');
    expect(voterKey('2001:db8::1')).toBe('2001:db8::/64');
    expect(voterKey('fe80::1')).toBe('fe80::/64');
    expect(voterKey('::1')).toBe('::/64');
  });

  it('gives two addresses in one /64 one key, and neighbouring /64s different keys', () => {
    expect(voterKey('2001:db8:1:2::1')).toBe(voterKey('2001:db8:1:2:dead:beef:0:7'));
    expect(voterKey('2001:db8:1:2::1')).not.toBe(voterKey('2001:db8:1:3::1'));
    expect(voterKey('2001:db8:1:2::1')).not.toBe(voterKey('2001:db9:1:2::1'));
    // IPv4 addresses are not grouped: one address, one voter.
    expect(voterKey('10.77.1.2')).not.toBe(voterKey('10.77.1.3'));
  });

  it('resolves the same voter whatever spelling the forwarding hops use', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 192.168.0.0/16, ::1');
    const voters = new Set(
      mappedSpellings.map((spelling) => resolveVoterIp('127.0.0.1', `6.6.6.6, ${spelling}, 192.168.1.1`, trusted)),
    );
    expect([...voters]).toEqual(['10.77.1.2']);
    // A trusted proxy is still trusted when written in another spelling, so the hop before it wins.
    expect(resolveVoterIp('::ffff:7f00:1', '203.0.113.9, ::ffff:c0a8:101', trusted)).toBe('203.0.113.9');
    expect(resolveVoterIp('0:0:0:0:0:ffff:127.0.0.1', '203.0.113.9, [::FFFF:192.168.1.1]', trusted)).toBe(
      '203.0.113.9',
    );
    expect(resolveVoterIp('0:0:0:0:0:0:0:1', '[2001:DB8:1:2::7]', trusted)).toBe('2001:db8:1:2::7');
    expect(resolveVoterIp('::1', '2001:db8:1:2::7%eth0, 0:0:0:0:0:0:0:1', trusted)).toBe('2001:db8:1:2::7');
  });
});

describe('IPv6 addresses made from an IPv4 one', () => {
  it('counts IPv4-compatible, NAT64 and 6to4 addresses as the IPv4 voter they carry', () => {
    for (const spelling of ['::10.9.9.9', '::a09:909', '64:ff9b::10.9.9.9', '64:FF9B::A09:909', '2002:a09:909::1']) {
      expect(voterKey(spelling), spelling).toBe('10.9.9.9');
    }
    // A 6to4 site is a /48: every /64 in it is the one IPv4 host that made it.
    expect(voterKey('2002:a09:909:ffff:1::2')).toBe('10.9.9.9');
    expect(voterKey('2002:a09:90a::1')).toBe('10.9.9.10');
  });

  it('keeps IPv6 addresses that only look alike as IPv6 voters', () => {
    expect(voterKey('::1')).toBe('::/64');
    expect(voterKey('::')).toBe('::/64');
    // Beyond the NAT64 /96, and the local-use NAT64 prefix (RFC 8215) embeds differently.
    expect(voterKey('64:ff9b:0:0:1::a09:909')).toBe('64:ff9b::/64');
    expect(voterKey('64:ff9b:1::a09:909')).toBe('64:ff9b:1::/64');
    expect(voterKey('2001:db8::a09:909')).toBe('2001:db8::/64');
  });
});

describe('forwarded hops with a port', () => {
  const trusted = parseTrustedProxies('127.0.0.1, 192.168.0.0/16');

  it('reads a hop with a port as its address', () => {
    expect(resolveVoterIp('127.0.0.1', '10.9.9.9:1234', trusted)).toBe('10.9.9.9');
    expect(resolveVoterIp('127.0.0.1', '[2001:db8::1]:443', trusted)).toBe('2001:db8::1');
    expect(resolveVoterIp('127.0.0.1', '6.6.6.6, 10.9.9.9:1234, 192.168.1.1:8080', trusted)).toBe('10.9.9.9');
    expect(resolveVoterIp('127.0.0.1', '[::ffff:10.9.9.9]:1', trusted)).toBe('10.9.9.9');
  });

  it('reads an unbracketed IPv6 address whole, and stops at a malformed port', () => {
    expect(resolveVoterIp('127.0.0.1', '2001:db8::1:443', trusted)).toBe('2001:db8::1:443');
    expect(resolveVoterIp('127.0.0.1', '10.9.9.9:123456', trusted)).toBe('127.0.0.1');
    expect(resolveVoterIp('127.0.0.1', '10.9.9.9:', trusted)).toBe('127.0.0.1');
    expect(resolveVoterIp('127.0.0.1', '[2001:db8::1]x', trusted)).toBe('127.0.0.1');
  });
});

describe('isTrusted', () => {
  it('matches IPv4 addresses and subnets exactly at their edges', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, 192.168.4.0/23');
    for (const ip of ['10.0.0.0', '10.255.255.255', '127.0.0.1', '192.168.4.1', '192.168.5.255']) {
      expect(isTrusted(ip, trusted), ip).toBe(true);
    }
    for (const ip of ['9.255.255.255', '11.0.0.0', '127.0.0.2', '192.168.3.255', '192.168.6.0']) {
      expect(isTrusted(ip, trusted), ip).toBe(false);
    }
    expect(isTrusted('203.0.113.9', parseTrustedProxies('0.0.0.0/0'))).toBe(true);
    expect(isTrusted('::1', parseTrustedProxies('127.0.0.1, ::1'))).toBe(true);
    expect(isTrusted('::2', parseTrustedProxies('127.0.0.1, ::1'))).toBe(false);
  });
});
