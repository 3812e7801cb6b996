import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { openAt, optionCount } from '../db/polls';
import { storedBallot } from '../db/stored-ballot';
import { polls } from '../db/schema';
import type { PollKind, ResultsVisibility } from '../domain/polls';
import { ANSWER_GROUPS, answerWrites } from './answer-statement';

/** The vote batch as one SQL statement, and the one row it answers with (read by write-batch.ts). */

type BatchStatus =
  | 'counted'
  | 'conflict'
  | 'not_found'
  | 'wrong_kind'
  | 'edited'
  | 'invalid_option'
  | 'too_many_choices'
  | 'poll_closed';
export type BatchResult = {
  outcomes: { i: number; s: BatchStatus; earlier: string[] | null }[];
  polls: {
    id: string;
    total: number;
    seq: number | string;
    visibility: ResultsVisibility;
    kind: PollKind;
    listed: boolean;
    revision: number;
    options: { id: string; count: number }[];
    /** A text poll's groups this batch gave answers to (answer-statement.ts), or null. */
    groups: GroupRow[] | null;
  }[];
};

/** key, text, count, first seq, first place, shown, shown before the batch. */
export type GroupRow = [string, string, number, number | string, number, boolean, boolean];

/** polls under the alias the statement gives it. */
const p = alias(polls, 'p');

/**
 * One statement, so one round trip and one implicit transaction per batch. The polls are
 * locked first, in id order: a close that commits meanwhile is seen, and two batches never
 * deadlock. Counts are read from locked rows (latest committed), never from the statement's
 * snapshot, so the counts a batch reports can only grow from one batch to the next.
 *
 * A vote counts if its poll is open at `sentAt` (the rule of isOpenAt, src/domain/polls.ts) and
 * is stored with `sentAt` as voted_at, so no vote is ever stored at or after its poll's end time.
 * `sentAt` is taken when the batch leaves for the database, after every vote in it arrived, so
 * none that arrived after the end time gets in. It is not the moment the statement gets its
 * locks: how long a batch waits on a poll's row lock (behind another batch or an admin's change)
 * depends on the database's load, and must not decide whether a vote that was sent in time
 * counts. A close or new end time committed during the wait is still seen: the poll is judged on
 * its locked row, read as it is after the wait.
 *
 * The options, though, are read in the statement's snapshot, taken before the wait. Options change
 * only by an edit (src/db/poll-writes.ts, editPoll), which bumps the poll's revision under the same row
 * lock: where the locked row's revision is not the one the snapshot saw, the batch writes nothing
 * for that poll and its ballots go to the next batch ('edited'), never counted against options the
 * edit removed or moved.
 *
 * A ballot counts only in a poll of the kind it was checked for ('wrong_kind' otherwise). A ranked
 * ballot's ranking is stored in its own row, as option positions; only its first choice adds to
 * the poll's option counts (the first round's), and its ranking adds one to the poll's count of
 * that ranking (poll_rankings), in this statement, so the ranking counts always hold exactly the
 * ballots committed. A text ballot names no option: its answers are stored and counted per
 * group and spelling (answer-statement.ts), in this statement too.
 */
export function batchStatement(input: string, sentAt: Date, parts: BatchParts): SQL {
  return sql`${ballotsOf(input, sentAt, parts)}${writes(sentAt, parts)}${parts.answers ? answerWrites() : sql``}${answersRow(parts)}`;
}

/**
 * Which kinds' steps a batch's statement holds: the ranking counts where it has a ranked ballot,
 * the answers and their groups where it has a text ballot. A batch of choice ballots leaves both
 * out: run for every batch, their empty steps cost choice votes 17 % more PostgreSQL time per vote.
 */
export type BatchParts = { rankings: boolean; answers: boolean };

/** The prepared statement's name: one per shape of statement. */
export function batchStatementName(parts: BatchParts): string {
  return `pollcast_vote_batch${parts.rankings ? '_rankings' : ''}${parts.answers ? '_answers' : ''}`;
}

