import { and, type Column, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { CreatePollInput, PollTexts } from '../domain/schemas';
import { TRENDING, type TrendingSnapshot } from '../domain/trending';
import type { OptionCount, Poll, PollWithOptions, ResultsVisibility } from '../domain/polls';
import type { Database, Db } from './client';
import { violatesUnique } from './errors';
import type { Voter } from '../domain/voter';
import { pollOptions, polls, voteChoices, votes } from './schema';

/**
 * Poll reads and writes. Plain ones go through Drizzle's query builder, which maps each column
 * as the schema declares it (timestamps become Dates on PGlite and node-postgres alike); the
 * list of open polls is SQL text, so tests can EXPLAIN exactly what it runs. Reads that ask which
 * polls are open take the application's instant (now, unless the caller passes one): see openAt.
 */

/**
 * Every column of a poll but the creator's address and the admin token hash, which never leave the
 * server, and the option counts, which are read with their options (OPTIONS).
 */
const {
  creatorIp: _creatorIp,
  adminTokenHash: _adminTokenHash,
  optionCounts: _optionCounts,
  ...pollColumns
} = getTableColumns(polls);
type PollRow = Omit<typeof polls.$inferSelect, 'creatorIp' | 'adminTokenHash' | 'optionCounts'>;

/**
 * The rule of `isOpenAt` (src/domain/polls.ts) for a row of `poll` (the polls table or an alias
 * of it) at `instant`, the application's clock passed as a parameter: open while active and
 * before its end time, closed at the end time itself.
 */
export function openAt(poll: { isActive: Column; expiresAt: Column }, instant: Date): SQL {
  return sql`(${poll.isActive} and (${poll.expiresAt} is null or ${poll.expiresAt} > ${instant.toISOString()}::timestamptz))`;
}

/**
 * The poll's id for the subqueries below, named with its table: selecting from one table, the
 * builder writes a fragment's columns without their table, and a bare "id" in a subquery would
 * be the subquery's own.
 */
const POLL_ID = sql`${polls}.${sql.identifier(polls.id.name)}`;

/**
 * An option's count, the one rule for reading it: element position + 1 of its poll's
 * option_counts (schema.ts), zero where none was written yet.
 */
export function optionCount(optionCounts: SQL, position: SQL): SQL<number> {
  return sql<number>`coalesce((${optionCounts})[${position} + 1], 0)`;
}

/** A poll's options in their order as one JSON value, so a poll and its options take one round trip. */
const OPTIONS = sql<OptionCount[]>`coalesce((
  select json_agg(json_build_object(
           'id', ${pollOptions.id}, 'option_text', ${pollOptions.optionText},
           'vote_count', ${optionCount(sql`${polls}.${sql.identifier(polls.optionCounts.name)}`, sql`${pollOptions.position}`)})
         order by ${pollOptions.position})
  from ${pollOptions} where ${pollOptions.pollId} = ${POLL_ID}), '[]'::json)`;

/**
 * The options the voter chose in the poll (in id order), or null: found by the identity the poll
 * counts, the browser (placeholder `browser`) or the address (placeholder `address`); both are
 * null for no voter. The same rule as the vote batch's conflict lookup (src/votes/write-batch.ts).
 */
const VOTER_CHOICE = sql<string[] | null>`(select json_agg(vc.option_id order by vc.option_id)
  from ${votes} v join ${voteChoices} vc on vc.vote_id = v.id
  where v.poll_id = ${POLL_ID} and (
    (${polls}.${sql.identifier(polls.voterIdentity.name)} = 'browser' and v.voter_session = ${sql.placeholder('browser')})
    or (${polls}.${sql.identifier(polls.voterIdentity.name)} = 'address' and v.voter_session is null
        and v.voter_ip = ${sql.placeholder('address')}::inet)))`;

/** The placeholders of VOTER_CHOICE for a voter, or for none. */
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
      voterChoice: VOTER_CHOICE,
    })
    .from(polls)
    .where(eq(polls.id, sql.placeholder('id')))
    .prepare('pollcast_poll_head'),
);

