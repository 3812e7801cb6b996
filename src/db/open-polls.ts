import { sql } from 'drizzle-orm';
import type { Poll } from '../domain/polls';
import type { Database } from './client';
import { openAt, pollColumns, toPoll, type PollRow } from './polls';
import { polls } from './schema';

/**
 * The newest-first list of listed open polls, a page at a time. SQL text rather than the query
 * builder, so tests can EXPLAIN exactly what it runs.
 */

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

/** The poll columns for SQL text, named as the query builder names them so rows map the same way. */
const POLL_SELECT_LIST = sql.join(
  Object.entries(pollColumns).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
  sql`, `,
);

/** A row selected with POLL_SELECT_LIST, mapped by the schema's columns as the query builder maps its own. */
function pollRowOf(row: Record<string, unknown>): PollRow {
  const entries = Object.entries(pollColumns).map(([key, column]) => {
    const value = row[key];
    return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
  });
  return Object.fromEntries(entries) as PollRow;
}

/**
 * The page and count statements of the newest-first list of listed polls open at `instant`, exported so
 * tests can EXPLAIN exactly what runs. Both match the partial indexes on polls (where is_active),
 * ordered by (created_at, id). SQL text rather than the builder: the row comparison, the cursor
 * text and the capped count are SQL either way, and the statements must be EXPLAINable as they are.
 */
export function openPollsStatements(query: OpenPollsQuery, instant = new Date()) {
  const byCategory = query.category ? sql`and lower(${polls.category}) = lower(${query.category})` : sql``;
  const after = query.after
    ? sql`and (${polls.createdAt}, ${polls.id}) < (${query.after.createdAt}::timestamptz, ${query.after.id}::uuid)`
    : sql``;
  const newestFirst = sql`order by ${polls.createdAt} desc, ${polls.id} desc`;
  const open = sql`${polls.listed} and ${openAt(polls, instant)}`;
  return {
    // One row more than asked tells whether another page follows.
    page: sql`
      select ${POLL_SELECT_LIST},
        to_char(${polls.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position_created_at
      from ${polls}
      where ${open} ${byCategory} ${after}
      ${newestFirst}
      limit ${query.limit + 1} offset ${query.offset ?? 0}`,
    // Ordered like the index so the planner walks it instead of betting on estimates: a sequential
    // scan picked on a wrong estimate would read the whole table looking for open polls.
    count: sql`
      select count(*) as total from (
        select 1 from ${polls}
        where ${open} ${byCategory}
        ${newestFirst}
        limit ${query.countCap + 1}) capped`,
  };
}

export async function listOpenPolls(
  database: Database,
  query: OpenPollsQuery,
  instant = new Date(),
): Promise<{ polls: Poll[]; next: ListPosition | null; total: number; totalCapped: boolean }> {
  const statements = openPollsStatements(query, instant);
  const [rows, [count]] = await Promise.all([
    database.rows<Record<string, unknown> & { position_created_at: string }>(statements.page),
    database.rows<{ total: number | string }>(statements.count),
  ]);
  const page = rows.slice(0, query.limit).map((row) => ({ row: pollRowOf(row), position: row.position_created_at }));
  const last = page.at(-1);
  const next = rows.length > query.limit && last ? { createdAt: last.position, id: last.row.id } : null;
  const counted = Number(count?.total ?? 0);
  return {
    polls: page.map(({ row }) => toPoll(row)),
    next,
    total: Math.min(counted, query.countCap),
    totalCapped: counted > query.countCap,
  };
}
