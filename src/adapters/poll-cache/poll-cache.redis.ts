import { countsOf, type PollWithOptions } from '../../domain/polls';
import type { Redis } from '../../redis/client';
import { contentOf, type CachedPoll, type CountsAt, type PollCache, type PollContent } from './poll-cache';

/**
 * Services mode: the cache entry `poll:{id}:details` and the counts hash `poll:{id}:counts`
 * (fields `seq`, the seq they were committed at, `total`, and one per option id). Counts are
 * written as the absolute numbers a commit produced, never incremented: a retried, reordered or
 * lost write then cannot leave a wrong number behind, and a missing count only ever comes back
 * from PostgreSQL's own numbers.
 */

export const CACHE_TTL_MS = 3_600_000;

export class RedisPollCache implements PollCache {
  constructor(private readonly redis: Redis) {}

  async get(pollId: string): Promise<CachedPoll | undefined> {
    const keys = this.redis.keys;
    try {
      return await this.redis.call(async (client) => {
        const json = await client.get(keys.details(pollId));
        if (!json) return undefined;
        const content = JSON.parse(json) as PollContent;
        // Written before polls had settings, join codes, revisions, kinds or the profanity filter: read
        // PostgreSQL, whose answer replaces it.
        if (
          content.max_choices === undefined ||
          content.code === undefined ||
          content.revision === undefined ||
          content.kind === undefined ||
          content.filter_profanity === undefined
        ) {
          return undefined;
        }
        // One HMGET reads the seq and every count at one instant, as one script wrote them.
        const values = await client.hmGet(keys.counts(pollId), [
          'seq',
          'total',
          ...content.options.map((option) => option.id),
        ]);
        if (values.some((value) => value === null)) return undefined;
        const [seq, total, ...counts] = values.map(Number);
        return {
          content,
          seq: seq as number,
          counts: {
            total_votes: total as number,
            options: content.options.map((option, i) => ({ id: option.id, count: counts[i] as number })),
          },
        };
      });
    } catch {
      return undefined;
    }
  }

  put(poll: PollWithOptions): void {
    const key = this.redis.keys.details(poll.id);
    const json = JSON.stringify(contentOf(poll));
    this.redis.send('cache poll', (client) => client.set(key, json, { PX: CACHE_TTL_MS }));
    this.update({ pollId: poll.id, seq: poll.seq, counts: countsOf(poll) });
  }

  update({ pollId, seq, counts }: CountsAt): void {
    const key = this.redis.keys.counts(pollId);
    const args = [
      seq,
      CACHE_TTL_MS,
      counts.total_votes,
      ...counts.options.flatMap((option) => [option.id, option.count]),
    ];
    this.redis.send('set counters', (client) => client.setPollCounts([key], args));
  }

  forget(pollId: string): void {
    const keys = this.redis.keys;
    this.redis.send('forget poll', (client) => client.del([keys.details(pollId), keys.counts(pollId)]));
  }
}
