import type { Counts, PollWithOptions } from '../../domain/polls';

/**
 * The poll cache: cache-aside for poll details (docs/REDIS.md). It holds what changes only with a
 * poll's revision (its texts and options) and the poll's counts as committed at some `seq`. It is
 * never the truth:
 *
 * - A reader compares the cached seq with the poll's seq in PostgreSQL and uses the cached counts
 *   only when they are at least as new (and the cached revision is the poll's), so a cached answer
 *   is never older than what PostgreSQL had committed when the read began.
 * - Any order, any number of times: counts are absolute numbers tagged with their seq, and counts
 *   older than those the cache holds are ignored, so a late or repeated update changes nothing.
 *   (The memory twin's `put` replaces the counts whatever their seq; readers then miss, as above.)
 * - Without Redis: `get` misses (the caller reads PostgreSQL) and writes are dropped, logged.
 * - A restart of pollcast empties the memory twin; Redis keeps an entry for an hour after it was
 *   written (CACHE_TTL_MS).
 *
 * Twins: poll-cache.memory.ts (embedded mode: the most recently used polls), poll-cache.redis.ts
 * (services mode, shared by every instance).
 */

/**
 * What changes only with the poll's revision (its texts, edited before the first ballot) or never,
 * its settings included (not `listed`, which the creator may change at any time).
 */
export type PollContent = Pick<
  PollWithOptions,
  | 'id'
  | 'title'
  | 'description'
  | 'kind'
  | 'category'
  | 'created_at'
  | 'voter_identity'
  | 'max_choices'
  | 'code'
  | 'revision'
  | 'filter_profanity'
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
  /** Takes newer committed counts; counts older than those held are ignored. */
  update(state: CountsAt): void;
  forget(pollId: string): void;
}

export function contentOf(poll: PollWithOptions): PollContent {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    kind: poll.kind,
    category: poll.category,
    created_at: poll.created_at,
    voter_identity: poll.voter_identity,
    max_choices: poll.max_choices,
    code: poll.code,
    revision: poll.revision,
    filter_profanity: poll.filter_profanity,
    options: poll.options.map((option) => ({ id: option.id, option_text: option.option_text })),
  };
}
