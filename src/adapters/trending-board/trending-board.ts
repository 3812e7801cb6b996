import type { TrendingSnapshot } from '../../domain/trending';

/**
 * The trending board (`trending_polls`, docs/REDIS.md): listed polls scored by their votes, recent
 * votes weighing most (src/domain/trending.ts). It is only a ranking; PostgreSQL says which of the
 * polls it names still exist and are open.
 *
 * - Cold until filled: a board that was never filled, was flushed or cannot answer says so, and the
 *   caller asks PostgreSQL and fills it. Votes never start a board from zero, since a board that saw
 *   only the latest votes would rank wrongly; a fill only lands on a cold board.
 * - Any order: recorded votes add up, each weighed by when it was recorded (the app's clock in
 *   memory, Redis's clock in Redis, so instances agree).
 * - At most once: a vote recorded while the board is cold, or lost on the way to Redis, is not
 *   counted again.
 * - Without Redis: `top` says cold (the caller asks PostgreSQL) and votes are dropped; when Redis
 *   answers again the board is emptied and cold, since it missed votes, and PostgreSQL fills it.
 * - A restart of pollcast empties the memory twin; the Redis board, without expiry, stays.
 *
 * Twins: trending-board.memory.ts (embedded mode), trending-board.redis.ts (services mode, shared
 * by every instance).
 */

export interface TrendingBoard {
  record(pollId: string, votes: number): void;
  /** Poll ids hottest first, or undefined when the board is cold or cannot answer. */
  top(count: number): Promise<string[] | undefined>;
  /** Installs scores computed from PostgreSQL, unless the board was filled meanwhile. */
  fill(snapshot: TrendingSnapshot): Promise<void>;
  forget(pollId: string): void;
}
