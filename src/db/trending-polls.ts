import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Poll } from '../domain/polls';
import { TRENDING, type TrendingSnapshot } from '../domain/trending';
import type { Database } from './client';
import { openAt, pollColumns, toPoll } from './polls';
import { polls, votes } from './schema';

/** Trending from PostgreSQL's votes: what answers while the trending board is cold, and what fills it. */

/** Each poll's trending score (src/domain/trending.ts) from its votes, relative to `instant`. */
function trendingScores(database: Database, instant: Date) {
  const at = sql`${instant.toISOString()}::timestamptz`;
  const windowSeconds = (TRENDING.windowHalfLives * TRENDING.halfLifeMs) / 1000;
  return database.db
    .select({
      pollId: votes.pollId,
      score: sql<number>`sum(power(2, extract(epoch from (${votes.votedAt} - ${at})) * 1000 / ${TRENDING.halfLifeMs}))`
        .mapWith(Number)
        .as('score'),
    })
    .from(votes)
    .where(sql`${votes.votedAt} > ${at} - make_interval(secs => ${windowSeconds})`)
    .groupBy(votes.pollId);
}

/** Listed open polls, hottest first by the trending score; the board in Redis or memory serves this when warm. */
export async function trendingPollsFromVotes(database: Database, limit: number, instant = new Date()): Promise<Poll[]> {
  const scores = trendingScores(database, instant).as('scores');
  const rows = await database.db
    .select(pollColumns)
    .from(polls)
    .innerJoin(scores, eq(scores.pollId, polls.id))
    .where(and(eq(polls.listed, true), openAt(polls, instant)))
    .orderBy(desc(scores.score), desc(polls.totalVotes), desc(polls.createdAt))
    .limit(limit);
  return rows.map(toPoll);
}

/** The scores of listed polls a cold trending board starts from, with the instant they are relative to. */
export async function trendingSnapshot(database: Database, instant = new Date()): Promise<TrendingSnapshot> {
  const scores = trendingScores(database, instant).as('scores');
  const rows = await database.db
    .select({ pollId: scores.pollId, score: scores.score })
    .from(scores)
    .innerJoin(polls, and(eq(polls.id, scores.pollId), eq(polls.listed, true)))
    .orderBy(desc(scores.score))
    .limit(TRENDING.boardSize);
  return { epochMs: instant.getTime(), scores: rows };
}

/** The listed ones among these polls open at `instant`, in no particular order (the trending board may hold others). */
export async function findOpenPollsByIds(database: Database, ids: string[], instant = new Date()): Promise<Poll[]> {
  if (ids.length === 0) return [];
  const rows = await database.db
    .select(pollColumns)
    .from(polls)
    .where(and(inArray(polls.id, ids), eq(polls.listed, true), openAt(polls, instant)));
  return rows.map(toPoll);
}
