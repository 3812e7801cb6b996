import type { PollBus, PollUpdate } from '../bus/poll-bus';
import { AppError } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { describeError, type Logger } from '../logger';
import { pollUpdateOf, type PollService } from '../polls/poll-service';
import { LiveFrame, pollUpdatedMessage, voteSubmittedMessage } from './live-frames';
import { isNewer, type LivePosition } from './live-messages';

/**
 * The viewers of this instance (DESIGN §1c, §5). Per watched poll it holds the newest state,
 * listens to the PollBus only while someone here watches, and sends each change once per
 * viewer: the first at once, then at most `updatesPerSecond` (latest counts win). Work grows
 * with viewers × update rate, never with the vote rate.
 */

/** One viewer's connection as the hub sees it (an SSE response, or one poll of a WebSocket). */
export interface ViewerChannel {
  send(frame: LiveFrame): void;
  /** True while the socket's buffer is full: the viewer skips updates instead of queueing them. */
  readonly congested: boolean;
  /** Calls back once after the buffer drained; the returned function cancels. */
  onceDrained(listener: () => void): () => void;
  /** Writes something small so idle proxies keep the connection (an SSE comment line). */
  keepAlive?(): void;
  /** The poll was deleted: nothing more will come. */
  end(): void;
}

export type Watch = {
  /** Resolves once the viewer got its snapshot; rejects (and leaves) for an unknown poll. */
  ready: Promise<void>;
  /** Sends this viewer the poll's state as the database has it now. */
  refresh(): Promise<void>;
  leave(): void;
};

export type HubStats = { viewers: number; polls: number; busSubscriptions: number; timers: number };

export type ViewerHubOptions = {
  bus: PollBus;
  polls: Pick<PollService, 'load'>;
  updatesPerSecond: number;
  log: Logger;
  keepAliveMs?: number;
};

type Viewer = { channel: ViewerChannel; seen?: LivePosition; cancelDrain?: () => void; left: boolean };

/** What is known about the poll's end time, as of which seq (a reschedule makes it unknown). */
type Expiry = { at: number | null | undefined; seq: number };

type WatchedPoll = {
  pollId: string;
  viewers: Set<Viewer>;
  joining: number;
  state?: PollUpdate;
  /** When the state was last read from the database, and the read in flight, if any. */
  loadedAt: number;
  loading?: Promise<void>;
  frame?: LiveFrame;
  /**
   * Set while `state` differs from this earlier position only by votes for `changedOptions`:
   * a viewer there can take a vote_submitted when that is one option; anyone else needs it all.
   */
  deltaBase?: LivePosition;
  changedOptions: Set<string>;
  lastFlushAt: number;
  /** How long the last flush took, and when it ended: big audiences get fewer updates. */
  lastFlushCostMs: number;
  lastFlushEndedAt: number;
  flushTimer?: NodeJS.Timeout;
  expiry?: Expiry;
  expiryTimer?: NodeJS.Timeout;
  expiryDue?: number;
  stopListening: () => void;
};

const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The most of the event loop one poll's fan-out may take. Writing an update to 10,000 sockets
 * takes ~100–250 ms here; at 4 updates/s that is the whole core and votes starve (P3 in
 * docs/BENCHMARKS.md: 96 votes/s acknowledged of 1,000 offered). So after a flush the next one
 * rests in proportion to what the flush cost: big audiences get fewer updates, votes keep a share.
 */
const FANOUT_LOOP_SHARE = 0.3;
/** How long a snapshot read from the database serves new viewers (the bus adds every change since). */
const SNAPSHOT_REUSE_MS = 1_000;

