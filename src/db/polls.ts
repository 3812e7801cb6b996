import { sql } from 'drizzle-orm';
import type { CreatePollInput } from '../domain/schemas';
import { TRENDING, type TrendingSnapshot } from '../domain/trending';
import type { Poll, PollWithOptions } from '../domain/polls';
import type { Database } from './client';

/** Poll reads and writes. Every statement is a parameterised Drizzle `sql` template. */

type PollRow = {
  id: string;
  title: string;
  description: string | null;
  category: string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
  is_active: boolean;
  total_votes: number;
  seq: number | string;
};
type OptionRow = { id: string; option_text: string; vote_count: number };

const POLL_COLUMNS = sql`p.id, p.title, p.description, p.category, p.created_at, p.expires_at, p.is_active, p.total_votes, p.seq`;
const IS_OPEN = sql`(p.is_active and (p.expires_at is null or p.expires_at > now()))`;

/** Timestamps arrive as Date from node-postgres and as text from PGlite. */
export function toIso(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}

function toPoll(row: PollRow): Poll {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    created_at: toIso(row.created_at),
    expires_at: row.expires_at === null ? null : toIso(row.expires_at),
    is_active: row.is_active,
    total_votes: Number(row.total_votes),
  };
}

export async function insertPoll(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  return database.db.transaction(async (tx) => {
    const run = async <T>(query: ReturnType<typeof sql>) =>
      ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
    const [row] = await run<PollRow>(sql`
      insert into polls (title, description, category, expires_at, creator_ip, admin_token_hash)
      values (${input.title}, ${input.description}, ${input.category},
              ${input.expires_at ? input.expires_at.toISOString() : null}::timestamptz,
              ${creatorIp}::inet, ${adminTokenHash})
      returning ${sql.raw('id, title, description, category, created_at, expires_at, is_active, total_votes, seq')}`);
    if (!row) throw new Error('insert into polls returned no row');
    const options = JSON.stringify(input.options.map((text, position) => ({ text, position })));
    const optionRows = await run<OptionRow>(sql`
      insert into poll_options (poll_id, option_text, position)
      select ${row.id}::uuid, o.text, o.position
      from jsonb_to_recordset(${options}::jsonb) as o(text varchar, position smallint)
      order by o.position
      returning id, option_text, vote_count`);
    return { ...toPoll(row), seq: Number(row.seq), options: optionRows };
  });
}

export async function findPoll(database: Database, id: string): Promise<PollWithOptions | undefined> {
  const [row] = await database.rows<PollRow & { options: OptionRow[] }>(sql`
    select ${POLL_COLUMNS},
      (select json_agg(json_build_object('id', o.id, 'option_text', o.option_text, 'vote_count', o.vote_count)
                       order by o.position)
         from poll_options o where o.poll_id = p.id) as options
    from polls p where p.id = ${id}::uuid`);
  if (!row) return undefined;
  return { ...toPoll(row), seq: Number(row.seq), options: row.options ?? [] };
}

export async function findAdminTokenHash(database: Database, id: string): Promise<string | undefined> {
  const [row] = await database.rows<{ admin_token_hash: string }>(
    sql`select admin_token_hash from polls where id = ${id}::uuid`,
  );
  return row?.admin_token_hash;
}

/** What changes about a poll (the fast reads take the rest from the cache), and the voter's choice. */
export type PollHead = Pick<Poll, 'is_active' | 'expires_at' | 'total_votes'> & {
  seq: number;
  voterChoice: string | null;
};

export async function findPollHead(
  database: Database,
  id: string,
  voterIp: string | undefined,
): Promise<PollHead | undefined> {
  const [row] = await database.rows<{
    is_active: boolean;
    expires_at: Date | string | null;
    total_votes: number;
    seq: number | string;
    voter_choice: string | null;
  }>(sql`
    select p.is_active, p.expires_at, p.total_votes, p.seq, ${voterChoice(voterIp)} as voter_choice
    from polls p where p.id = ${id}::uuid`);
  if (!row) return undefined;
  return {
    is_active: row.is_active,
    expires_at: row.expires_at === null ? null : toIso(row.expires_at),
    total_votes: Number(row.total_votes),
    seq: Number(row.seq),
    voterChoice: row.voter_choice,
  };
}

/** A poll with its options, whether it takes votes now (as the vote writer judges it), and the voter's choice. */
export async function findPollForVoter(
  database: Database,
  id: string,
  voterIp: string | undefined,
): Promise<(PollWithOptions & { open: boolean; voterChoice: string | null }) | undefined> {
  const [row] = await database.rows<PollRow & { options: OptionRow[]; open: boolean; voter_choice: string | null }>(sql`
    select ${POLL_COLUMNS},
      (p.is_active and (p.expires_at is null or p.expires_at > clock_timestamp())) as open,
      (select json_agg(json_build_object('id', o.id, 'option_text', o.option_text, 'vote_count', o.vote_count)
                       order by o.position)
         from poll_options o where o.poll_id = p.id) as options,
      ${voterChoice(voterIp)} as voter_choice
    from polls p where p.id = ${id}::uuid`);
  if (!row) return undefined;
  return {
    ...toPoll(row),
    seq: Number(row.seq),
    options: row.options ?? [],
    open: row.open,
    voterChoice: row.voter_choice,
  };
}

function voterChoice(voterIp: string | undefined) {
  if (!voterIp) return sql`null::uuid`;
  return sql`(select v.option_id from votes v where v.poll_id = p.id and v.voter_ip = ${voterIp}::inet)`;
}

