import { sql, type SQL } from 'drizzle-orm';
import { groupShows } from '../db/poll-answers';

/**
 * The part of the vote batch's statement (batch-statement.ts) that writes text ballots: each
 * counted ballot's answers (vote_answers), and the counts per spelling and per group of answers
 * (poll_answer_spellings, poll_answer_groups; docs/decisions/0013-open-text-answers.md), so the
 * counts always hold exactly the ballots committed. It reads the statement's `counted`, `answers`
 * and `locked`, and answers each touched group as the batch left it (ANSWER_GROUPS).
 *
 * - A group's `text` is its most-used spelling: a spelling this batch gave replaces it only with
 *   more ballots than it has, so the first to reach a count keeps it.
 * - A group's place among equal counts is where it was first given: the seq this batch gives the
 *   poll, then the ballot's place in the batch and the answer's in the ballot.
 * - A group the profanity filter flagged once stays flagged (`flagged_seq`, the seq that flagged
 *   it); the creator's verdict ('hide' or 'show') overrides it.
 */
export function answerWrites(): SQL {
  return sql`,
    answer_ins as (
      insert into vote_answers (vote_id, poll_id, position, answer, group_key)
      select k.vote_id, k.poll_id, a.position, a.answer, a.group_key from counted k join answers a on a.i = k.i
    ),
    -- Each spelling the counted ballots gave, per poll and group: how often, where first, whether flagged.
    spelled as materialized (
      select k.poll_id, a.group_key, a.answer, count(*)::int as n, min(k.i * 16 + a.position) as place,
             bool_or(a.flagged) as flagged
      from counted k join answers a on a.i = k.i
      group by k.poll_id, a.group_key, a.answer
    ),
    spelling_ins as (
      insert into poll_answer_spellings (poll_id, group_key, spelling, ballots)
      select poll_id, group_key, answer, n from spelled
      on conflict (poll_id, group_key, spelling) do update set ballots = poll_answer_spellings.ballots + excluded.ballots
      returning poll_id, group_key, spelling, ballots
    ),
    -- Of the spellings this batch gave each group, the one with the most ballots now (first given on a tie).
    best_spelling as (
      select distinct on (si.poll_id, si.group_key) si.poll_id, si.group_key, si.spelling, si.ballots
      from spelling_ins si
      join spelled s on s.poll_id = si.poll_id and s.group_key = si.group_key and s.answer = si.spelling
      order by si.poll_id, si.group_key, si.ballots desc, s.place
    ),
    group_added as materialized (
      select poll_id, group_key, sum(n)::int as n, min(place) as place, bool_or(flagged) as flagged
      from spelled group by poll_id, group_key
    ),
    group_ins as (
      insert into poll_answer_groups
        (poll_id, group_key, ballots, text, text_ballots, first_seq, first_place, flagged_seq)
      select g.poll_id, g.group_key, g.n, s.spelling, s.ballots, l.seq + 1, g.place,
             case when g.flagged then l.seq + 1 end
      from group_added g
      join best_spelling s on s.poll_id = g.poll_id and s.group_key = g.group_key
      join locked l on l.id = g.poll_id
      on conflict (poll_id, group_key) do update set
        ballots = poll_answer_groups.ballots + excluded.ballots,
        text = case when excluded.text_ballots > poll_answer_groups.text_ballots then excluded.text
                    else poll_answer_groups.text end,
        text_ballots = greatest(excluded.text_ballots, poll_answer_groups.text_ballots),
        -- A group the creator hid before anyone gave it is first given now.
        first_seq = case when poll_answer_groups.ballots = 0 then excluded.first_seq
                         else poll_answer_groups.first_seq end,
        first_place = case when poll_answer_groups.ballots = 0 then excluded.first_place
                           else poll_answer_groups.first_place end,
        flagged_seq = coalesce(poll_answer_groups.flagged_seq, excluded.flagged_seq)
      returning poll_id, group_key, ballots, text, first_seq, first_place, flagged_seq, verdict
    ),
    -- Each touched group after the batch, and whether it showed before and after it.
    group_rows as (
      select r.poll_id, r.group_key, r.text, r.ballots, r.first_seq, r.first_place,
             ${SHOWS} as shown,
             r.ballots > g.n and (r.verdict = 'show' or (r.verdict is null
               and (r.flagged_seq is null or r.flagged_seq = l.seq + 1))) as shown_before
      from group_ins r
      join group_added g on g.poll_id = r.poll_id and g.group_key = r.group_key
      join locked l on l.id = r.poll_id
    )`;
}

/** Whether the group `r` shows in results (the rule every read of groups uses). */
const SHOWS = groupShows(sql`r`);

/** The groups of the locked poll `l` the batch gave answers to, for the statement's answer (GroupRow). */
export const ANSWER_GROUPS = sql`(select json_agg(json_build_array(r.group_key, r.text, r.ballots, r.first_seq,
    r.first_place, r.shown, r.shown_before)) from group_rows r where r.poll_id = l.id)`;
