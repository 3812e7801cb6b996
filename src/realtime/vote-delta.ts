import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { LiveFrame, voteSubmittedMessage } from './live-frames';
import { positionOf, type LivePosition } from './live-messages';
import type { Viewer } from './viewer-channel';

/**
 * The votes merged into a poll's state since an earlier position, while nothing else changed: a
 * viewer at that position who sees the counts can take a vote_submitted when they were all for
 * one option; anyone else needs the whole poll_updated.
 */
export class VoteDelta {
  /** Where the votes started from; undefined (and no options) once anything but votes changed. */
  private base?: LivePosition;
  private readonly options = new Set<string>();

  /** Votes for `optionIds` moved the state on from `current` by one seq, open as it was. */
  add(current: LivePosition, optionIds: readonly string[]): void {
    this.base ??= positionOf(current);
    for (const id of optionIds) this.options.add(id);
  }

  forget(): void {
    this.base = undefined;
    this.options.clear();
  }

  /**
   * The vote_submitted frame for this fan-out, when one option gained every vote since the base,
   * with the base a viewer must be at to take it; the delta starts over either way.
   */
  take(state: PollUpdate, viewers: number): { frame: LiveFrame; base: LivePosition } | undefined {
    // A ranked poll's every ballot moves its rounds, which only poll_updated carries.
    const base = state.results ? undefined : this.base;
    const [onlyOption] = this.options;
    const frame =
      base && this.options.size === 1 && onlyOption !== undefined
        ? new LiveFrame(voteSubmittedMessage(state, onlyOption, viewers))
        : undefined;
    this.forget();
    return base && frame && { frame, base };
  }
}

/** Whether the viewer got the counts at `base`, so the votes alone bring it up to date. */
export function sawCountsAt(viewer: Viewer, base: LivePosition): boolean {
  return viewer.sawCounts === true && viewer.seen?.seq === base.seq && viewer.seen.is_active === base.is_active;
}
