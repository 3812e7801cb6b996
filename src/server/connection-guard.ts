import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isTrusted, normalizeIp, voterKey, type TrustedProxies } from '../domain/voter';

/**
 * Every open socket holds a file descriptor: a live stream, a WebSocket, an idle keep-alive
 * connection and a client that never finishes its headers alike. When the process runs out,
 * accept() fails for everyone, health checks included. This guard counts every socket our server
 * accepted, by the address it speaks for, and keeps the total below CONNECTIONS_MAX so the
 * descriptors above it stay for the database, Redis, files and the people not flooding us:
 *
 * - one address holds at most `perAddress` sockets; past that a new one is closed at once;
 * - at `max` sockets, a newcomer takes the place of the newest socket of the heaviest address
 *   (shed), unless the newcomer's own address is that heavy, and then it is closed instead.
 *
 * A trusted proxy's sockets count, from their first request on, for the address it forwards
 * (docs/REALTIME.md, "Connection limits").
 */

export type ConnectionGuardStats = { open: number; addresses: number; max: number; perAddress: number };

export type ConnectionGuard = {
  /** Counts a socket the server just accepted, or closes it when its address or the process is full. */
  accept(socket: Socket): void;
  /** A request arrived on `socket`: the socket is busy until requestEnded. */
  requestStarted(socket: Socket, response: ServerResponse): void;
  /**
   * The request on `socket` (or its upgrade) is for `address` (a voter key, as voterAddressOf
   * gives it): from now on the socket counts for that address. False when that address already holds its share: refuse the request with
   * `Connection: close`.
   */
  attribute(socket: Socket, address: string | undefined): boolean;
  /** The answer to a request on `socket` went out (or the client left). */
  requestEnded(socket: Socket): void;
  /** Upgraded sockets (WebSockets) are never idle: only their own close frees them. */
  upgraded(socket: Socket): void;
  /**
   * For a graceful stop: answers still being prepared go out with `Connection: close`, and sockets
   * idle for `idleMs` or more are closed. Returns how many sockets are still open.
   */
  closeIdle(idleMs: number): number;
  /** Closes every socket still open (the end of a graceful stop). */
  closeAll(): void;
  stats(): ConnectionGuardStats;
};

export type ConnectionGuardEvents = {
  refused(reason: 'address' | 'server'): void;
  shed(key: string, held: number): void;
};

type Tracked = {
  socket: Socket;
  group: Group;
  /** Requests received and not yet answered (HTTP/1.1 may pipeline several). */
  busy: number;
  idleSince: number;
  upgraded: boolean;
  response: ServerResponse | undefined;
  newer: Tracked | undefined;
  older: Tracked | undefined;
};

/** The sockets of one address, oldest to newest. */
type Group = { key: string; capped: boolean; count: number; oldest: Tracked | undefined; newest: Tracked | undefined };

const TRACKED = Symbol('pollcast.connection');

/**
 * Descriptors kept free below the open-file limit, beyond those in use for other things, for the
 * files and connections opened between two samples.
 */
const DESCRIPTOR_MARGIN = 64;
const SAMPLE_EVERY_MS = 1_000;

export type ConnectionLimits = {
  max: number;
  perAddress: number;
  trustProxy: TrustedProxies;
  /**
   * The open-file limit and a count of the process's open descriptors. Once half of `max` is in
   * use, the count is sampled (at most once a second) and the cap lowered to leave what the
   * database, files and Next hold, and a margin, below the limit.
   */
  descriptors?: { limit: number; count(): number | undefined };
};