const pollForVoter = preparedOnce((db) =>
  db
    .select({ ...pollColumns, options: OPTIONS, voterChoice: VOTER_CHOICE })
    .from(polls)
    .where(eq(polls.id, sql.placeholder('id')))
    .prepare('pollcast_poll_for_voter'),
);

function toPoll(row: PollRow): Poll {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
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
  };
}

/** The database draws each poll's join code; one of 887 million is rarely taken, and then it draws again. */
const CODE_DRAWS = 5;

export async function insertPoll(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  for (let draw = 1; ; draw++) {
    try {
      return await insertPollOnce(database, input, creatorIp, adminTokenHash);
    } catch (error) {
      if (draw >= CODE_DRAWS || !violatesUnique(error, 'polls_code_key')) throw error;
    }
  }
}

function insertPollOnce(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(polls)
      .values({
        title: input.title,
        description: input.description,
        category: input.category,
        expiresAt: input.expires_at ?? null,
        voterIdentity: input.voter_identity,
        maxChoices: input.max_choices,
        resultsVisibility: input.results_visibility,
        listed: input.listed,
        optionCounts: input.options.map(() => 0),
        creatorIp,
        adminTokenHash,
      })
      .returning(pollColumns);
    if (!row) throw new Error('insert into polls returned no row');
    const options = await tx
      .insert(pollOptions)
      .values(input.options.map((optionText, position) => ({ pollId: row.id, optionText, position })))
      .returning({
        id: pollOptions.id,
        option_text: pollOptions.optionText,
        position: pollOptions.position,
      });
    // RETURNING promises no order.
    options.sort((a, b) => a.position - b.position);
    return {
      ...toPoll(row),
      seq: row.seq,
      revision: row.revision,
      options: options.map(({ id, option_text }) => ({ id, option_text, vote_count: 0 })),
    };
  });
}

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
  return {
    is_active: row.isActive,
    expires_at: row.expiresAt?.toISOString() ?? null,
    total_votes: row.totalVotes,
    seq: row.seq,
    revision: row.revision,
    results_visibility: row.resultsVisibility,
    listed: row.listed,
    voterChoice: row.voterChoice,
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

/** Each poll's trending score (src/domain/trending.ts) from its votes, relative to `instant`. */
function trendingScores(database: Database, instant: Date) {
  const at = sql`${instant.toISOString()}::timestamptz`;
  const windowSeconds = (TRENDING.windowHalfLives * TRENDING.halfLifeMs) / 1000;
  return database.db
    .select({
      pollId: votes.pollId,
      score: sql<number>`sum(power(2, extract(epoch from (${votes.votedAt} - ${at})) * 1000 / ${TRENDING.halfLifeMs}))`
        .mapWith(Number)
        .as('score'),
    })
    .from(votes)
    .where(sql`${votes.votedAt} > ${at} - make_interval(secs => ${windowSeconds})`)
    .groupBy(votes.pollId);
}

/** Listed open polls, hottest first by the trending score; the board in Redis or memory serves this when warm. */
export async function trendingPollsFromVotes(database: Database, limit: number, instant = new Date()): Promise<Poll[]> {
  const scores = trendingScores(database, instant).as('scores');
  const rows = await database.db
    .select(pollColumns)
    .from(polls)
    .innerJoin(scores, eq(scores.pollId, polls.id))
    .where(and(eq(polls.listed, true), openAt(polls, instant)))
    .orderBy(desc(scores.score), desc(polls.totalVotes), desc(polls.createdAt))
    .limit(limit);
  return rows.map(toPoll);
}

/** The scores of listed polls a cold trending board starts from, with the instant they are relative to. */
export async function trendingSnapshot(database: Database, instant = new Date()): Promise<TrendingSnapshot> {
  const scores = trendingScores(database, instant).as('scores');
  const rows = await database.db
    .select({ pollId: scores.pollId, score: scores.score })
    .from(scores)
    .innerJoin(polls, and(eq(polls.id, scores.pollId), eq(polls.listed, true)))
    .orderBy(desc(scores.score))
    .limit(TRENDING.boardSize);
  return { epochMs: instant.getTime(), scores: rows };
}

/** The listed ones among these polls open at `instant`, in no particular order (the trending board may hold others). */
export async function findOpenPollsByIds(database: Database, ids: string[], instant = new Date()): Promise<Poll[]> {
  if (ids.length === 0) return [];
  const rows = await database.db
    .select(pollColumns)
    .from(polls)
    .where(and(inArray(polls.id, ids), eq(polls.listed, true), openAt(polls, instant)));
  return rows.map(toPoll);
}

/** Applies a change and bumps seq in one statement; false when the poll is gone. */
export async function updatePollState(
  database: Database,
  id: string,
  change: {
    isActive?: boolean | undefined;
    expiresAt?: Date | null | undefined;
    resultsVisibility?: ResultsVisibility | undefined;
    listed?: boolean | undefined;
  },
): Promise<boolean> {
  // The builder leaves out what is undefined, so only the fields the change names are set.
  const rows = await database.db
    .update(polls)
    .set({
      isActive: change.isActive,
      expiresAt: change.expiresAt,
      resultsVisibility: change.resultsVisibility,
      listed: change.listed,
      seq: sql`${polls.seq} + 1`,
    })
    .where(eq(polls.id, id))
    .returning({ id: polls.id });
  return rows.length > 0;
}

export type PollEdit = {
  texts: PollTexts;
  state: Parameters<typeof updatePollState>[2];
};

/**
 * Changes a poll's texts (and, in the same transaction, any state the change also names), while
 * it has no ballot. The poll's row is locked first, as the vote batch locks it, so a vote either
 * committed before (and the edit is refused) or is judged after it, against the new options (the
 * batch notices the new revision: src/votes/batch-statement.ts). An option whose text is unchanged keeps
 * its id; the others are replaced. 'has_votes' when a ballot is in; 'too_few_options' when fewer
 * options remain than one ballot may choose.
 */
export function editPoll(
  database: Database,
  id: string,
  { texts, state }: PollEdit,
): Promise<'edited' | 'not_found' | 'has_votes' | 'too_few_options'> {
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ totalVotes: polls.totalVotes, maxChoices: polls.maxChoices })
      .from(polls)
      .where(eq(polls.id, id))
      .for('update');
    if (!row) return 'not_found';
    if (row.totalVotes > 0) return 'has_votes';
    if (texts.options) {
      if (texts.options.length < row.maxChoices) return 'too_few_options';
      const current = await tx
        .select({ id: pollOptions.id, text: pollOptions.optionText })
        .from(pollOptions)
        .where(eq(pollOptions.pollId, id));
      const kept = new Map(current.map((option) => [option.text, option.id]));
      const stays = new Set(texts.options.flatMap((text) => kept.get(text) ?? []));
      const gone = current.filter((option) => !stays.has(option.id)).map((option) => option.id);
      if (gone.length > 0) await tx.delete(pollOptions).where(inArray(pollOptions.id, gone));
      for (const [position, text] of texts.options.entries()) {
        const keptId = kept.get(text);
        if (keptId) await tx.update(pollOptions).set({ position }).where(eq(pollOptions.id, keptId));
        else await tx.insert(pollOptions).values({ pollId: id, optionText: text, position });
      }
    }
    await tx
      .update(polls)
      .set({
        title: texts.title,
        description: texts.description,
        category: texts.category,
        optionCounts: texts.options?.map(() => 0),
        isActive: state.isActive,
        expiresAt: state.expiresAt,
        resultsVisibility: state.resultsVisibility,
        listed: state.listed,
        revision: sql`${polls.revision} + 1`,
        seq: sql`${polls.seq} + 1`,
      })
      .where(eq(polls.id, id));
    return 'edited';
  });
}

export async function deletePollRow(database: Database, id: string): Promise<boolean> {
  const rows = await database.db.delete(polls).where(eq(polls.id, id)).returning({ id: polls.id });
  return rows.length > 0;
}
