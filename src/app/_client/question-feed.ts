import type { LiveHandlers, LiveState, LiveStatus, WatchLive } from './live-client';

/**
 * The shown question's live results as the event's one connection brings them (followEvent's
 * `onQuestion` and `onStatus`), handed to the question's live part through `watch` as if from
 * the poll's own stream. The question's part may mount after its snapshot came (it waits for the
 * poll's details), so the latest state is kept and given to a watcher of that poll at once.
 * Browser-only.
 */
export class QuestionFeed {
  private latest: LiveState | undefined;
  private status: LiveStatus | undefined;
  private readonly watchers = new Set<{ pollId: string; handlers: LiveHandlers }>();

  readonly take = (state: LiveState): void => {
    this.latest = state;
    for (const { pollId, handlers } of this.watchers) if (pollId === state.poll_id) handlers.onState(state);
  };

  readonly setStatus = (status: LiveStatus): void => {
    this.status = status;
    for (const { handlers } of this.watchers) handlers.onStatus?.(status);
  };

  readonly watch: WatchLive = (pollId, handlers) => {
    const watcher = { pollId, handlers };
    this.watchers.add(watcher);
    if (this.status) handlers.onStatus?.(this.status);
    if (this.latest?.poll_id === pollId) handlers.onState(this.latest);
    return () => void this.watchers.delete(watcher);
  };
}
