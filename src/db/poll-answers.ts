import { sql, type SQL } from 'drizzle-orm';
import type { AnswerCount, AnswerModeration, CountedGroup } from '../kinds/text/results';
import type { Database } from './client';

/**
 * A text poll's groups of answers (poll_answer_groups, src/db/schema.ts) as reads need them: the
 * groups that lead its results, the creator's hidden and held ones, and the creator's verdicts.
 * docs/decisions/0013-open-text-answers.md says why the results are read this way.
 */

/**
 * Whether the group `g` shows in results: the creator showed it, or neither hid it nor had it
 * flagged by the profanity filter. The vote batch uses the same rule (src/votes/answer-statement.ts).
 */
export function groupShows(g: SQL): SQL {
  return sql`(${g}.verdict = 'show' or (${g}.verdict is null and ${g}.flagged_seq is null))`;
}

const SHOWN = groupShows(sql`g`);
const RESULTS_ORDER = sql`g.ballots desc, g.first_seq, g.first_place`;

/** The groups leading a text poll's results at one seq, and how many groups show in all. */
export type LeadingAt = { seq: number; leading: CountedGroup[]; distinct: number };

/**
 * The poll's seq, its `limit` leading groups that show and how many show, in one statement, so one
 * snapshot: the counts committed at that seq. Undefined when the poll is gone.
 */
export async function readLeadingAnswers(
  database: Database,
  pollId: string,
  limit: number,
): Promise<LeadingAt | undefined> {
  const [row] = await database.rows<{
    seq: number | string;
    leading: [string, string, number, number | string, number][] | null;
    shown: number;
  }>(sql`
    select p.seq,
           (select json_agg(json_build_array(g.group_key, g.text, g.ballots, g.first_seq, g.first_place)
                            order by ${RESULTS_ORDER})
            from (select * from poll_answer_groups g where g.poll_id = p.id and g.ballots > 0 and ${SHOWN}
                  order by ${RESULTS_ORDER} limit ${limit}) g) as leading,
           (select count(*)::int from poll_answer_groups g where g.poll_id = p.id and g.ballots > 0 and ${SHOWN})
             as shown
    from polls p where p.id = ${pollId}::uuid`);
  if (!row) return undefined;
  return {
    seq: Number(row.seq),
    distinct: row.shown,
    leading: (row.leading ?? []).map(([key, text, count, firstSeq, firstPlace]) => ({
      key,
      text,
      count,
      firstGiven: [Number(firstSeq), firstPlace],
    })),
  };
}

/** The groups the creator hid and those the profanity filter holds back, `limit` of each, most given first. */
export async function readModeration(database: Database, pollId: string, limit: number): Promise<AnswerModeration> {
  const list = (where: SQL) => sql`(select coalesce(json_agg(json_build_object('text', g.text, 'count', g.ballots)
      order by ${RESULTS_ORDER}), '[]'::json)
    from (select * from poll_answer_groups g where g.poll_id = ${pollId}::uuid and ${where}
          order by ${RESULTS_ORDER} limit ${limit}) g)`;
  const [row] = await database.rows<{ hidden: AnswerCount[]; held: AnswerCount[] }>(sql`
    select ${list(sql`g.verdict = 'hide'`)} as hidden,
           ${list(sql`g.verdict is null and g.flagged_seq is not null and g.ballots > 0`)} as held`);
  return row ?? { hidden: [], held: [] };
}

/** The creator's word on one group of answers: `text` is the spelling they gave. */
export type AnswerVerdict = { key: string; text: string; verdict: 'hide' | 'show' };

/**
 * The creator's verdict on groups of answers, by key (`text`: the spelling the creator gave, the
 * group's text until someone gives it), and the poll's seq moved on, in one statement: live
 * viewers learn of it with the next update. False when the poll is gone.
 */
export async function judgeAnswers(
  database: Database,
  pollId: string,
  verdicts: readonly AnswerVerdict[],
): Promise<boolean> {
  const input = JSON.stringify(verdicts);
  const [row] = await database.rows<{ seq: number | string }>(sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(key text, text text, verdict text)
    ),
    poll as (
      update polls set seq = seq + 1 where id = ${pollId}::uuid returning id, seq
    ),
    judged as (
      insert into poll_answer_groups (poll_id, group_key, ballots, text, text_ballots, first_seq, first_place, verdict)
      select p.id, x.key, 0, x.text, 0, p.seq, 0, x.verdict from input x cross join poll p
      on conflict (poll_id, group_key) do update set verdict = excluded.verdict
    )
    select seq from poll`);
  return row !== undefined;
}
