import { type Column, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Poll } from '../domain/polls';
import { polls } from './schema';

/**
 * A poll's row as the code reads it: the columns that may leave the server, their mapping to the
 * domain's Poll, and the rules every statement about polls shares (when a poll is open, where an
 * option's count is). Statements go through Drizzle's query builder where they can, which maps
 * each column as the schema declares it (timestamps become Dates on PGlite and node-postgres
 * alike). Reads that ask which polls are open take the application's instant (now, unless the
 * caller passes one): see openAt.
 */

/**
 * Every column of a poll but the creator's address and the admin token hash, which never leave the
 * server, and the option counts, which are read with their options (OPTIONS in poll-reads.ts).
 */
const {
  creatorIp: _creatorIp,
  adminTokenHash: _adminTokenHash,
  optionCounts: _optionCounts,
  ...pollColumns
} = getTableColumns(polls);
export { pollColumns };
export type PollRow = Omit<typeof polls.$inferSelect, 'creatorIp' | 'adminTokenHash' | 'optionCounts'>;

/**
 * The rule of `isOpenAt` (src/domain/polls.ts) for a row of `poll` (the polls table or an alias
 * of it) at `instant`, the application's clock passed as a parameter: open while active and
 * before its end time, closed at the end time itself.
 */
export function openAt(poll: { isActive: Column; expiresAt: Column }, instant: Date): SQL {
  return sql`(${poll.isActive} and (${poll.expiresAt} is null or ${poll.expiresAt} > ${instant.toISOString()}::timestamptz))`;
}

/**
 * An option's count, the one rule for reading it: element position + 1 of its poll's
 * option_counts (schema.ts), zero where none was written yet.
 */
export function optionCount(optionCounts: SQL, position: SQL): SQL<number> {
  return sql<number>`coalesce((${optionCounts})[${position} + 1], 0)`;
}

/** A row of pollColumns as the domain's Poll. */
export function toPoll(row: PollRow): Poll {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    kind: row.kind,
    category: row.category,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    is_active: row.isActive,
    total_votes: row.totalVotes,
    voter_identity: row.voterIdentity,
    max_choices: row.maxChoices,
    results_visibility: row.resultsVisibility,
    code: row.code,
    listed: row.listed,
    filter_profanity: row.filterProfanity,
  };
}
