import { TRENDING, TRENDING_PRUNE_BELOW, voteWeight, type TrendingSnapshot } from '../../domain/trending';
import type { TrendingBoard } from './trending-board';

/** Embedded mode: the same board in memory. */
export class MemoryTrendingBoard implements TrendingBoard {
  private scores: Map<string, number> | undefined;
  private epochMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  record(pollId: string, votes: number): void {
    if (!this.scores) return;
    const now = this.now();
    const age = (now - this.epochMs) / TRENDING.halfLifeMs;
    if (age > TRENDING.renormaliseAfterHalfLives) this.renormalise(Math.floor(age));
    this.scores.set(pollId, (this.scores.get(pollId) ?? 0) + votes * voteWeight(now, this.epochMs));
  }

  async top(count: number): Promise<string[] | undefined> {
    if (!this.scores) return undefined;
    return [...this.scores]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([pollId]) => pollId);
  }

  async fill(snapshot: TrendingSnapshot): Promise<void> {
    if (this.scores) return;
    this.epochMs = snapshot.epochMs;
    this.scores = new Map(snapshot.scores.map((entry) => [entry.pollId, entry.score]));
  }

  forget(pollId: string): void {
    this.scores?.delete(pollId);
  }

  private renormalise(halfLives: number): void {
    const scores = this.scores as Map<string, number>;
    this.epochMs += halfLives * TRENDING.halfLifeMs;
    for (const [pollId, score] of scores) {
      const scaled = score * 2 ** -halfLives;
      if (scaled < TRENDING_PRUNE_BELOW) scores.delete(pollId);
      else scores.set(pollId, scaled);
    }
  }
}
