import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { visibleToEveryone, type Poll } from '../domain/polls';
import type { Voter } from '../domain/voter';
import { describeError, type Logger } from '../logger';
import { EndTimeClock } from './end-time-clock';
import { FanoutPacer } from './fanout-pacer';
import { LiveFrame, pollUpdatedMessage } from './live-frames';
import { isNewer, positionOf } from './live-messages';
import type { PollRead } from './poll-read';
import type { Viewer } from './viewer-channel';
import { seesCounts, ViewerBallots } from './viewer-ballots';
import { sawCountsAt, VoteDelta } from './vote-delta';

/** How long a snapshot read from the database serves new viewers (the bus adds every change since). */
const SNAPSHOT_REUSE_MS = 1_000;

export type WatchedPollOptions = {
  /** The shortest time between two fan-outs (1 / updatesPerSecond). */
  slotMs: number;
  read: () => Promise<PollRead>;
  /** Which of these voters have a ballot in the poll. */
  votersWithBallots: (identity: Poll['voter_identity'], voters: Voter[]) => Promise<boolean[]>;
  /** Frames a fan-out wrote, and viewers it skipped because their socket was full (for metrics). */
  onFanOut?: (sent: number, skipped: number) => void;
  /** The poll was deleted and its viewers got the news: the hub ends and removes them. */
  onDeleted: () => void;
  log: Logger;
};

/**
 * One poll watched on this instance: its viewers and its newest state, which comes from the
 * database (`takeRead`), from the bus (`takeVotes`, `takeChange`) or from the clock (the end
 * time passed). Each newer state is fanned out once per pacer slot to every viewer that lacks it.
 */
export class WatchedPoll {
  readonly viewers = new Set<Viewer>();
  /** Viewers whose snapshot is still being read: the poll is kept for them. */
  joining = 0;
  state?: PollUpdate;
  private stopped = false;
  /** When the state was last read from the database, and the read in flight, if any. */
  private loadedAt = 0;
  private loading?: Promise<void>;
  private frame?: LiveFrame;
  private hidden?: LiveFrame;
  /** The votes merged into `state` since an earlier position, for viewers that had it. */
  private readonly delta = new VoteDelta();
  /**
   * How many watch the poll, here and elsewhere, as frames carry it: set by the hub's
   * once-a-second count (`takeViewerCount`), or by the first frame, which counts the viewers here.
   */
  private viewerCount?: number;
  private readonly pacer: FanoutPacer;
  private readonly clock: EndTimeClock;
  private readonly ballots: ViewerBallots;

  constructor(
    readonly pollId: string,
    private readonly options: WatchedPollOptions,
  ) {
    this.pacer = new FanoutPacer(options.slotMs, () => this.fanOut());
    this.clock = new EndTimeClock({
      isOpen: () => this.state?.is_active === true,
      reread: () => this.reread(),
      passed: () => this.takeState({ ...(this.state as PollUpdate), is_active: false, voted_option_ids: [] }),
    });
    this.ballots = new ViewerBallots({
      pollId,
      viewers: this.viewers,
      votersWithBallots: options.votersWithBallots,
      onFound: () => this.pacer.request(),
      stopped: () => this.stopped,
      log: options.log,
    });
  }

  /** Timers held for this poll, for the hub's stats. */
  get timers(): number {
    return (this.pacer.pending ? 1 : 0) + (this.clock.armed ? 1 : 0);
  }