/** Each ballot of the batch beside its locked poll, with what decides whether it counts. */
function ballotsOf(input: string, sentAt: Date, parts: BatchParts): SQL {
  return sql`
    with input as materialized (
      select * from jsonb_to_recordset(${input}::jsonb)
        as x(i int, poll_id uuid, kind text, option_ids jsonb, ranked boolean, first_option uuid, size int,
             answers jsonb, voter_ip inet, browser text)
    ),
    -- The revision each poll had in this statement's snapshot (no lock: the row as the snapshot saw it).
    seen as materialized (
      select id, revision from polls where id = any(array(select poll_id from input))
    ),
    locked as materialized (
      select p.id, p.total_votes, p.seq, p.voter_identity, p.max_choices, p.results_visibility, p.listed,
             p.revision, p.option_counts, p.kind, ${openAt(p, sentAt)} as open
      -- "= any(array(...))" and the lateral option lookup below find each poll and its options by
      -- index. Written as joins, the reused (generic) plan scans both tables whole for every batch:
      -- with 300 polls, a third of a one-vote batch's cost.
      from polls p where p.id = any(array(select poll_id from input))
      order by p.id
      for no key update
    ),
    -- Options never change once their poll is made; their counts are the locked poll's.
    options as materialized (
      select o.id, o.poll_id, ${optionCount(sql`l.option_counts`, sql`o.position`)} as vote_count, o.position
      from locked l
      -- offset 0 keeps the subquery from being merged into a join, so its lookup stays by poll.
      cross join lateral (select id, poll_id, position from poll_options where poll_id = l.id offset 0) o
    ),
    -- Each option of each ballot; a ranked ballot's with its rank (1 for the most preferred).
    choices as materialized (
      select x.i, x.poll_id, c.value::uuid as option_id, case when x.ranked then c.n::smallint end as rank
      from input x cross join lateral jsonb_array_elements_text(x.option_ids) with ordinality c(value, n)
    ),
    ${parts.answers ? ANSWERS_GIVEN : sql``}
    -- How many of each ballot's options belong to its poll (all of them, or the ballot is refused),
    -- and a ranked ballot's ranking as their positions.
    known as (
      select c.i, count(o.id)::int as n,
             ${parts.rankings ? sql`array_agg(o.position order by c.rank) filter (where c.rank is not null)` : sql`null::smallint[]`}
               as ranking
      from choices c left join options o on o.id = c.option_id and o.poll_id = c.poll_id
      group by c.i
    ),
    -- Each ballot as its poll counts it: voter_session (the browser) only where the poll counts browsers.
    ballots as materialized (
      select x.i, x.poll_id, x.voter_ip, x.first_option, x.size, k.ranking,
             case when l.voter_identity = 'browser' then x.browser end as voter_session,
             coalesce(k.n, 0) as known, jsonb_array_length(x.option_ids) as named, l.max_choices, l.open,
             l.revision = s.revision as current, x.kind = l.kind as right_kind
      from input x join locked l on l.id = x.poll_id join seen s on s.id = l.id left join known k on k.i = x.i
    ),`;
}

/** The ballots that count, inserted with `sentAt`, and each touched poll's new counts written into its row. */
function writes(sentAt: Date, parts: BatchParts): SQL {
  return sql`
    ins as (
      insert into votes (poll_id, option_id, ranking, voter_ip, voter_session, voted_at)
      select b.poll_id, b.first_option, b.ranking, b.voter_ip, b.voter_session, ${sentAt.toISOString()}::timestamptz
      from ballots b
      where b.right_kind and b.current and b.open and b.known = b.named and b.size between 1 and b.max_choices
      -- The partial unique indexes (per address, per browser) decide; a batch holds one ballot per voter.
      on conflict do nothing
      returning id, poll_id, voter_ip, voter_session, ranking
    ),
    counted as materialized (
      select ins.id as vote_id, b.i, b.poll_id, ins.ranking
      from ins join ballots b on b.poll_id = ins.poll_id and b.voter_ip = ins.voter_ip
        and b.voter_session is not distinct from ins.voter_session
    ),
    -- Each option of each counted ballot, joined once: as two joins of CTEs, the planner took a nested
    -- loop for the second, as many steps as ballots times options in the batch.
    counted_choices as materialized (
      select k.vote_id, k.poll_id, c.option_id, c.rank from counted k join choices c on c.i = k.i
    ),
    -- A choice ballot's options; a ranked ballot's ranking is in its row.
    choice_ins as (
      insert into vote_choices (vote_id, poll_id, option_id)
      select vote_id, poll_id, option_id from counted_choices where rank is null
    ),
    -- A ranked ballot adds to the count of its first choice only.
    option_added as (
      select option_id, count(*)::int as n from counted_choices
      where rank is null or rank = 1
      group by option_id
    ),
    ${parts.rankings ? RANKING_WRITES : sql``}
    poll_added as (select poll_id, count(*)::int as n from counted group by poll_id),
    -- Each locked poll's option counts after this batch, in the options' order (one pass, not one per poll).
    tallies as materialized (
      select o.poll_id,
             array_agg(o.vote_count + coalesce(oa.n, 0) order by o.position) as counts,
             json_agg(json_build_object('id', o.id, 'count', o.vote_count + coalesce(oa.n, 0)) order by o.position)
               as options
      from options o left join option_added oa on oa.option_id = o.id
      group by o.poll_id
    ),
    -- One row written per poll, its option counts with it (polls.option_counts; a text poll has none).
    poll_update as (
      update polls p set total_votes = p.total_votes + a.n, seq = p.seq + 1,
                         option_counts = coalesce(t.counts, p.option_counts)
      from poll_added a left join tallies t on t.poll_id = a.poll_id
      where p.id = a.poll_id
    )`;
}