/**
 * Where a page of the newest-first list ends: created_at as UTC text to the microsecond (a JS Date
 * would round it to the millisecond and skip or repeat polls created within the same millisecond), and id.
 */
export type ListPosition = { createdAt: string; id: string };

export type OpenPollsQuery = {
  limit: number;
  category?: string | undefined;
  /** Polls after this position; cheap at any depth because the index seeks straight to it. */
  after?: ListPosition | undefined;
  /** Only for shallow pages: the index still steps over every skipped row. */
  offset?: number | undefined;
  /** The count stops after this many rows plus one, so it never walks the whole table. */
  countCap: number;
};

/**
 * The page and count statements of the newest-first list, exported so tests can EXPLAIN exactly
 * what runs. Both match the partial indexes on polls (where is_active), ordered by (created_at, id).
 */
export function openPollsStatements(query: OpenPollsQuery) {
  const byCategory = query.category ? sql`and lower(p.category) = lower(${query.category})` : sql``;
  const after = query.after
    ? sql`and (p.created_at, p.id) < (${query.after.createdAt}::timestamptz, ${query.after.id}::uuid)`
    : sql``;
  const newestFirst = sql`order by p.created_at desc, p.id desc`;
  return {
    // One row more than asked tells whether another page follows.
    page: sql`
      select ${POLL_COLUMNS},
        to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position_created_at
      from polls p
      where ${IS_OPEN} ${byCategory} ${after}
      ${newestFirst}
      limit ${query.limit + 1} offset ${query.offset ?? 0}`,
    // Ordered like the index so the planner walks it instead of betting on estimates: a sequential
    // scan picked on a wrong estimate would read the whole table looking for open polls.
    count: sql`
      select count(*) as total from (
        select 1 from polls p
        where ${IS_OPEN} ${byCategory}
        ${newestFirst}
        limit ${query.countCap + 1}) capped`,
  };
}

export async function listOpenPolls(
  database: Database,
  query: OpenPollsQuery,
): Promise<{ polls: Poll[]; next: ListPosition | null; total: number; totalCapped: boolean }> {
  const statements = openPollsStatements(query);
  const [rows, [count]] = await Promise.all([
    database.rows<PollRow & { position_created_at: string }>(statements.page),
    database.rows<{ total: number | string }>(statements.count),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next = rows.length > query.limit && last ? { createdAt: last.position_created_at, id: last.id } : null;
  const counted = Number(count?.total ?? 0);
  return {
    polls: page.map(toPoll),
    next,
    total: Math.min(counted, query.countCap),
    totalCapped: counted > query.countCap,
  };
}

/** Each poll's trending score (src/domain/trending.ts) from its votes, relative to now(). */
const TRENDING_SCORES = sql`
  select poll_id, sum(power(2, extract(epoch from (voted_at - now())) * 1000 / ${TRENDING.halfLifeMs})) as score
  from votes
  where voted_at > now() - make_interval(secs => ${(TRENDING.windowHalfLives * TRENDING.halfLifeMs) / 1000})
  group by poll_id`;

/** Open polls, hottest first by the trending score; the board in Redis or memory serves this when warm. */
export async function trendingPollsFromVotes(database: Database, limit: number): Promise<Poll[]> {
  const rows = await database.rows<PollRow>(sql`
    select ${POLL_COLUMNS} from polls p
    join (${TRENDING_SCORES}) s on s.poll_id = p.id
    where ${IS_OPEN}
    order by s.score desc, p.total_votes desc, p.created_at desc
    limit ${limit}`);
  return rows.map(toPoll);
}

/** The scores a cold trending board starts from, with the instant they are relative to. */
export async function trendingSnapshot(database: Database): Promise<TrendingSnapshot> {
  const rows = await database.rows<{ epoch_ms: number | string; poll_id: string | null; score: number | string }>(sql`
    select e.epoch_ms, s.poll_id, s.score
    from (select (extract(epoch from now()) * 1000)::float8 as epoch_ms) e
    left join lateral (${TRENDING_SCORES} order by score desc limit ${TRENDING.boardSize}) s on true`);
  return {
    epochMs: Math.round(Number(rows[0]?.epoch_ms ?? Date.now())),
    scores: rows.flatMap((row) => (row.poll_id ? [{ pollId: row.poll_id, score: Number(row.score) }] : [])),
  };
}

/** The open ones among these polls, in no particular order. */
export async function findOpenPollsByIds(database: Database, ids: string[]): Promise<Poll[]> {
  if (ids.length === 0) return [];
  const rows = await database.rows<PollRow>(sql`
    select ${POLL_COLUMNS} from polls p
    where p.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) and ${IS_OPEN}`);
  return rows.map(toPoll);
}

/** Applies a change and bumps seq in one statement; undefined when the poll is gone. */
export async function updatePollState(
  database: Database,
  id: string,
  change: { isActive?: boolean | undefined; expiresAt?: Date | null | undefined },
): Promise<boolean> {
  const setActive = change.isActive === undefined ? sql`is_active` : sql`${change.isActive}::boolean`;
  const setExpires =
    change.expiresAt === undefined
      ? sql`expires_at`
      : sql`${change.expiresAt ? change.expiresAt.toISOString() : null}::timestamptz`;
  const rows = await database.rows<{ id: string }>(sql`
    update polls set is_active = ${setActive}, expires_at = ${setExpires}, seq = seq + 1
    where id = ${id}::uuid returning id`);
  return rows.length > 0;
}

export async function deletePollRow(database: Database, id: string): Promise<boolean> {
  const rows = await database.rows<{ id: string }>(sql`delete from polls where id = ${id}::uuid returning id`);
  return rows.length > 0;
}
