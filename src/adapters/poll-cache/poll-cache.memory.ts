import { countsOf, type PollWithOptions } from '../../domain/polls';
import { contentOf, type CachedPoll, type CountsAt, type PollCache } from './poll-cache';

/** Embedded mode: the same cache in memory, keeping the most recently used polls. */
export class MemoryPollCache implements PollCache {
  private readonly entries = new Map<string, CachedPoll>();

  constructor(private readonly maxPolls = 10_000) {}

  async get(pollId: string): Promise<CachedPoll | undefined> {
    const entry = this.entries.get(pollId);
    if (!entry) return undefined;
    this.entries.delete(pollId);
    this.entries.set(pollId, entry);
    return structuredClone(entry);
  }

  put(poll: PollWithOptions): void {
    this.entries.delete(poll.id);
    this.entries.set(poll.id, { content: contentOf(poll), seq: poll.seq, counts: countsOf(poll) });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxPolls) break;
      this.entries.delete(oldest);
    }
  }

  update({ pollId, seq, counts }: CountsAt): void {
    const entry = this.entries.get(pollId);
    if (!entry || entry.seq >= seq) return;
    entry.seq = seq;
    entry.counts = structuredClone(counts);
  }

  forget(pollId: string): void {
    this.entries.delete(pollId);
  }
}
