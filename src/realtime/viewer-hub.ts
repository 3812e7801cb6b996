import type { PollBus } from '../adapters/poll-bus/poll-bus';
import { AppError } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { describeError, type Logger } from '../logger';
import type { PollService } from '../polls/poll-service';
import { KeepAlive } from './keep-alive';
import { LiveFrame, pollUpdatedMessage } from './live-frames';
import type { Viewer, ViewerChannel, Watcher } from './viewer-channel';
import type { ViewerCounts } from '../adapters/viewer-counts/viewer-counts';
import { ViewerCountClock } from './viewer-count-clock';
import { dependsOnBallot, seesCounts } from './viewer-ballots';
import { readPoll } from './poll-read';
import { WatchedPoll } from './watched-poll';

/**
 * The viewers of this instance (docs/REALTIME.md). It listens to the PollBus for a poll only
 * while someone here watches it; each watched poll (watched-poll.ts) keeps the newest state and
 * sends each change once per viewer: the first at once, then at most `updatesPerSecond` (latest
 * counts win). Work grows with viewers × update rate, never with the vote rate. Once a second it
 * counts its viewers of each poll with the other instances' (viewer-counts.ts) for the frames' `viewers`.
 */

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
  polls: Pick<PollService, 'load' | 'votersWithBallots' | 'resultsOf'>;
  updatesPerSecond: number;
  /** How many watch each poll on every instance (in process, or through Redis). */
  viewerCounts: ViewerCounts;
  log: Logger;
  keepAliveMs?: number;
  /** Frames each fan-out wrote and viewers it skipped (slow sockets), for metrics. */
  onFanOut?: (sent: number, skipped: number) => void;
};

export class ViewerHub {
  private readonly watched = new Map<string, WatchedPoll>();
  private readonly unsubscribe = new Map<WatchedPoll, () => void>();
  private readonly keepAlive: KeepAlive;
  private readonly countClock: ViewerCountClock;
  private viewerCount = 0;
  private closed = false;

  constructor(private readonly options: ViewerHubOptions) {
    this.keepAlive = new KeepAlive(options.keepAliveMs ?? 15_000, () => this.channels());
    this.countClock = new ViewerCountClock(
      options.viewerCounts,
      () => new Map([...this.watched].map(([pollId, poll]) => [pollId, poll.viewers.size])),
      (totals) => {
        for (const [pollId, total] of totals) this.watched.get(pollId)?.takeViewerCount(total);
      },
    );
  }

  /**
   * Starts watching a poll. `resumeFrom` is the seq the viewer already has (Last-Event-ID):
   * when it is current and the poll still open, no snapshot is needed. `watcher` says whose
   * eyes these are, for polls that hide their counts from some (an admin's were checked by the caller).
   */
  watch(rawPollId: string, channel: ViewerChannel, resumeFrom?: number, watcher: Watcher = { admin: false }): Watch {
    // Updates arrive under the canonical id: a viewer who wrote it in capitals must still get them.
    const pollId = canonicalId(rawPollId) ?? rawPollId;
    const viewer: Viewer = { channel, left: false, watcher };
    const poll = this.enter(pollId);
    poll.joining++;
    const ready = poll
      .fresh()
      .then(() => poll.admit(viewer))
      .then(
        () => {
          poll.joining--;
          if (this.closed) {
            viewer.left = true;
            poll.unindex(viewer);
            this.release(poll);
            throw new AppError('service_unavailable', 'this server is shutting down; reconnect');
          }
          if (viewer.left) {
            poll.unindex(viewer);
            return this.release(poll);
          }
          this.viewerCount++;
          this.keepAlive.start();
          poll.join(viewer, resumeFrom);
          // Deleted while this viewer's snapshot was being read: it gets the news and the end at once.
          if (poll.state?.deleted) {
            channel.end();
            this.leave(poll, viewer);
          }
        },
        (error: unknown) => {
          poll.joining--;
          viewer.left = true;
          poll.unindex(viewer);
          this.release(poll);
          throw error;
        },
      );
    return {
      ready,
      leave: () => this.leave(poll, viewer),
      refresh: async () => {
        const read = await readPoll(this.options.polls, pollId);
        if (viewer.left || this.watched.get(pollId) !== poll) return;
        poll.takeRead(read);
        poll.sendCurrent(viewer);
      },
    };
  }

