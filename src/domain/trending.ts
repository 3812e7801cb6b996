/**
 * How "trending" is scored (docs/REDIS.md): every vote adds 2^((t - epoch) / halfLife) to its
 * poll's score, so a vote an hour old weighs half as much as one cast now. Only relative
 * scores matter, so the epoch is any fixed instant; it is moved forward now and then
 * (renormalisation) so the numbers stay small. PostgreSQL computes the same score from
 * `votes.voted_at` when the board is cold, so both give the same order.
 */

export const TRENDING = {
  halfLifeMs: 3_600_000,
  /** Votes older than this many half-lives (weight < 1/4096) no longer count. */
  windowHalfLives: 12,
  /** Move the epoch forward once it is this many half-lives old (weights stay below 2^24). */
  renormaliseAfterHalfLives: 24,
  /** Most polls a rebuilt board starts with. */
  boardSize: 1_000,
} as const;

/** Scores relative to `epochMs`, as PostgreSQL computes them for a cold board. */
export type TrendingSnapshot = { epochMs: number; scores: { pollId: string; score: number }[] };

/** The weight of one vote cast at `atMs` on a board whose epoch is `epochMs`. */
export function voteWeight(atMs: number, epochMs: number): number {
  return 2 ** ((atMs - epochMs) / TRENDING.halfLifeMs);
}

/** The lowest score worth keeping after renormalisation: one vote a full window ago. */
export const TRENDING_PRUNE_BELOW = 2 ** -TRENDING.windowHalfLives;