/** Each answer of each text ballot, in the order given. */
const ANSWERS_GIVEN = sql`
    answers as materialized (
      select x.i, x.poll_id, (a.n - 1)::smallint as position, a.value->>'text' as answer, a.value->>'key' as group_key,
             (a.value->>'flagged')::boolean as flagged
      from input x cross join lateral jsonb_array_elements(x.answers) with ordinality a(value, n)
    ),`;

/** One count per poll and ranking (as option positions) of the counted ranked ballots. */
const RANKING_WRITES = sql`
    ranking_ins as (
      insert into poll_rankings (poll_id, ranking, ballots)
      select poll_id, ranking, count(*)::int from counted where ranking is not null group by poll_id, ranking
      on conflict (poll_id, ranking) do update set ballots = poll_rankings.ballots + excluded.ballots
    ),`;

/** The earlier ballot of the vote `v`, as stored (src/db/stored-ballot.ts). */
const EARLIER = sql`coalesce(${storedBallot(sql`v`)}, '[]'::json)`;

/** The one row answered: each ballot's status (and earlier choice), and each locked poll's state. */
const answersRow = (parts: BatchParts) => sql`
    select
      (select coalesce(json_agg(json_build_object(
          'i', x.i,
          's', case when b.i is null then 'not_found'
                    when not b.right_kind then 'wrong_kind'
                    when not b.current then 'edited'
                    when b.known < b.named then 'invalid_option'
                    when b.size > b.max_choices then 'too_many_choices'
                    when not b.open then 'poll_closed'
                    when k.i is not null then 'counted'
                    else 'conflict' end,
          -- Per-row lookups, each by its partial unique index (one condition per index, so the planner
          -- can use it): a join, or one condition for both, would have it scan every vote of the poll.
          'earlier', case when k.i is null and b.right_kind and b.current and b.open and b.known = b.named
                            and b.size <= b.max_choices then
                       case when b.voter_session is null then
                         (select ${EARLIER} from votes v
                          where v.poll_id = b.poll_id and v.voter_session is null and v.voter_ip = b.voter_ip)
                       else
                         (select ${EARLIER} from votes v
                          where v.poll_id = b.poll_id and v.voter_session = b.voter_session)
                       end
                     end)), '[]'::json)
       from input x
       left join ballots b on b.i = x.i
       left join counted k on k.i = x.i
      ) as outcomes,
      (select coalesce(json_agg(json_build_object(
          'id', l.id,
          'total', l.total_votes + coalesce(pa.n, 0),
          'seq', l.seq + case when pa.n is null then 0 else 1 end,
          'visibility', l.results_visibility,
          'kind', l.kind,
          'listed', l.listed,
          'revision', l.revision,
          'options', coalesce(t.options, '[]'::json),
          'groups', ${parts.answers ? ANSWER_GROUPS : sql`'[]'::json`})), '[]'::json)
       from locked l left join poll_added pa on pa.poll_id = l.id left join tallies t on t.poll_id = l.id
      ) as polls`;
