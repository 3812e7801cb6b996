import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isTrusted, normalizeIp, voterKey, type TrustedProxies } from '../domain/voter';
import { createSocketGroups, type Group, type SocketGroups, type Tracked } from './socket-groups';

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

type ConnectionGuardStats = { open: number; addresses: number; max: number; perAddress: number };

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
  const groups = createSocketGroups();
  const ceiling = descriptorCeiling(limits);
  let open = 0;

  function forget(tracked: Tracked): void {
    if (trackedOf(tracked.socket) !== tracked) return;
    delete (tracked.socket as unknown as Record<symbol, unknown>)[TRACKED];
    groups.unlink(tracked);
    open--;
  }

  /** One listener for every socket (a closure each would cost memory per idle viewer). */
  function forgetClosed(this: Socket): void {
    const tracked = trackedOf(this);
    if (tracked) forget(tracked);
  }

  /** Whether a newcomer of `group` may take a place: at the ceiling, the newest socket of a heavier address goes. */
  function makeRoom(group: Group): boolean {
    if (open < ceiling.current(open)) return true;
    const heavy = groups.heaviest();
    if (!heavy?.newest || heavy === group || heavy.count <= group.count + 1) return false;
    const victim = heavy.newest;
    events.shed(heavy.key, heavy.count);
    forget(victim);
    victim.socket.destroy();
    return true;
  }

  return {
    accept(socket) {
      const peer = normalizeIp(socket.remoteAddress);
      if (peer === undefined) return void socket.destroy();
      const proxied = isTrusted(peer, limits.trustProxy);
      const group = groups.groupOf(proxied ? `proxy ${peer}` : voterKey(peer), !proxied);
      if (group.capped && group.count >= limits.perAddress) {
        events.refused('address');
        return void socket.destroy();
      }
      if (!makeRoom(group)) {
        groups.drop(group);
        events.refused('server');
        return void socket.destroy();
      }
      const tracked = track(socket, group);
      groups.link(tracked, group);
      open++;
      socket.on('close', forgetClosed);
    },
    attribute(socket, address) {
      const tracked = trackedOf(socket);
      if (!tracked || address === undefined || address === tracked.group.key) return true;
      const group = groups.groupOf(address, true);
      if (group.count >= limits.perAddress) return false;
      groups.unlink(tracked);
      groups.link(tracked, group);
      return true;
    },
    requestStarted,
    requestEnded,
    upgraded,
    closeIdle(idleMs) {
      closeIdle(groups, idleMs, forget);
      return open;
    },
    closeAll: () => closeAll(groups),
    stats: () => ({
      open,
      addresses: groups.size,
      max: Math.min(limits.max, ceiling.last()),
      perAddress: limits.perAddress,
    }),
  };
}

/**
 * `max`, or lower when the descriptors the process holds besides sockets leave less room. Once
 * half of `max` is in use, the count is sampled (at most once a second).
 */
function descriptorCeiling(limits: ConnectionLimits): { current(open: number): number; last(): number } {
  let ceiling = limits.max;
  let sampledAt = -Infinity;
  return {
    current(open) {
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
    },
    last: () => ceiling,
  };
}

/** Answers still being prepared go out with `Connection: close`; sockets idle for `idleMs` are closed. */
function closeIdle(groups: SocketGroups, idleMs: number, forget: (tracked: Tracked) => void): void {
  const now = performance.now();
  for (const group of groups.all()) {
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
}

function closeAll(groups: SocketGroups): void {
  for (const group of groups.all()) {
    for (let tracked = group.oldest; tracked; tracked = tracked.newer) tracked.socket.destroy();
  }
}

function track(socket: Socket, group: Group): Tracked {
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
  return tracked;
}

function trackedOf(socket: Socket): Tracked | undefined {
  return (socket as unknown as Record<symbol, Tracked | undefined>)[TRACKED];
}

function requestStarted(socket: Socket, response: ServerResponse): void {
  const tracked = trackedOf(socket);
  if (!tracked) return;
  tracked.busy++;
  tracked.response = response;
}

function requestEnded(socket: Socket): void {
  const tracked = trackedOf(socket);
  if (!tracked || tracked.busy === 0) return;
  if (--tracked.busy === 0) {
    tracked.idleSince = performance.now();
    tracked.response = undefined;
  }
}

/** Upgraded sockets are never idle: only their own close frees them. */
function upgraded(socket: Socket): void {
  const tracked = trackedOf(socket);
  if (tracked) tracked.upgraded = true;
}
