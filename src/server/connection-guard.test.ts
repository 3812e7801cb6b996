import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '../domain/voter';
import { createConnectionGuard } from './connection-guard';

/** Just what the guard touches of a socket: its peer, destroy(), and the close that follows. */
class FakeSocket extends EventEmitter {
  destroyed = false;
  constructor(readonly remoteAddress: string | undefined) {
    super();
  }
  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true;
      queueMicrotask(() => this.emit('close'));
    }
    return this;
  }
}

function guarded(limits: {
  max: number;
  perAddress: number;
  trustProxy?: string;
  descriptors?: { limit: number; count(): number };
}) {
  const refused: string[] = [];
  const shed: string[] = [];
  const guard = createConnectionGuard(
    { ...limits, trustProxy: parseTrustedProxies(limits.trustProxy ?? '') },
    { refused: (reason) => refused.push(reason), shed: (key) => shed.push(key) },
  );
  const connect = (address: string | undefined) => {
    const socket = new FakeSocket(address);
    guard.accept(socket as unknown as Socket);
    return socket;
  };
  return { guard, connect, refused, shed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('connection guard', () => {
  it('closes a socket past its address share, counting every spelling and a /64 as one address', async () => {
    const { guard, connect, refused } = guarded({ max: 100, perAddress: 2 });
    const kept = [connect('203.0.113.9'), connect('::ffff:203.0.113.9')];
    const third = connect('203.0.113.9');
    expect(third.destroyed).toBe(true);
    expect(kept.some((socket) => socket.destroyed)).toBe(false);
    connect('2001:db8:1:2::1');
    connect('2001:db8:1:2::2');
    expect(connect('2001:db8:1:2:ffff::3').destroyed).toBe(true);
    expect(refused).toEqual(['address', 'address']);
    expect(guard.stats()).toMatchObject({ open: 4, addresses: 2 });

    kept[0]!.destroy();
    await settle();
    expect(connect('203.0.113.9').destroyed).toBe(false);
  });

  it('when full, sheds the newest socket of the heaviest address to let another address in', () => {
    const { guard, connect, shed, refused } = guarded({ max: 5, perAddress: 10 });
    const heavy = [1, 2, 3, 4].map(() => connect('198.51.100.1'));
    const other = connect('198.51.100.2');
    const newcomer = connect('198.51.100.3');
    expect(newcomer.destroyed).toBe(false);
    expect(heavy.map((socket) => socket.destroyed)).toEqual([false, false, false, true]);
    expect(other.destroyed).toBe(false);
    expect(shed).toEqual(['198.51.100.1']);
    expect(guard.stats().open).toBe(5);

    // The heaviest address itself gets no place by shedding its own kind.
    expect(connect('198.51.100.1').destroyed).toBe(true);
    expect(refused).toEqual(['server']);
  });

  it('refuses a newcomer when no address holds more than its fair share', () => {
    const { connect, refused } = guarded({ max: 3, perAddress: 10 });
    const first = ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map(connect);
    expect(connect('192.0.2.4').destroyed).toBe(true);
    expect(first.some((socket) => socket.destroyed)).toBe(false);
    expect(refused).toEqual(['server']);
  });

  it("counts a trusted proxy's socket for the address it forwards, from its first request", () => {
    const { guard, connect } = guarded({ max: 100, perAddress: 2, trustProxy: '127.0.0.1' });
    // Many people arrive through one proxy: its sockets are not capped as one address.
    const sockets = [1, 2, 3, 4].map(() => connect('127.0.0.1'));
    expect(sockets.some((socket) => socket.destroyed)).toBe(false);
    expect(guard.attribute(sockets[0] as unknown as Socket, '10.9.9.9')).toBe(true);
    expect(guard.attribute(sockets[1] as unknown as Socket, '10.9.9.9')).toBe(true);
    expect(guard.attribute(sockets[2] as unknown as Socket, '10.9.9.9')).toBe(false);
    expect(guard.attribute(sockets[2] as unknown as Socket, '10.9.9.10')).toBe(true);
    expect(guard.stats()).toMatchObject({ open: 4, addresses: 3 });
  });

  it('in a graceful stop, closes idle sockets only and makes pending answers close their connection', async () => {
    const { guard, connect } = guarded({ max: 100, perAddress: 10 });
    const idle = connect('192.0.2.1');
    const busy = connect('192.0.2.2');
    const upgraded = connect('192.0.2.3');
    const response = { headersSent: false, shouldKeepAlive: true } as ServerResponse;
    guard.requestStarted(busy as unknown as Socket, response);
    guard.upgraded(upgraded as unknown as Socket);

    expect(guard.closeIdle(60_000)).toBe(3);
    expect(idle.destroyed).toBe(false);
    expect(response.shouldKeepAlive).toBe(false);

    expect(guard.closeIdle(0)).toBe(2);
    expect([idle.destroyed, busy.destroyed, upgraded.destroyed]).toEqual([true, false, false]);

    guard.requestEnded(busy as unknown as Socket);
    expect(guard.closeIdle(0)).toBe(1);
    expect(busy.destroyed).toBe(true);
    await settle();
    expect(guard.stats().open).toBe(1);
  });

  it('lowers its cap when other descriptors leave less room below the open-file limit', () => {
    // 400 descriptors in all; besides the sockets, 250 are held by files and the database.
    let sockets = 0;
    const { guard, connect } = guarded({
      max: 300,
      perAddress: 1,
      descriptors: { limit: 400, count: () => 250 + sockets },
    });
    for (let i = 0; i < 150; i++) {
      connect(`10.0.${i >> 8}.${i & 255}`);
      sockets++;
    }
    // 400 − 250 − a margin of 64 leaves room for 86 sockets, fewer than the 150 open.
    expect(connect('10.1.0.1').destroyed).toBe(true);
    expect(guard.stats()).toMatchObject({ open: 150, max: 86 });
  });
});