  /**
   * Makes sure the state was read from the database lately, so a crowd arriving at once costs
   * one read, not one per viewer. In between, the bus keeps the state current.
   */
  fresh(): Promise<void> {
    if (this.state && Date.now() - this.loadedAt < SNAPSHOT_REUSE_MS) return Promise.resolve();
    this.loading ??= this.options
      .read()
      .then((read) => {
        this.loadedAt = Date.now();
        this.takeRead(read);
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Makes the viewer ready to join: its first frame must show what its ballot lets it see. */
  admit(viewer: Viewer): Promise<void> {
    return this.ballots.admit(viewer, this.state);
  }

  /** The bus may have missed updates (it only now listens, or it reconnected): read the poll again. */
  resync(): void {
    this.ballots.doubtMissing();
    void (this.loading ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        if (this.stopped) return;
        this.loadedAt = 0;
        await this.fresh();
        this.ballots.askWhereTheyMatter(this.state);
      })
      .catch((error: unknown) =>
        this.options.log.warn('live resync failed', { poll_id: this.pollId, ...describeError(error) }),
      );
  }

  /** The state and end time as the database has them. */
  takeRead({ update, expiresAt, voterIdentity }: PollRead): void {
    if (this.stopped) return;
    this.ballots.identity = voterIdentity;
    this.clock.learn(update.seq, expiresAt);
    this.takeState(update);
  }

  /** A batch of votes committed, here or on another instance. */
  takeVotes(incoming: PollUpdate): void {
    if (this.stopped) return;
    // The vote writer reports open; a batch that committed just before the end time must not reopen it here.
    const update = incoming.is_active && this.clock.hasPassed() ? { ...incoming, is_active: false } : incoming;
    this.ballots.recorded(update.voter_keys ?? []);
    const current = this.state;
    if (isNewer(update, current)) {
      if (current && update.seq === current.seq + 1 && update.is_active === current.is_active) {
        this.delta.add(current, update.voted_option_ids);
      } else {
        this.delta.forget();
      }
      this.replaceState(update);
    }
    this.clock.arm();
  }

  /** A change that is not votes: a close, reopen or reschedule (which may move the end time), or a delete. */
  takeChange(update: PollUpdate): void {
    if (this.stopped) return;
    if (!update.deleted) this.clock.changed(update.seq);
    this.takeState(update);
  }

  /**
   * Adds a viewer; it gets the snapshot unless it already has the current state of an open poll.
   * What a viewer may see changes only with the poll's seq (a vote, a close, a new setting), so
   * one resuming at the current seq already has the frame meant for it; it learns the count of
   * viewers with the next change of that count.
   */
  join(viewer: Viewer, resumeFrom: number | undefined): void {
    this.viewers.add(viewer);
    const state = this.state as PollUpdate;
    if (resumeFrom === state.seq && state.is_active) {
      viewer.seen = positionOf(state);
      viewer.sawCounts = seesCounts(state, viewer);
      viewer.sawViewers = this.countForFrames();
    } else this.sendCurrent(viewer);
  }

  /** True when the viewer was here; it no longer waits for its socket to drain. */
  remove(viewer: Viewer): boolean {
    viewer.cancelDrain?.();
    viewer.cancelDrain = undefined;
    this.unindex(viewer);
    return this.viewers.delete(viewer);
  }

  /** Forgets a viewer that never joined (it left while its snapshot or ballot was looked up). */
  unindex(viewer: Viewer): void {
    this.ballots.unindex(viewer);
  }

  /** The current state as this viewer may see it. */
  sendCurrent(viewer: Viewer): void {
    if (!this.state) return;
    const sees = seesCounts(this.state, viewer);
    viewer.channel.send(this.frameFor(sees));
    viewer.seen = positionOf(this.state);
    viewer.sawCounts = sees;
    viewer.sawViewers = this.viewerCount;
  }

  /** The current state as a poll_updated frame with or without counts, each encoded once for every viewer that needs it. */
  frameFor(visible: boolean): LiveFrame {
    const state = this.state as PollUpdate;
    const viewers = this.countForFrames();
    return visible
      ? (this.frame ??= new LiveFrame(pollUpdatedMessage(state, true, viewers)))
      : (this.hidden ??= new LiveFrame(pollUpdatedMessage(state, false, viewers)));
  }

  /**
   * How many watch the poll on every instance, from the hub's once-a-second count. A change goes
   * to every viewer at the poll's next slot, so it never adds frames beyond the pacer's rate.
   */
  takeViewerCount(total: number): void {
    if (this.stopped || total === this.viewerCount) return;
    this.viewerCount = total;
    this.frame = undefined;
    this.hidden = undefined;
    this.pacer.request();
  }

  /** Nothing more is taken or sent: the hub no longer watches this poll. */
  stop(): void {
    this.stopped = true;
    this.pacer.cancel();
    this.clock.stop();
  }

  private reread(): void {
    this.options.read().then(
      (read) => this.takeRead(read),
      (error: unknown) =>
        this.options.log.debug('poll reload failed', { poll_id: this.pollId, ...describeError(error) }),
    );
  }

  /** Until the first count, the viewers here: the first count may follow sooner than a second later. */
  private countForFrames(): number {
    return (this.viewerCount ??= this.viewers.size);
  }

  private takeState(update: PollUpdate): void {
    if (isNewer(update, this.state)) {
      this.delta.forget();
      this.replaceState(update);
    }
    this.clock.arm();
  }

  private replaceState(update: PollUpdate): void {
    this.state = update;
    this.frame = undefined;
    this.hidden = undefined;
    this.ballots.askWhereTheyMatter(this.state);
    // A deleted poll's viewers are ended after this update: they need not wait for the next slot.
    this.pacer.request(update.deleted === true);
  }

  private fanOut(): void {
    const state = this.state;
    if (!state) return;
    const viewers = this.countForFrames();
    const vote = this.delta.take(state, viewers);

    const position = positionOf(state);
    // Counts for everyone, or for some only (the admin, voters): one frame per audience either way.
    const everyone = visibleToEveryone(state.results_visibility, state.is_active || state.deleted === true);
    let sent = 0;
    let skipped = 0;
    for (const viewer of this.viewers) {
      const sees = everyone || seesCounts(state, viewer);
      if (!isNewer(state, viewer.seen) && viewer.sawCounts === sees && viewer.sawViewers === viewers) continue;
      if (state.deleted) {
        viewer.channel.send(this.frameFor(sees));
        sent++;
        continue;
      }
      if (viewer.channel.congested) {
        this.catchUpOnDrain(viewer);
        skipped++;
        continue;
      }
      viewer.channel.send(sees && vote && sawCountsAt(viewer, vote.base) ? vote.frame : this.frameFor(sees));
      viewer.seen = position;
      viewer.sawCounts = sees;
      viewer.sawViewers = viewers;
      sent++;
    }
    this.options.onFanOut?.(sent, skipped);
    if (state.deleted) this.options.onDeleted();
  }

  /** A slow viewer gets no queue: once its socket drains it gets the latest state, whatever it missed. */
  private catchUpOnDrain(viewer: Viewer): void {
    if (viewer.cancelDrain) return;
    viewer.cancelDrain = viewer.channel.onceDrained(() => {
      viewer.cancelDrain = undefined;
      if (viewer.left || !this.state) return;
      const upToDate = viewer.sawCounts === seesCounts(this.state, viewer) && viewer.sawViewers === this.viewerCount;
      if (!isNewer(this.state, viewer.seen) && upToDate) return;
      if (viewer.channel.congested) this.catchUpOnDrain(viewer);
      else this.sendCurrent(viewer);
    });
  }
}
