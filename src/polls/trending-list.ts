import type { TrendingBoard } from '../adapters/trending-board/trending-board';
import type { Database } from '../db/client';
import { findOpenPollsByIds, trendingPollsFromVotes, trendingSnapshot } from '../db/trending-polls';
import { presentPoll } from './present-poll';

/** The trending list: the board ranks, PostgreSQL says which of those polls are open. */

/** The board may rank closed or deleted polls high; a few spares per place keep the list full. */
const TRENDING_CANDIDATES_PER_PLACE = 3;

export function createTrendingList(database: Database, trending: TrendingBoard) {
  let refilling: Promise<void> | undefined;
  function refillTrending(): void {
    refilling ??= trendingSnapshot(database)
      .then((snapshot) => trending.fill(snapshot))
      .catch(() => undefined)
      .finally(() => (refilling = undefined));
  }

  /** Hottest first from the trending board; PostgreSQL answers (and refills it) when the board is cold. */
  return async function trendingPolls(limit: number) {
    const ids = await trending.top(limit * TRENDING_CANDIDATES_PER_PLACE);
    const now = new Date();
    if (!ids) {
      refillTrending();
      return { polls: (await trendingPollsFromVotes(database, limit, now)).map((poll) => presentPoll(poll, now)) };
    }
    // The board ranks; PostgreSQL says which of those polls exist and are open, with their current fields.
    const rank = new Map(ids.map((id, i) => [id, i]));
    const open = await findOpenPollsByIds(database, ids, now);
    open.sort((a, b) => (rank.get(a.id) as number) - (rank.get(b.id) as number));
    return { polls: open.slice(0, limit).map((poll) => presentPoll(poll, now)) };
  };
}
