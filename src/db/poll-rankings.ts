import { sql } from 'drizzle-orm';
import type { Database } from './client';

/** A ranked poll's ranking counts (poll_rankings, src/db/schema.ts), read at one seq. */

export type RankingsAt = {
  seq: number;
  /** The poll's option ids in its order. */
  optionIds: string[];
  /** Each distinct ranking, as option ids, most preferred first, and how many ballots rank so. */
  rankings: { ranking: string[]; count: number }[];
};

/**
 * The poll's seq, options and ranking counts in one statement, so one snapshot: the counts are
 * those committed at that seq. Undefined when the poll is gone. Rankings are stored as option
 * positions, which run 0, 1, 2 … in every poll (as optionCount in polls.ts reads them).
 */
export async function readRankings(database: Database, pollId: string): Promise<RankingsAt | undefined> {
  const [row] = await database.rows<{
    seq: number | string;
    options: string[] | null;
    rankings: [number, number[]][] | null;
  }>(sql`
    select p.seq,
           (select json_agg(o.id order by o.position) from poll_options o where o.poll_id = p.id) as options,
           (select json_agg(json_build_array(r.ballots, r.ranking)) from poll_rankings r where r.poll_id = p.id)
             as rankings
    from polls p where p.id = ${pollId}::uuid`);
  if (!row) return undefined;
  const optionIds = row.options ?? [];
  const idAt = (position: number) => {
    const id = optionIds[position];
    if (id === undefined)
      throw new Error(`poll ${pollId} has a ranking with option position ${position}, which it lacks`);
    return id;
  };
  return {
    seq: Number(row.seq),
    optionIds,
    rankings: (row.rankings ?? []).map(([count, positions]) => ({ ranking: positions.map(idAt), count })),
  };
}
