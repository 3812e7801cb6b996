import type { PollBus, PollUpdate, PollUpdateListener } from './poll-bus';

/** Embedded mode: one process, so every listener is here and none ever misses an update (no resync). */
export class MemoryPollBus implements PollBus {
  private listeners = new Map<string, Set<PollUpdateListener>>();

  publish(update: PollUpdate): void {
    const listeners = this.listeners.get(update.poll_id);
    if (!listeners) return;
    for (const listener of listeners) listener(update);
  }

  subscribe(pollId: string, listener: PollUpdateListener): () => void {
    let listeners = this.listeners.get(pollId);
    if (!listeners) this.listeners.set(pollId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(pollId) === listeners) this.listeners.delete(pollId);
    };
  }

  /** Polls with at least one listener here; tests use it to prove nothing is left behind. */
  get activePolls(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
