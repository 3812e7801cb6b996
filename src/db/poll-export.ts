import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Poll } from '../domain/polls';
import type { Database } from './client';
import { optionCount } from './polls';

/**
 * The reads behind a poll's export (docs/API.md, "Export"): the poll with its per-option counts,
 * then every ballot in the order cast, a page at a time so memory stays flat however many there
 * are. The counts and the ballots come from one moment, so they always agree:
 *
 * - PostgreSQL: one REPEATABLE READ, read-only transaction on a connection of its own, and a
 *   cursor over the ballots; the snapshot is taken by the first read. The pool's
 *   idle_in_transaction_session_timeout ends it if the download stops reading.
 * - PGlite: one connection for everyone, so a transaction held for the download would hold up
 *   every vote. The first read takes, in one statement, the counts, the newest voted_at and the
 *   ballots cast at that instant; the pages then read, by keyset on (voted_at, id), the ballots
 *   before it and those. Votes are only ever added, and a ballot's voted_at is its batch's
 *   departure time (src/votes/writer.ts): batches reach the one connection in the order they
 *   departed, so a ballot committed after the first read is newer than the instant, or at most
 *   of it (two batches that left in the same millisecond), and none slips in between counts and
 *   pages.
 */

type ExportedOption = { id: string; option_text: string; votes: number };

/** A text poll's group of answers: its most-used spelling, its count, and whether the creator hid it or the filter holds it. */
export type ExportedAnswer = { text: string; count: number; hidden: boolean; held: boolean };

/**
 * The poll as the export's first read found it; `total_votes` counts the ballots that follow.
 * `answers`: a text poll's every group of answers, most given first (empty in other kinds).
 */
export type ExportHead = { poll: Poll; options: ExportedOption[]; answers: ExportedAnswer[] };

/**
 * One ballot: when it was cast (UTC, ISO 8601 to the microsecond) and what it holds: the ids of the
 * options it chose (a ranking's in rank order), or a text ballot's answers in the order given.
 */
export type BallotRow = { voted_at: string; values: string[] };

export type PollExportReader = {
  head: ExportHead;
  /** The next ballots in the order they were cast; an empty list once every one was read. */
  nextBallots(): Promise<BallotRow[]>;
  /** Ends the reads and gives back what they held; safe to call more than once. */
  close(): Promise<void>;
};

/** Ballots per page or FETCH: a few dozen KB of output each, and few enough round trips. */
export const BALLOTS_PER_PAGE = 1_000;

const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const ISO_MILLIS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** A timestamptz as UTC text: microseconds for a keyset position, milliseconds as the API writes instants. */
const utcText = (column: SQL, format: string) => sql`to_char(${column} at time zone 'UTC', ${sql.raw(format)})`;

type HeadRow = Poll & {
  options: ExportedOption[] | null;
  answers: ExportedAnswer[] | null;
  /** The newest ballot's voted_at, and the ids of the ballots cast at that instant (PGlite only). */
  newest: string | null;
  newest_ids: string[] | null;
};

function headQuery(pollId: string, withNewest: boolean): SQL {
  const newestAt = sql`(select max(v.voted_at) from votes v where v.poll_id = p.id)`;
  const newest = withNewest ? utcText(newestAt, ISO_MICROS) : sql`null::text`;
  const newestIds = withNewest
    ? sql`(select json_agg(v.id) from votes v where v.poll_id = p.id and v.voted_at = ${newestAt})`
    : sql`null::json`;
  return sql`
    select p.id, p.title, p.description, p.kind, p.category,
           ${utcText(sql`p.created_at`, ISO_MILLIS)} as created_at,
           ${utcText(sql`p.expires_at`, ISO_MILLIS)} as expires_at,
           p.is_active, p.total_votes, p.voter_identity, p.max_choices, p.results_visibility, p.code, p.listed,
           p.filter_profanity,
           (select json_agg(json_build_object('id', o.id, 'option_text', o.option_text, 'votes', ${optionCount(sql`p.option_counts`, sql`o.position`)})
                            order by o.position)
            from poll_options o where o.poll_id = p.id) as options,
           ${ANSWERS} as answers,
           ${newest} as newest, ${newestIds} as newest_ids
    from polls p where p.id = ${pollId}::uuid`;
}

/** A text poll's groups with a ballot, most given first, each marked hidden or held (null in other kinds). */
const ANSWERS = sql`(select json_agg(json_build_object(
    'text', g.text, 'count', g.ballots, 'hidden', g.verdict is not distinct from 'hide',
    'held', g.verdict is null and g.flagged_seq is not null)
  order by g.ballots desc, g.first_seq, g.first_place)
  from poll_answer_groups g where g.poll_id = p.id and g.ballots > 0)`;

/**
 * The ballot's time and what it holds (as src/db/stored-ballot.ts reads one ballot, but a ranking
 * stays option positions, turned into ids here from the head's options rather than looked up in
 * the database for every ballot); its id only orders the pages and never leaves this module.
 */
