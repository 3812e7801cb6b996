import { describe, expect, it } from 'vitest';
import { createLiveConnections } from './live-connections';

describe('live connection counting', () => {
  it('caps each address and the process, and frees a slot once however often it is released', () => {
    const connections = createLiveConnections({ perAddress: 2, max: 3 });
    const a1 = connections.admit('203.0.113.1');
    const a2 = connections.admit('203.0.113.1');
    expect(connections.admit('203.0.113.1')).toBe('address_full');
    const b1 = connections.admit('203.0.113.2');
    expect(connections.admit('203.0.113.3')).toBe('server_full');
    expect(connections.stats()).toEqual({ open: 3, addresses: 2 });

    if (typeof a1 !== 'function' || typeof a2 !== 'function' || typeof b1 !== 'function') throw new Error('refused');
    a1();
    a1();
    expect(connections.stats()).toEqual({ open: 2, addresses: 2 });
    expect(typeof connections.admit('203.0.113.1')).toBe('function');
    expect(connections.admit('203.0.113.1')).toBe('server_full');
  });

  it('counts an IPv6 /64 as one address, and an unknown address only against the process', () => {
    const connections = createLiveConnections({ perAddress: 1, max: 10 });
    expect(typeof connections.admit('2001:db8:1:2::1')).toBe('function');
    expect(connections.admit('2001:db8:1:2:ffff::9')).toBe('address_full');
    expect(typeof connections.admit('2001:db8:1:3::1')).toBe('function');
    expect(typeof connections.admit(undefined)).toBe('function');
    expect(typeof connections.admit(undefined)).toBe('function');
    expect(connections.stats()).toEqual({ open: 4, addresses: 2 });
  });
});