export class ViewerHub {
  private readonly watched = new Map<string, WatchedPoll>();
  private readonly intervalMs: number;
  private viewerCount = 0;
  private busSubscriptions = 0;
  private keepAliveTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: ViewerHubOptions) {
    this.intervalMs = 1000 / options.updatesPerSecond;
  }

  /**
   * Starts watching a poll. `resumeFrom` is the seq the viewer already has (Last-Event-ID):
   * when it is current and the poll still open, no snapshot is needed.
   */
  watch(rawPollId: string, channel: ViewerChannel, resumeFrom?: number): Watch {
    // Updates arrive under the canonical id: a viewer who wrote it in capitals must still get them.
    const pollId = canonicalId(rawPollId) ?? rawPollId;
    const viewer: Viewer = { channel, left: false };
    const entry = this.enter(pollId);
    entry.joining++;
    const ready = this.freshState(entry).then(
      () => {
        entry.joining--;
        if (this.closed) {
          viewer.left = true;
          this.release(entry);
          throw new AppError('service_unavailable', 'this server is shutting down; reconnect');
        }
        if (viewer.left) return this.release(entry);
        entry.viewers.add(viewer);
        this.viewerCount++;
        this.startKeepAlive();
        const state = entry.state as PollUpdate;
        if (resumeFrom === state.seq && state.is_active) viewer.seen = positionOf(state);
        else this.sendFull(entry, viewer);
        // Deleted while this viewer's snapshot was being read: it gets the news and the end at once.
        if (state.deleted) {
          channel.end();
          this.leave(entry, viewer);
        }
      },
      (error: unknown) => {
        entry.joining--;
        viewer.left = true;
        this.release(entry);
        throw error;
      },
    );
    return {
      ready,
      leave: () => this.leave(entry, viewer),
      refresh: async () => {
        const { update, expiresAt } = await this.load(pollId);
        if (viewer.left || this.watched.get(pollId) !== entry) return;
        this.offer(entry, update, { expiresAt });
        this.sendFull(entry, viewer);
      },
    };
  }

  /** The poll's current state as a frame, for a one-off reply to someone not watching. */
  async snapshot(rawPollId: string): Promise<LiveFrame> {
    const pollId = canonicalId(rawPollId) ?? rawPollId;
    const { update, expiresAt } = await this.load(pollId);
    const entry = this.watched.get(pollId);
    if (!entry) return new LiveFrame(pollUpdatedMessage(update));
    this.offer(entry, update, { expiresAt });
    return this.fullFrame(entry);
  }

  /** Counts for tests and health: all zero once every viewer has gone. */
  stats(): HubStats {
    let timers = this.keepAliveTimer ? 1 : 0;
    for (const entry of this.watched.values()) timers += (entry.flushTimer ? 1 : 0) + (entry.expiryTimer ? 1 : 0);
    return { viewers: this.viewerCount, polls: this.watched.size, busSubscriptions: this.busSubscriptions, timers };
  }

  /** Ends every stream (viewers reconnect elsewhere) and forgets everything. */
  close(): void {
    this.closed = true;
    for (const entry of [...this.watched.values()]) {
      for (const viewer of [...entry.viewers]) {
        viewer.channel.end();
        this.leave(entry, viewer);
      }
      this.forget(entry);
    }
  }

  private enter(pollId: string): WatchedPoll {
    const existing = this.watched.get(pollId);
    if (existing) return existing;
    const entry: WatchedPoll = {
      pollId,
      viewers: new Set(),
      joining: 0,
      loadedAt: 0,
      changedOptions: new Set(),
      lastFlushAt: 0,
      lastFlushCostMs: 0,
      lastFlushEndedAt: 0,
      stopListening: () => {},
    };
    const stop = this.options.bus.subscribe(
      pollId,
      (update) => {
        try {
          this.offer(entry, update, 'bus');
        } catch (error) {
          this.options.log.error('live update failed', { poll_id: pollId, ...describeError(error) });
        }
      },
      () => this.resync(entry),
    );
    this.busSubscriptions++;
    entry.stopListening = () => {
      stop();
      this.busSubscriptions--;
    };
    this.watched.set(pollId, entry);
    return entry;
  }

  /**
   * Makes sure the poll's state was read from the database lately, so a crowd arriving at once
   * costs one read, not one per viewer. In between, the bus keeps the state current.
   */
  private freshState(entry: WatchedPoll): Promise<void> {
    if (entry.state && Date.now() - entry.loadedAt < SNAPSHOT_REUSE_MS) return Promise.resolve();
    entry.loading ??= this.load(entry.pollId)
      .then(({ update, expiresAt }) => {
        entry.loadedAt = Date.now();
        this.offer(entry, update, { expiresAt });
      })
      .finally(() => (entry.loading = undefined));
    return entry.loading;
  }

  /** The bus may have missed updates (it only now listens, or it reconnected): read the poll again. */
  private resync(entry: WatchedPoll): void {
    void (entry.loading ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.watched.get(entry.pollId) !== entry) return;
        entry.loadedAt = 0;
        return this.freshState(entry);
      })
      .catch((error: unknown) =>
        this.options.log.warn('live resync failed', { poll_id: entry.pollId, ...describeError(error) }),
      );
  }

  private async load(pollId: string): Promise<{ update: PollUpdate; expiresAt: number | null }> {
    const poll = await this.options.polls.load(pollId);
    return { update: pollUpdateOf(poll), expiresAt: poll.expires_at === null ? null : Date.parse(poll.expires_at) };
  }

  /**
   * Takes a state from the bus, from the database (which also tells the end time) or from the
   * clock (the end time passed) and, when it is newer, schedules its delivery.
   */
  private offer(entry: WatchedPoll, incoming: PollUpdate, from: 'bus' | 'clock' | { expiresAt: number | null }): void {
    if (this.watched.get(entry.pollId) !== entry) return;
    const byVotes = from === 'bus' && incoming.voted_option_ids.length > 0;
    if (typeof from === 'object' && (!entry.expiry || incoming.seq >= entry.expiry.seq)) {
      entry.expiry = { at: from.expiresAt, seq: incoming.seq };
    } else if (from === 'bus' && !byVotes && !incoming.deleted) {
      // Closed, reopened or rescheduled (maybe on another instance): learn the new end time.
      entry.expiry = { at: undefined, seq: incoming.seq };
      this.reloadExpiry(entry);
    }
    // The vote writer reports open; a batch that committed just before the end time must not reopen it here.
    const endAt = entry.expiry?.at;
    const update =
      byVotes && incoming.is_active && typeof endAt === 'number' && Date.now() >= endAt
        ? { ...incoming, is_active: false }
        : incoming;

    const current = entry.state;
    if (isNewer(update, current)) {
      const oneBatchOfVotes =
        byVotes && current !== undefined && update.seq === current.seq + 1 && update.is_active === current.is_active;
      if (!oneBatchOfVotes) {
        entry.deltaBase = undefined;
        entry.changedOptions.clear();
      } else if (!entry.deltaBase && current) {
        entry.deltaBase = positionOf(current);
        entry.changedOptions = new Set(update.voted_option_ids);
      } else {
        for (const id of update.voted_option_ids) entry.changedOptions.add(id);
      }
      entry.state = update;
      entry.frame = undefined;
      this.scheduleFlush(entry, update.deleted === true);
    }
    this.armExpiry(entry);
  }

  private reloadExpiry(entry: WatchedPoll): void {
    this.load(entry.pollId).then(
      ({ update, expiresAt }) => this.offer(entry, update, { expiresAt }),
      (error: unknown) =>
        this.options.log.debug('poll reload failed', { poll_id: entry.pollId, ...describeError(error) }),
    );
  }

  /** Keeps one timer per watched open poll with an end time, set for that end time. */
  private armExpiry(entry: WatchedPoll): void {
    const endAt = entry.expiry?.at;
    const due = entry.state?.is_active && typeof endAt === 'number' ? endAt : undefined;
    if (due !== undefined && entry.expiryTimer && entry.expiryDue === due) return;
    this.clearExpiry(entry);
    if (due === undefined || !entry.state) return;
    const wait = due - Date.now();
    if (wait <= 0) {
      this.offer(entry, { ...entry.state, is_active: false, voted_option_ids: [] }, 'clock');
      return;
    }
    entry.expiryDue = due;
    // Timers may fire a little early or be capped; arming again re-checks the clock.
    entry.expiryTimer = setTimeout(
      () => {
        entry.expiryTimer = undefined;
        this.armExpiry(entry);
      },
      Math.min(wait + 1, MAX_TIMER_MS),
    );
    entry.expiryTimer.unref();
  }

  private clearExpiry(entry: WatchedPoll): void {
    if (entry.expiryTimer) clearTimeout(entry.expiryTimer);
    entry.expiryTimer = undefined;
    entry.expiryDue = undefined;
  }

  private scheduleFlush(entry: WatchedPoll, now: boolean): void {
    if (entry.flushTimer && !now) return;
    this.clearFlush(entry);
    const rested = entry.lastFlushEndedAt + entry.lastFlushCostMs * (1 / FANOUT_LOOP_SHARE - 1);
    const wait = Math.max(rested, now ? 0 : entry.lastFlushAt + this.intervalMs) - Date.now();
    // Even "at once" goes through a timer, so updates that arrive in the same turn leave as one.
    entry.flushTimer = setTimeout(() => this.flush(entry), Math.max(0, wait));
  }

  private clearFlush(entry: WatchedPoll): void {
    if (entry.flushTimer) clearTimeout(entry.flushTimer);
    entry.flushTimer = undefined;
  }

  private flush(entry: WatchedPoll): void {
    entry.flushTimer = undefined;
    const state = entry.state;
    if (!state) return;
    entry.lastFlushAt = Date.now();
    const base = entry.deltaBase;
    const [onlyOption] = entry.changedOptions;
    const vote =
      base && entry.changedOptions.size === 1 && onlyOption !== undefined
        ? new LiveFrame(voteSubmittedMessage(state, onlyOption))
        : undefined;
    entry.deltaBase = undefined;
    entry.changedOptions.clear();

    const position = positionOf(state);
    const started = performance.now();
    for (const viewer of entry.viewers) {
      if (!isNewer(state, viewer.seen)) continue;
      if (state.deleted) {
        viewer.channel.send(this.fullFrame(entry));
        continue;
      }
      if (viewer.channel.congested) {
        this.catchUpOnDrain(entry, viewer);
        continue;
      }
      const atBase = base !== undefined && viewer.seen?.seq === base.seq && viewer.seen.is_active === base.is_active;
      viewer.channel.send(vote && atBase ? vote : this.fullFrame(entry));
      viewer.seen = position;
    }
    entry.lastFlushCostMs = performance.now() - started;
    entry.lastFlushEndedAt = Date.now();
    if (state.deleted) {
      for (const viewer of [...entry.viewers]) {
        viewer.channel.end();
        this.leave(entry, viewer);
      }
    }
  }

  /** A slow viewer gets no queue: once its socket drains it gets the latest state, whatever it missed. */
  private catchUpOnDrain(entry: WatchedPoll, viewer: Viewer): void {
    if (viewer.cancelDrain) return;
    viewer.cancelDrain = viewer.channel.onceDrained(() => {
      viewer.cancelDrain = undefined;
      if (viewer.left || !entry.state || !isNewer(entry.state, viewer.seen)) return;
      if (viewer.channel.congested) this.catchUpOnDrain(entry, viewer);
      else this.sendFull(entry, viewer);
    });
  }

  private sendFull(entry: WatchedPoll, viewer: Viewer): void {
    if (!entry.state) return;
    viewer.channel.send(this.fullFrame(entry));
    viewer.seen = positionOf(entry.state);
  }

  private fullFrame(entry: WatchedPoll): LiveFrame {
    return (entry.frame ??= new LiveFrame(pollUpdatedMessage(entry.state as PollUpdate)));
  }

  private leave(entry: WatchedPoll, viewer: Viewer): void {
    if (viewer.left) return;
    viewer.left = true;
    viewer.cancelDrain?.();
    viewer.cancelDrain = undefined;
    if (entry.viewers.delete(viewer)) this.viewerCount--;
    if (this.viewerCount === 0) this.stopKeepAlive();
    this.release(entry);
  }

  private release(entry: WatchedPoll): void {
    if (entry.viewers.size > 0 || entry.joining > 0) return;
    this.forget(entry);
  }

  private forget(entry: WatchedPoll): void {
    if (this.watched.get(entry.pollId) !== entry) return;
    this.watched.delete(entry.pollId);
    entry.stopListening();
    this.clearFlush(entry);
    this.clearExpiry(entry);
  }

  private startKeepAlive(): void {
    const every = this.options.keepAliveMs ?? 15_000;
    if (this.keepAliveTimer) return;
    this.keepAliveTimer = setInterval(() => {
      for (const entry of this.watched.values()) {
        for (const viewer of entry.viewers) if (!viewer.channel.congested) viewer.channel.keepAlive?.();
      }
    }, every);
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }
}

function positionOf(state: PollUpdate): LivePosition {
  return { seq: state.seq, is_active: state.is_active };
}
