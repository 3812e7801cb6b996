import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The sockets the connection guard counts (connection-guard.ts), grouped by the address they
 * speak for: each group a list from its oldest socket to its newest, and the groups ranked by how
 * many sockets they hold, so the heaviest is found without a scan during a flood.
 */

export type Tracked = {
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
export type Group = {
  key: string;
  capped: boolean;
  count: number;
  oldest: Tracked | undefined;
  newest: Tracked | undefined;
};

export type SocketGroups = {
  /** The group of `key`, made (empty) if it has none yet. `capped`: counted against the per-address share. */
  groupOf(key: string, capped: boolean): Group;
  /** Puts a socket at the newest end of `group`. */
  link(tracked: Tracked, group: Group): void;
  /** Takes a socket out of its group; an empty group goes. */
  unlink(tracked: Tracked): void;
  /** Forgets a group that holds no socket. */
  drop(group: Group): void;
  /** One of the groups that hold the most sockets, trusted proxies aside. */
  heaviest(): Group | undefined;
  /** Every group, as a copy that may change while it is walked. */
  all(): Group[];
  readonly size: number;
};

export function createSocketGroups(): SocketGroups {
  const groups = new Map<string, Group>();
  // Groups by how many sockets they hold.
  const byCount = new Map<number, Set<Group>>();
  let heaviest = 0;

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

  return {
    groupOf(key, capped) {
      let group = groups.get(key);
      if (!group) {
        group = { key, capped, count: 0, oldest: undefined, newest: undefined };
        groups.set(key, group);
      }
      return group;
    },
    link(tracked, group) {
      tracked.group = group;
      tracked.older = group.newest;
      tracked.newer = undefined;
      if (group.newest) group.newest.newer = tracked;
      else group.oldest = tracked;
      group.newest = tracked;
      rank(group, group.count, ++group.count);
    },
    unlink(tracked) {
      const { group } = tracked;
      if (tracked.older) tracked.older.newer = tracked.newer;
      else group.oldest = tracked.newer;
      if (tracked.newer) tracked.newer.older = tracked.older;
      else group.newest = tracked.older;
      tracked.newer = tracked.older = undefined;
      rank(group, group.count, --group.count);
      if (group.count === 0) groups.delete(group.key);
    },
    drop(group) {
      if (group.count === 0) groups.delete(group.key);
    },
    heaviest: () => byCount.get(heaviest)?.values().next().value,
    all: () => [...groups.values()],
    get size() {
      return groups.size;
    },
  };
}
