/**
 * Every Redis key and channel pollcast uses (docs/REDIS.md), in one place.
 * The optional prefix lets several deployments, or test suites, share one Redis.
 */

export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix = '') {
  const poll = (pollId: string) => `${prefix}poll:${pollId}`;
  return {
    /** Set of the voters (their ballot keys: address, or browser) whose ballot PostgreSQL committed. */
    voters: (pollId: string) => `${poll(pollId)}:voters`,
    /**
     * Hash of the poll's committed counts: `seq` (the poll's seq they were copied at), `total`, and
     * one field per option id. Absent, or missing a field, means the counts are unknown.
     */
    counts: (pollId: string) => `${poll(pollId)}:counts`,
    /** The cache entry: what never changes about a poll (texts, options, creation time). */
    details: (pollId: string) => `${poll(pollId)}:details`,
    /** Pub/sub channel of the poll's live updates. */
    updates: (pollId: string) => `${poll(pollId)}:updates`,
    /** Hash of the poll's live viewers per instance: field instance id, value `{count} {deadline ms}`. */
    viewers: (pollId: string) => `${poll(pollId)}:viewers`,
    /** Pub/sub channel of an event's changes (a move, its questions, its end). */
    eventUpdates: (eventId: string) => `${prefix}event:${eventId}:updates`,
    voteRate: (bucket: string) => `${prefix}ratelimit:${bucket}`,
    pollRate: (bucket: string) => `${prefix}ratelimit:polls:${bucket}`,
    /** Votes per address in polls that count browsers (the per-voter window is then per browser). */
    addressVoteRate: (bucket: string) => `${prefix}ratelimit:addresses:${bucket}`,
    /** Join codes no poll has, looked up per address. */
    codeLookupRate: (bucket: string) => `${prefix}ratelimit:codes:${bucket}`,
    trending: `${prefix}trending_polls`,
    /** The instant trending scores are relative to; its absence means the board must be rebuilt. */
    trendingEpoch: `${prefix}trending_polls:epoch`,
    prefix,
  };
}
