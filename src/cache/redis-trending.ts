import { TRENDING, TRENDING_PRUNE_BELOW, type TrendingSnapshot } from '../domain/trending';
import { luaScript, runScript, type Redis } from '../redis/client';
import type { TrendingBoard } from './trending';

/**
 * Services mode: the sorted set `trending_polls` and its epoch `trending_polls:epoch`, shared
 * by all instances. The epoch key says the board is complete: without it votes are not added
 * and readers fall back to PostgreSQL, which fills the board again. Votes are timed by Redis's
 * clock, so instances with skewed clocks still agree.
 */

// KEYS: board, epoch. ARGV: half-life ms, renormalise after (half-lives), prune below, poll id, votes.
const RECORD = luaScript(`
local epoch = tonumber(redis.call('GET', KEYS[2]))
if not epoch then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local halfLife = tonumber(ARGV[1])
local age = (now - epoch) / halfLife
if age > tonumber(ARGV[2]) then
  local shift = math.floor(age)
  redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', string.format('%.17g', 2 ^ -shift))
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
  epoch = epoch + shift * halfLife
  redis.call('SET', KEYS[2], string.format('%.0f', epoch))
  age = age - shift
end
redis.call('ZINCRBY', KEYS[1], string.format('%.17g', tonumber(ARGV[5]) * 2 ^ age), ARGV[4])
return 1
`);

// KEYS: board, epoch. ARGV: epoch, then poll id and score pairs. Only an absent board is filled.
const FILL = luaScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i]) end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`);

export class RedisTrendingBoard implements TrendingBoard {
  constructor(private readonly redis: Redis) {
    // Votes committed while Redis was away are missing from the board: rebuild it from PostgreSQL.
    redis.onReconnect(() =>
      redis.send('reset trending', (client) => client.del([redis.keys.trending, redis.keys.trendingEpoch])),
    );
  }

  record(pollId: string, votes: number): void {
    const { trending, trendingEpoch } = this.redis.keys;
    const args = [TRENDING.halfLifeMs, TRENDING.renormaliseAfterHalfLives, TRENDING_PRUNE_BELOW, pollId, votes];
    this.redis.send('record trending', (client) => runScript(client, RECORD, [trending, trendingEpoch], args));
  }

  async top(count: number): Promise<string[] | undefined> {
    const { trending, trendingEpoch } = this.redis.keys;
    try {
      const [filled, ids] = await this.redis.call((client) =>
        Promise.all([client.exists(trendingEpoch), client.zRange(trending, 0, count - 1, { REV: true })]),
      );
      return filled ? ids : undefined;
    } catch {
      return undefined;
    }
  }

  async fill(snapshot: TrendingSnapshot): Promise<void> {
    const { trending, trendingEpoch } = this.redis.keys;
    const args = [snapshot.epochMs, ...snapshot.scores.flatMap((entry) => [entry.pollId, entry.score])];
    await this.redis.call((client) => runScript(client, FILL, [trending, trendingEpoch], args)).catch(() => undefined);
  }

  forget(pollId: string): void {
    this.redis.send('forget trending', (client) => client.zRem(this.redis.keys.trending, pollId));
  }
}
