import { sql, type SQL } from 'drizzle-orm';

/**
 * What one stored ballot holds, as a JSON array, or null when it holds nothing: a ranked ballot's
 * option ids most preferred first (its row's `ranking`, option positions, looked up in its poll),
 * a choice ballot's in id order (vote_choices), a text ballot's answers in the order given
 * (vote_answers). `vote` names the votes row. The vote batch's conflicts, the writer's second look
 * and a poll read for its voter all tell a voter's earlier ballot with it.
 */
export function storedBallot(vote: SQL): SQL {
  return sql`coalesce(
    (select json_agg(o.id order by r.n)
     from unnest(${vote}.ranking) with ordinality r(position, n)
     join poll_options o on o.poll_id = ${vote}.poll_id and o.position = r.position),
    (select json_agg(c.option_id order by c.option_id) from vote_choices c where c.vote_id = ${vote}.id),
    (select json_agg(a.answer order by a.position) from vote_answers a where a.vote_id = ${vote}.id))`;
}