  /** The poll's current state as a frame for this watcher, for a one-off reply to someone not watching. */
  async snapshot(rawPollId: string, watcher: Watcher = { admin: false }): Promise<LiveFrame> {
    const pollId = canonicalId(rawPollId) ?? rawPollId;
    const read = await readPoll(this.options.polls, pollId);
    const { update } = read;
    let voted = false;
    if (watcher.voter && !watcher.admin && dependsOnBallot(update)) {
      [voted = false] = await this.options.polls.votersWithBallots(pollId, read.voterIdentity, [watcher.voter]);
    }
    const visible = seesCounts(update, { watcher, voted });
    const poll = this.watched.get(pollId);
    if (poll) {
      poll.takeRead(read);
      return poll.frameFor(visible);
    }
    const here = new Map([[pollId, 0]]);
    const totals = await this.options.viewerCounts.exchange(here).catch(() => here);
    return new LiveFrame(pollUpdatedMessage(update, visible, totals.get(pollId) ?? 0));
  }

  /** Counts for tests and health: all zero once every viewer has gone. */
  stats(): HubStats {
    let timers = (this.keepAlive.running ? 1 : 0) + (this.countClock.running ? 1 : 0);
    for (const poll of this.watched.values()) timers += poll.timers;
    return { viewers: this.viewerCount, polls: this.watched.size, busSubscriptions: this.unsubscribe.size, timers };
  }

  /** Ends every stream (viewers reconnect elsewhere) and forgets everything. */
  close(): void {
    this.closed = true;
    this.countClock.stop();
    for (const poll of [...this.watched.values()]) {
      this.endViewers(poll, 'restart');
      this.forget(poll);
    }
  }

  private enter(pollId: string): WatchedPoll {
    const existing = this.watched.get(pollId);
    if (existing) return existing;
    const { bus, log, updatesPerSecond } = this.options;
    const poll: WatchedPoll = new WatchedPoll(pollId, {
      slotMs: 1000 / updatesPerSecond,
      read: () => readPoll(this.options.polls, pollId),
      votersWithBallots: (identity, voters) => this.options.polls.votersWithBallots(pollId, identity, voters),
      onFanOut: this.options.onFanOut,
      onDeleted: () => this.endViewers(poll),
      log,
    });
    const stopListening = bus.subscribe(
      pollId,
      (update) => {
        try {
          if (update.voted_option_ids.length > 0) poll.takeVotes(update);
          else poll.takeChange(update);
        } catch (error) {
          log.error('live update failed', { poll_id: pollId, ...describeError(error) });
        }
      },
      () => poll.resync(),
    );
    this.unsubscribe.set(poll, stopListening);
    this.watched.set(pollId, poll);
    this.countClock.start();
    return poll;
  }

  private endViewers(poll: WatchedPoll, reason?: 'restart'): void {
    for (const viewer of [...poll.viewers]) {
      viewer.channel.end(reason);
      this.leave(poll, viewer);
    }
  }

  private leave(poll: WatchedPoll, viewer: Viewer): void {
    if (viewer.left) return;
    viewer.left = true;
    if (poll.remove(viewer)) this.viewerCount--;
    if (this.viewerCount === 0) this.keepAlive.stop();
    this.release(poll);
  }

  private release(poll: WatchedPoll): void {
    if (poll.viewers.size > 0 || poll.joining > 0) return;
    this.forget(poll);
  }

  private forget(poll: WatchedPoll): void {
    if (this.watched.get(poll.pollId) !== poll) return;
    this.watched.delete(poll.pollId);
    this.unsubscribe.get(poll)?.();
    this.unsubscribe.delete(poll);
    poll.stop();
    this.options.viewerCounts.forget(poll.pollId);
    if (this.watched.size === 0) this.countClock.stop();
  }

  private *channels(): Iterable<ViewerChannel> {
    for (const poll of this.watched.values()) for (const viewer of poll.viewers) yield viewer.channel;
  }
}
