import type { KnownVoters } from './known-voters';

/** Embedded mode: the same hint in memory, dropping the least recently voted polls beyond a bound. */
export class MemoryKnownVoters implements KnownVoters {
  private readonly polls = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly maxVoters = 100_000) {}

  async has(pollId: string, voterKey: string): Promise<boolean> {
    return this.polls.get(pollId)?.has(voterKey) ?? false;
  }

  add(pollId: string, voterKeys: string[]): void {
    const voters = this.polls.get(pollId) ?? new Set<string>();
    // Re-inserted so the Map's order is least recently voted first.
    this.polls.delete(pollId);
    this.polls.set(pollId, voters);
    for (const key of voterKeys) {
      if (voters.has(key)) continue;
      voters.add(key);
      this.size++;
    }
    for (const [oldest, set] of this.polls) {
      if (this.size <= this.maxVoters || oldest === pollId) break;
      this.polls.delete(oldest);
      this.size -= set.size;
    }
  }

  forget(pollId: string): void {
    this.size -= this.polls.get(pollId)?.size ?? 0;
    this.polls.delete(pollId);
  }
}
