import { eq, sql } from 'drizzle-orm';
import type { OptionCount, Poll, PollWithOptions } from '../domain/polls';
import type { Voter } from '../domain/voter';
import type { Database, Db } from './client';
import { optionCount, pollColumns, toPoll } from './polls';
import { pollOptions, polls, votes } from './schema';
import { storedBallot } from './stored-ballot';

/** Reads of one poll: by id (with its options and the voter's choice), by join code, its admin token. */

/**
 * The poll's id for the subqueries below, named with its table: selecting from one table, the
 * builder writes a fragment's columns without their table, and a bare "id" in a subquery would
 * be the subquery's own.
 */
const POLL_ID = sql`${polls}.${sql.identifier(polls.id.name)}`;

/** A poll's options in their order as one JSON value, so a poll and its options take one round trip. */
export const OPTIONS = sql<OptionCount[]>`coalesce((
  select json_agg(json_build_object(
           'id', ${pollOptions.id}, 'option_text', ${pollOptions.optionText},
           'vote_count', ${optionCount(sql`${polls}.${sql.identifier(polls.optionCounts.name)}`, sql`${pollOptions.position}`)})
         order by ${pollOptions.position})
  from ${pollOptions} where ${pollOptions.pollId} = ${POLL_ID}), '[]'::json)`;

/**
 * The voter's row in `votes` (as `v`), found by the identity the poll counts: the browser
 * (placeholder `browser`) or the address (placeholder `address`); both are null for no voter. The
 * same rule as the vote batch's conflict lookup (src/votes/write-batch.ts).
 */
const VOTER_ROW = sql`from ${votes} v
  where v.poll_id = ${POLL_ID} and (
    (${polls}.${sql.identifier(polls.voterIdentity.name)} = 'browser' and v.voter_session = ${sql.placeholder('browser')})
    or (${polls}.${sql.identifier(polls.voterIdentity.name)} = 'address' and v.voter_session is null
        and v.voter_ip = ${sql.placeholder('address')}::inet))`;

/** The ballot of the votes row `v`, empty rather than null when it holds nothing. */
const BALLOT = sql`coalesce(${storedBallot(sql`v`)}, '[]'::json)`;

/**
 * The voter's ballot in the poll, or null: the options they chose (by rank in a ranked poll, in id
 * order otherwise), or a text ballot's answers in the order given.
 */
const VOTER_CHOICE = sql<string[] | null>`(select ${BALLOT} ${VOTER_ROW})`;

/**
 * The id of the voter's ballot in the poll, or null. PGlite parses and plans every statement on
 * every call, and VOTER_CHOICE's three subqueries double that for the poll head, read on every view
 * of a poll's page, mostly by people who have not voted (0.68 against 0.31 ms a call); a ballot is
 * read on its own when there is one.
 */
const VOTER_VOTE = sql<string | null>`(select v.id ${VOTER_ROW})`;

/** The placeholders of VOTER_CHOICE and VOTER_VOTE for a voter, or for none. */
function voterParams(voter: Voter | undefined): { address: string | null; browser: string | null } {
  return { address: voter?.address ?? null, browser: voter?.browser ?? null };
}

/**
 * A statement of the hot path, built and prepared once per database: building it on each
 * request would cost more than PostgreSQL takes to answer it, and node-postgres plans a named
 * statement once per connection.
 */
function preparedOnce<T>(build: (db: Db) => T): (database: Database) => T {
  const built = new WeakMap<Db, T>();
  return (database) => {
    let statement = built.get(database.db);
    if (!statement) built.set(database.db, (statement = build(database.db)));
    return statement;
  };
}

const pollHead = preparedOnce((db) =>
  db
    .select({
      isActive: polls.isActive,
      expiresAt: polls.expiresAt,
      totalVotes: polls.totalVotes,
      seq: polls.seq,
      revision: polls.revision,
      resultsVisibility: polls.resultsVisibility,
      listed: polls.listed,
      voterVote: VOTER_VOTE,
    })
    .from(polls)
    .where(eq(polls.id, sql.placeholder('id')))
    .prepare('pollcast_poll_head'),
);

