import type { ResultsVisibility } from '../../domain/polls';

/**
 * Carries poll updates between the writers and the viewers (channel `poll:{id}:updates`).
 * The in-process bus serves embedded mode; services mode uses Redis pub/sub behind the
 * same interface. Updates carry absolute counts, so a dropped or merged one is harmless.
 */

export type PollUpdate = {
  poll_id: string;
  /** Grows with every change of the poll; viewers drop anything not newer than what they have. */
  seq: number;
  total_votes: number;
  options: { id: string; count: number }[];
  is_active: boolean;
  /** Who may see the counts now: viewers' frames follow it. */
  results_visibility: ResultsVisibility;
  /** Grows with every edit of the poll's texts: a viewer that sees it move reloads the poll. */
  revision: number;
  /** Options that gained votes in this change (empty for close, reopen, delete). */
  voted_option_ids: string[];
  /**
   * The ballots (their ballotKey) this change recorded, only where the poll shows counts after
   * a vote: a viewer watching as one of them starts seeing counts on the same connection.
   */
  voter_keys?: string[];
  deleted?: true;
};

export type PollUpdateListener = (update: PollUpdate) => void;

export interface PollBus {
  publish(update: PollUpdate): void;
  /**
   * Listens to one poll; the returned function stops listening. `onResync` is called whenever
   * updates published before that moment may have been missed (the subscription was confirmed
   * only now, or the bus reconnected): the listener should read the state afresh then.
   */
  subscribe(pollId: string, listener: PollUpdateListener, onResync?: () => void): () => void;
  close(): Promise<void>;
}

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