export function createConnectionGuard(limits: ConnectionLimits, events: ConnectionGuardEvents): ConnectionGuard {
  const groups = new Map<string, Group>();
  // Groups by how many sockets they hold, so the heaviest is found without a scan during a flood.
  const byCount = new Map<number, Set<Group>>();
  let heaviest = 0;
  let open = 0;
  let ceiling = limits.max;
  let sampledAt = -Infinity;

  /** `max`, or lower when the descriptors the process holds besides sockets leave less room. */
  function currentCeiling(): number {
    const { descriptors } = limits;
    if (!descriptors || open < limits.max / 2) return limits.max;
    const now = performance.now();
    if (now - sampledAt >= SAMPLE_EVERY_MS) {
      sampledAt = now;
      const total = descriptors.count();
      if (total !== undefined) {
        const others = Math.max(0, total - open);
        ceiling = Math.min(limits.max, Math.max(1, descriptors.limit - others - DESCRIPTOR_MARGIN));
      }
    }
    return ceiling;
  }

  function groupOf(key: string, capped: boolean): Group {
    let group = groups.get(key);
    if (!group) {
      group = { key, capped, count: 0, oldest: undefined, newest: undefined };
      groups.set(key, group);
    }
    return group;
  }

  function rank(group: Group, from: number, to: number): void {
    // A trusted proxy's sockets before their first request speak for many people: never shed as one.
    if (!group.capped) return;
    if (from > 0) {
      const bucket = byCount.get(from);
      bucket?.delete(group);
      if (bucket?.size === 0) byCount.delete(from);
    }
    if (to > 0) {
      let bucket = byCount.get(to);
      if (!bucket) byCount.set(to, (bucket = new Set()));
      bucket.add(group);
    }
    if (to > heaviest) heaviest = to;
    while (heaviest > 0 && !byCount.has(heaviest)) heaviest--;
  }

  function link(tracked: Tracked, group: Group): void {
    tracked.group = group;
    tracked.older = group.newest;
    tracked.newer = undefined;
    if (group.newest) group.newest.newer = tracked;
    else group.oldest = tracked;
    group.newest = tracked;
    rank(group, group.count, ++group.count);
  }

  function unlink(tracked: Tracked): void {
    const { group } = tracked;
    if (tracked.older) tracked.older.newer = tracked.newer;
    else group.oldest = tracked.newer;
    if (tracked.newer) tracked.newer.older = tracked.older;
    else group.newest = tracked.older;
    tracked.newer = tracked.older = undefined;
    rank(group, group.count, --group.count);
    if (group.count === 0) groups.delete(group.key);
  }

  function forget(tracked: Tracked): void {
    if (trackedOf(tracked.socket) !== tracked) return;
    delete (tracked.socket as unknown as Record<symbol, unknown>)[TRACKED];
    unlink(tracked);
    open--;
  }

  function heaviestGroup(): Group | undefined {
    const bucket = byCount.get(heaviest);
    return bucket?.values().next().value;
  }

  /** One listener for every socket (a closure each would cost memory per idle viewer). */
  function forgetClosed(this: Socket): void {
    const tracked = trackedOf(this);
    if (tracked) forget(tracked);
  }

  function trackedOf(socket: Socket): Tracked | undefined {
    return (socket as unknown as Record<symbol, Tracked | undefined>)[TRACKED];
  }

  return {
    accept(socket) {
      const peer = normalizeIp(socket.remoteAddress);
      if (peer === undefined) return void socket.destroy();
      const proxied = isTrusted(peer, limits.trustProxy);
      const key = proxied ? `proxy ${peer}` : voterKey(peer);
      const group = groupOf(key, !proxied);
      if (group.capped && group.count >= limits.perAddress) {
        events.refused('address');
        return void socket.destroy();
      }
      if (open >= currentCeiling()) {
        const heavy = heaviestGroup();
        if (heavy?.newest && heavy !== group && heavy.count > group.count + 1) {
          const victim = heavy.newest;
          events.shed(heavy.key, heavy.count);
          forget(victim);
          victim.socket.destroy();
        } else {
          if (group.count === 0) groups.delete(key);
          events.refused('server');
          return void socket.destroy();
        }
      }
      const tracked: Tracked = {
        socket,
        group,
        busy: 0,
        idleSince: performance.now(),
        upgraded: false,
        response: undefined,
        newer: undefined,
        older: undefined,
      };
      (socket as unknown as Record<symbol, Tracked>)[TRACKED] = tracked;
      link(tracked, group);
      open++;
      socket.on('close', forgetClosed);
    },

    requestStarted(socket, response) {
      const tracked = trackedOf(socket);
      if (!tracked) return;
      tracked.busy++;
      tracked.response = response;
    },

    attribute(socket, address) {
      const tracked = trackedOf(socket);
      if (!tracked || address === undefined || address === tracked.group.key) return true;
      const group = groupOf(address, true);
      if (group.count >= limits.perAddress) return false;
      unlink(tracked);
      link(tracked, group);
      return true;
    },

    requestEnded(socket) {
      const tracked = trackedOf(socket);
      if (!tracked || tracked.busy === 0) return;
      if (--tracked.busy === 0) {
        tracked.idleSince = performance.now();
        tracked.response = undefined;
      }
    },

    upgraded(socket) {
      const tracked = trackedOf(socket);
      if (tracked) tracked.upgraded = true;
    },

    closeIdle(idleMs) {
      const now = performance.now();
      for (const group of [...groups.values()]) {
        for (let tracked = group.oldest; tracked;) {
          const next = tracked.newer;
          if (tracked.busy > 0 && tracked.response && !tracked.response.headersSent) {
            tracked.response.shouldKeepAlive = false;
          } else if (tracked.busy === 0 && !tracked.upgraded && now - tracked.idleSince >= idleMs) {
            forget(tracked);
            tracked.socket.destroy();
          }
          tracked = next;
        }
      }
      return open;
    },

    closeAll() {
      for (const group of [...groups.values()]) {
        for (let tracked = group.oldest; tracked; tracked = tracked.newer) tracked.socket.destroy();
      }
    },

    stats: () => ({ open, addresses: groups.size, max: Math.min(limits.max, ceiling), perAddress: limits.perAddress }),
  };
}
