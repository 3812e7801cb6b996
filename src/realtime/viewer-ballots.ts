import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { resultsVisible, type Poll } from '../domain/polls';
import { ballotKey, type Voter } from '../domain/voter';
import { describeError, type Logger } from '../logger';
import type { Viewer } from './viewer-channel';

/**
 * Who among a poll's viewers sees its counts: the rule per viewer, and, where the poll shows
 * counts after a vote, whether each viewer has a ballot, looked up in one statement per turn.
 */

/** Whether a viewer sees the counts of `state`. */
export function seesCounts(state: PollUpdate, viewer: Pick<Viewer, 'watcher' | 'voted'>): boolean {
  // A deleted poll reads as closed, but its last message must not show what it hid while open.
  return resultsVisible(state.results_visibility, state.is_active || state.deleted === true, {
    admin: viewer.watcher.admin,
    voted: viewer.voted === true,
  });
}

/** Whether some viewer's ballot would change what it sees of `state` (so it is worth asking). */
export function dependsOnBallot(state: PollUpdate): boolean {
  return state.results_visibility === 'after_vote' && state.is_active && !state.deleted;
}

export type ViewerBallotsOptions = {
  pollId: string;
  /** The poll's viewers (joined): a ballot found for one of them is worth a fan-out. */
  viewers: ReadonlySet<Viewer>;
  /** Which of these voters have a ballot in the poll. */
  votersWithBallots: (identity: Poll['voter_identity'], voters: Voter[]) => Promise<boolean[]>;
  /** A viewer here was found to have a ballot: it is to be sent the counts. */
  onFound: () => void;
  /** True once the poll is no longer watched: nothing more is looked up. */
  stopped: () => boolean;
  log: Logger;
};

export class ViewerBallots {
  /** Which identity the poll counts (address or browser), as last read from the database. */
  identity?: Poll['voter_identity'];
  /** Viewers by their ballotKey, so a vote update can tell the ones who just voted. */
  private readonly byBallot = new Map<string, Set<Viewer>>();
  /** Viewers whose ballot is to be looked up in the next batch, and that batch. */
  private unknown: Viewer[] = [];
  private lookingUp?: Promise<void>;

  constructor(private readonly options: ViewerBallotsOptions) {}

  /**
   * Makes the viewer ready to join: when the poll shows counts after a vote, whether it voted is
   * looked up first (with the other viewers arriving in the same turn), so its first frame is right.
   * It is indexed by its ballot before the lookup starts, so a vote committed meanwhile reaches it
   * either through the lookup or through the vote update the bus carries.
   */
  admit(viewer: Viewer, state: PollUpdate | undefined): Promise<void> {
    const voter = viewer.watcher.voter;
    if (!voter || viewer.watcher.admin || !this.identity) return Promise.resolve();
    const key = ballotKey(voter, this.identity);
    viewer.ballotKey = key;
    let same = this.byBallot.get(key);
    if (!same) this.byBallot.set(key, (same = new Set()));
    same.add(viewer);
    return state && dependsOnBallot(state) ? this.lookUp([viewer]) : Promise.resolve();
  }

  /** Forgets a viewer's ballot key (it left, or never joined). */
  unindex(viewer: Viewer): void {
    const same = viewer.ballotKey === undefined ? undefined : this.byBallot.get(viewer.ballotKey);
    if (!same) return;
    same.delete(viewer);
    if (same.size === 0) this.byBallot.delete(viewer.ballotKey as string);
  }

  /** The ballots (their ballotKey) a vote update recorded: their viewers have voted. */
  recorded(keys: readonly string[]): void {
    for (const key of keys) {
      for (const viewer of this.byBallot.get(key) ?? []) viewer.voted = true;
    }
  }

  /** Updates may have been missed, votes by viewers here among them: a viewer without a ballot is asked again. */
  doubtMissing(): void {
    for (const viewer of this.options.viewers) if (viewer.voted === false) viewer.voted = undefined;
  }

  /** After a change that makes ballots matter (the poll now shows counts after a vote), ask about viewers not yet asked. */
  askWhereTheyMatter(state: PollUpdate | undefined): void {
    const { viewers, log, pollId } = this.options;
    if (!state || !dependsOnBallot(state)) return;
    if (![...viewers].some((viewer) => viewer.voted === undefined && viewer.ballotKey !== undefined)) return;
    this.lookUp(viewers).catch((error: unknown) =>
      log.warn('live ballot lookup failed', { poll_id: pollId, ...describeError(error) }),
    );
  }

  /**
   * Looks up, in one statement per turn, whether these viewers (and any others not yet asked)
   * have a ballot; a viewer found to have one is sent the counts at the next fan-out.
   */
  private lookUp(viewers: Iterable<Viewer>): Promise<void> {
    for (const viewer of viewers) {
      if (viewer.voted === undefined && viewer.ballotKey !== undefined) this.unknown.push(viewer);
    }
    return (this.lookingUp ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.lookingUp = undefined;
      const batch = [...new Set(this.unknown.splice(0))].filter((viewer) => !viewer.left);
      const identity = this.identity;
      if (batch.length === 0 || !identity || this.options.stopped()) return;
      const found = await this.options.votersWithBallots(
        identity,
        batch.map((viewer) => viewer.watcher.voter as Voter),
      );
      let gained = false;
      batch.forEach((viewer, i) => {
        if (found[i] && viewer.voted !== true) {
          viewer.voted = true;
          gained ||= this.options.viewers.has(viewer);
        } else viewer.voted ??= false;
      });
      if (gained) this.options.onFound();
    }));
  }
}
