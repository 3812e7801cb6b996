import { countsOf, type Counts, type PollWithOptions } from '../../domain/polls';

/**
 * Cache-aside for poll details (its Redis keys: docs/REDIS.md): what changes only with its revision
 * (its texts and options) and its counts as committed at some `seq`. A reader compares that seq
 * with the poll's seq in PostgreSQL and uses the cached counts only when they are at least as
 * new, so a cached answer is never older than what PostgreSQL had committed when the read began.
 */

/**
 * What changes only with the poll's revision (its texts, edited before the first ballot) or never,
 * its settings included (not `listed`, which the creator may change at any time).
 */
export type PollContent = Pick<
  PollWithOptions,
  'id' | 'title' | 'description' | 'category' | 'created_at' | 'voter_identity' | 'max_choices' | 'code' | 'revision'
> & {
  options: { id: string; option_text: string }[];
};

export type CachedPoll = { content: PollContent; seq: number; counts: Counts };

/** A committed state of a poll's counts. */
export type CountsAt = { pollId: string; seq: number; counts: Counts };

export interface PollCache {
  /** Undefined when any part is missing (or the cache cannot answer): the caller reads PostgreSQL. */
  get(pollId: string): Promise<CachedPoll | undefined>;
  /** Keeps a poll as PostgreSQL just returned it. */
  put(poll: PollWithOptions): void;
  /** Takes newer committed counts; older ones than those kept are ignored. */
  update(state: CountsAt): void;
  forget(pollId: string): void;
}

export function contentOf(poll: PollWithOptions): PollContent {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    category: poll.category,
    created_at: poll.created_at,
    voter_identity: poll.voter_identity,
    max_choices: poll.max_choices,
    code: poll.code,
    revision: poll.revision,
    options: poll.options.map((option) => ({ id: option.id, option_text: option.option_text })),
  };
}

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
