import { TRENDING, TRENDING_PRUNE_BELOW } from '../../domain/trending';
import type { Redis } from '../../redis/client';
import type { CommittedPoll } from '../../domain/polls';
import { VOTERS_TTL_MS } from '../known-voters/known-voters.redis';
import { CACHE_TTL_MS } from '../poll-cache/poll-cache.redis';

/**
 * Services mode: what one committed vote batch changes in Redis, for every poll it touched, in
 * one `recordCommits` script call (src/redis/scripts.ts): the counters (RedisPollCache's rule),
 * the voters set (RedisKnownVoters) and the trending score of a listed poll (RedisTrendingBoard). The same writes
 * as those classes make one poll at a time, but a batch over 40 polls costs Redis one script
 * instead of 160 calls. Like theirs, a failure costs speed only: it is logged, never thrown.
 */
export function recordCommitsInRedis(redis: Redis, changes: CommittedPoll[]): void {
  const { keys } = redis;
  const keyList: string[] = [keys.trending, keys.trendingEpoch];
  const args: (string | number)[] = [
    CACHE_TTL_MS,
    VOTERS_TTL_MS,
    TRENDING.halfLifeMs,
    TRENDING.renormaliseAfterHalfLives,
    TRENDING_PRUNE_BELOW,
  ];
  for (const { pollId, seq, counts, added, listed, voterKeys } of changes) {
    keyList.push(keys.counts(pollId), keys.voters(pollId));
    // The script scores `added` votes on the trending board, which holds listed polls only.
    args.push(pollId, listed ? added : 0, seq, counts.total_votes, counts.options.length);
    for (const option of counts.options) args.push(option.id, option.count);
    args.push(voterKeys.length, ...voterKeys);
  }
  redis.send('record commits', (client) => client.recordCommits(keyList, args));
}
