import type { Redis } from '../../redis/client';
import type { KnownVoters } from './known-voters';

/** Services mode: the voters set shared by all instances; "cannot tell" while Redis is away. */

/** Refreshed on every vote, so a set outlives its poll's activity by a day. */
export const VOTERS_TTL_MS = 24 * 3_600_000;

export class RedisKnownVoters implements KnownVoters {
  constructor(private readonly redis: Redis) {}

  has(pollId: string, voterKey: string): Promise<boolean> {
    return this.redis
      .call((client) => client.sIsMember(this.redis.keys.voters(pollId), voterKey))
      .then(
        (member) => Number(member) === 1,
        () => false,
      );
  }

  add(pollId: string, voterKeys: string[]): void {
    if (voterKeys.length === 0) return;
    const key = this.redis.keys.voters(pollId);
    this.redis.send('remember voters', (client) =>
      client.multi().sAdd(key, voterKeys).pExpire(key, VOTERS_TTL_MS).execAsPipeline(),
    );
  }

  forget(pollId: string): void {
    this.redis.send('forget voters', (client) => client.del(this.redis.keys.voters(pollId)));
  }
}