/** One ballot by its vote's id, as VOTER_CHOICE reads it; no row when the vote is gone meanwhile. */
async function ballotOfVote(database: Database, voteId: string): Promise<string[] | null> {
  const [row] = await database.preparedRows<{ ballot: string[] }>(
    'pollcast_ballot_of_vote',
    sql`select ${BALLOT} as ballot from ${votes} v where v.id = ${voteId}::uuid`,
  );
  return row?.ballot ?? null;
}

const pollForVoter = preparedOnce((db) =>
  db
    .select({ ...pollColumns, options: OPTIONS, voterChoice: VOTER_CHOICE })
    .from(polls)
    .where(eq(polls.id, sql.placeholder('id')))
    .prepare('pollcast_poll_for_voter'),
);

export async function findPoll(database: Database, id: string): Promise<PollWithOptions | undefined> {
  const poll = await findPollForVoter(database, id, undefined);
  if (!poll) return undefined;
  const { voterChoice: _voterChoice, ...rest } = poll;
  return rest;
}

/** The id of the poll with this join code (as stored: see joinCodeOf). */
export async function findPollIdByCode(database: Database, code: string): Promise<string | undefined> {
  const [row] = await database.db.select({ id: polls.id }).from(polls).where(eq(polls.code, code));
  return row?.id;
}

export async function findAdminTokenHash(database: Database, id: string): Promise<string | undefined> {
  const [row] = await database.db.select({ adminTokenHash: polls.adminTokenHash }).from(polls).where(eq(polls.id, id));
  return row?.adminTokenHash;
}

/** What changes about a poll (the fast reads take the rest from the cache), and the voter's choice. */
export type PollHead = Pick<Poll, 'is_active' | 'expires_at' | 'total_votes' | 'results_visibility' | 'listed'> & {
  seq: number;
  revision: number;
  voterChoice: string[] | null;
};

export async function findPollHead(
  database: Database,
  id: string,
  voter: Voter | undefined,
): Promise<PollHead | undefined> {
  const [row] = await pollHead(database).execute({ id, ...voterParams(voter) });
  if (!row) return undefined;
  const voterChoice = row.voterVote === null ? null : await ballotOfVote(database, row.voterVote);
  return {
    is_active: row.isActive,
    expires_at: row.expiresAt?.toISOString() ?? null,
    total_votes: row.totalVotes,
    seq: row.seq,
    revision: row.revision,
    results_visibility: row.resultsVisibility,
    listed: row.listed,
    voterChoice,
  };
}

/**
 * Which of these voters have a ballot in the poll, found by the identity it counts: one
 * statement for a crowd of live viewers, each a lookup by the matching unique index.
 */
export async function votersWithBallots(
  database: Database,
  pollId: string,
  identity: Poll['voter_identity'],
  voters: readonly Voter[],
): Promise<boolean[]> {
  if (voters.length === 0) return [];
  const input = JSON.stringify(voters.map((voter, i) => ({ i, address: voter.address, browser: voter.browser })));
  const ballot =
    identity === 'browser' ? sql`v.voter_session = k.browser` : sql`v.voter_session is null and v.voter_ip = k.address`;
  const rows = await database.rows<{ i: number }>(sql`
    select k.i from jsonb_to_recordset(${input}::jsonb) as k(i int, address inet, browser text)
    where exists (select 1 from ${votes} v where v.poll_id = ${pollId}::uuid and ${ballot})`);
  const found = voters.map(() => false);
  for (const { i } of rows) found[i] = true;
  return found;
}

/** A poll with its options and the voter's choice. */
export async function findPollForVoter(
  database: Database,
  id: string,
  voter: Voter | undefined,
): Promise<(PollWithOptions & { voterChoice: string[] | null }) | undefined> {
  const [row] = await pollForVoter(database).execute({ id, ...voterParams(voter) });
  if (!row) return undefined;
  return { ...toPoll(row), seq: row.seq, revision: row.revision, options: row.options, voterChoice: row.voterChoice };
}