const BALLOT_COLUMNS = sql`${utcText(sql`v.voted_at`, ISO_MICROS)} as voted_at, v.id, v.ranking,
  (select string_agg(c.option_id::text, ',' order by c.option_id) from vote_choices c where c.vote_id = v.id)
    as choices,
  (select json_agg(a.answer order by a.position) from vote_answers a where a.vote_id = v.id) as answers`;

type BallotQueryRow = {
  voted_at: string;
  id: string;
  ranking: number[] | null;
  choices: string | null;
  answers: string[] | null;
};

/** Each page's rows as ballots, a ranking's positions as the poll's option ids (positions run 0, 1, 2 …). */
const ballotsOf = (head: ExportHead) => {
  const optionIds = head.options.map((option) => option.id);
  const idAt = (position: number) => {
    const id = optionIds[position];
    if (id === undefined) throw new Error(`poll ${head.poll.id} has a ballot ranking option position ${position}`);
    return id;
  };
  return (rows: BallotQueryRow[]): BallotRow[] =>
    rows.map((row) => ({
      voted_at: row.voted_at,
      values: row.answers ?? row.ranking?.map(idAt) ?? row.choices?.split(',') ?? [],
    }));
};

function headOf(row: HeadRow): ExportHead {
  const { options, answers, newest: _newest, newest_ids: _newestIds, ...poll } = row;
  return { poll, options: options ?? [], answers: answers ?? [] };
}

/**
 * Opens the export of one poll (its id in canonical form), or undefined when there is no such
 * poll. `ballots: false` reads only the poll and its counts.
 */
export async function openPollExport(
  database: Database,
  pollId: string,
  options: { ballots: boolean },
): Promise<PollExportReader | undefined> {
  if (!options.ballots) {
    const [row] = await database.rows<HeadRow>(headQuery(pollId, false));
    return row && { head: headOf(row), nextBallots: async () => [], close: async () => undefined };
  }
  return database.connect ? openCursorExport(await database.connect(), pollId) : openPagedExport(database, pollId);
}

const dialect = new PgDialect();

async function openCursorExport(client: pg.PoolClient, pollId: string): Promise<PollExportReader | undefined> {
  // A checked-out client has no error listener of its own; the server ending the session must not crash us.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken ??= error);
  client.on('error', onError);
  const run = async <T>(query: SQL | string): Promise<T[]> => {
    const { sql: text, params } = typeof query === 'string' ? { sql: query, params: [] } : dialect.sqlToQuery(query);
    return (await client.query({ text, values: params })).rows as T[];
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (!broken) await run('rollback').catch((error: Error) => (broken = error));
    client.off('error', onError);
    // A connection that failed is destroyed rather than handed to the next caller mid-transaction.
    client.release(broken);
  };
  try {
    await run('begin isolation level repeatable read read only');
    const [row] = await run<HeadRow>(headQuery(pollId, false));
    if (!row) {
      await close();
      return undefined;
    }
    await run(sql`declare pollcast_export no scroll cursor for
      select ${BALLOT_COLUMNS} from votes v where v.poll_id = ${pollId}::uuid order by v.voted_at, v.id`);
    const head = headOf(row);
    const toBallots = ballotsOf(head);
    return {
      head,
      nextBallots: async () => toBallots(await run<BallotQueryRow>(`fetch ${BALLOTS_PER_PAGE} from pollcast_export`)),
      close,
    };
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error('the export could not start');
    await close();
    throw error;
  }
}

const BEFORE_EVERY_BALLOT = { voted_at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

async function openPagedExport(database: Database, pollId: string): Promise<PollExportReader | undefined> {
  const [row] = await database.rows<HeadRow>(headQuery(pollId, true));
  if (!row) return undefined;
  const { newest } = row;
  const newestIds = `{${(row.newest_ids ?? []).join(',')}}`;
  let after = BEFORE_EVERY_BALLOT;
  let done = newest === null;
  const head = headOf(row);
  const toBallots = ballotsOf(head);
  return {
    head,
    nextBallots: async () => {
      if (done) return [];
      // The voted_at >= bound lets the planner walk the voted_at index from the page's start.
      const rows = await database.rows<BallotQueryRow>(sql`
        select ${BALLOT_COLUMNS} from votes v
        where v.poll_id = ${pollId}::uuid
          and v.voted_at <= ${newest}::timestamptz
          and (v.voted_at < ${newest}::timestamptz or v.id = any(${newestIds}::uuid[]))
          and v.voted_at >= ${after.voted_at}::timestamptz
          and (v.voted_at, v.id) > (${after.voted_at}::timestamptz, ${after.id}::uuid)
        order by v.voted_at, v.id
        limit ${BALLOTS_PER_PAGE}`);
      const last = rows.at(-1);
      if (last) after = { voted_at: last.voted_at, id: last.id };
      done = rows.length < BALLOTS_PER_PAGE;
      return toBallots(rows);
    },
    close: async () => {
      done = true;
    },
  };
}
