import { sql } from 'drizzle-orm';
import { POLL_KINDS, RESULTS_VISIBILITIES } from '../domain/polls';
import {
  bigint,
  boolean,
  index,
  inet,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  primaryKey,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/** The single schema; migrations in drizzle/ are generated from it (npm run db:generate). */

export const polls = pgTable(
  'polls',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    creatorIp: inet('creator_ip'),
    isActive: boolean('is_active').notNull().default(true),
    category: varchar('category', { length: 100 }),
    totalVotes: integer('total_votes').notNull().default(0),
    /**
     * The votes of each option, in the options' order: element i + 1 counts the option at position i.
     * Kept in the poll's row, which every vote batch locks and updates anyway, so a batch writes one
     * row per poll whatever number of options its votes chose.
     */
    optionCounts: integer('option_counts')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    /** SHA-256 of the admin token; the token itself is shown once and never stored. */
    adminTokenHash: text('admin_token_hash').notNull(),
    /** Grows with every change of the poll's state; live events carry it as their id. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    /** One ballot per address or per browser (chosen at creation, never changed). */
    voterIdentity: varchar('voter_identity', { length: 16, enum: ['address', 'browser'] })
      .notNull()
      .default('address'),
    /**
     * How many options one ballot may choose: the creator's number (chosen_max_choices) or, where
     * they gave none, the kind's default; never more than the options. Set at creation and again by
     * an edit of the options (src/kinds/index.ts, maxChoicesOf).
     */
    maxChoices: smallint('max_choices').notNull().default(1),
    /** The max_choices the creator asked for, kept through edits of the options; null: the kind's default. */
    chosenMaxChoices: smallint('chosen_max_choices'),
    /** Who sees the per-option counts (src/domain/polls.ts, resultsVisible); the creator may change it. */
    resultsVisibility: varchar('results_visibility', { length: 16, enum: RESULTS_VISIBILITIES })
      .notNull()
      .default('always'),
    /**
     * The join code people type (src/domain/join-code.ts): made by the database's
     * pollcast_join_code() (migration 0005), unique, stored in capitals.
     */
    code: varchar('code', { length: 6 })
      .notNull()
      .default(sql`pollcast_join_code()`),
    /**
     * Grows with every edit of the texts (title, description, category, options), which is allowed
     * only while the poll has no ballot. A vote batch compares it on the locked row with what its
     * snapshot read, so it never judges a ballot by options an edit replaced meanwhile.
     */
    revision: integer('revision').notNull().default(0),
    /** Shown in the public lists and trending; an unlisted poll is reached by its link or code only. */
    listed: boolean('listed').notNull().default(false),
    /** How its ballots choose (src/kinds/): options, or a ranking of them (chosen at creation, never changed). */
    kind: varchar('kind', { length: 16, enum: POLL_KINDS }).notNull().default('choice'),
    /** A text poll holds back answers the profanity filter flags (chosen at creation, never changed). */
    filterProfanity: boolean('filter_profanity').notNull().default(false),
  },
  (table) => [
    uniqueIndex('polls_code_key').on(table.code),
    // The list pages newest first by (created_at, id) and counts at most a capped number of rows; these
    // partial indexes give both queries their order and filter, so neither reads more than it returns
    // (unlisted polls, most of them, are not in them at all).
    // expires_at (and category) ride along so the capped count can be answered from the index alone.
    index('idx_polls_open_newest')
      .on(table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst(), table.expiresAt)
      .where(sql`${table.isActive} and ${table.listed}`),
    index('idx_polls_open_category_newest')
      .on(
        sql`lower(${table.category})`,
        table.createdAt.desc().nullsFirst(),
        table.id.desc().nullsFirst(),
        table.expiresAt,
        table.category,
      )
      .where(sql`${table.isActive} and ${table.listed}`),
  ],
);

export const pollOptions = pgTable(
  'poll_options',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    optionText: varchar('option_text', { length: 255 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    position: smallint('position').notNull(),
  },
  (table) => [index('idx_poll_options_poll_id').on(table.pollId)],
);

export const votes = pgTable(
  'votes',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    /**
     * The ballot's first choice (vote_choices holds them all); options go only with their poll. Null
     * for a text poll's ballot, which chooses no option (vote_answers holds what it wrote).
     */
    optionId: uuid('option_id'),
    /** Always recorded, whichever identity the poll counts by. */
    voterIp: inet('voter_ip').notNull(),
    /** The browser's voter id, set only in polls that count one ballot per browser. */
    voterSession: varchar('voter_session', { length: 255 }),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One ballot per poll per identity, enforced here and nowhere else: per address where the poll
    // counts addresses (no voter_session), per browser where it counts browsers. The first also
    // serves every lookup by poll and address, so the plain index on those columns went.
    uniqueIndex('votes_poll_id_voter_ip_key')
      .on(table.pollId, table.voterIp)
      .where(sql`${table.voterSession} is null`),
    uniqueIndex('votes_poll_id_voter_session_key')
      .on(table.pollId, table.voterSession)
      .where(sql`${table.voterSession} is not null`),
    index('idx_votes_voted_at').on(table.votedAt),
  ],
);

/**
 * The options a ballot chose: one row per option, so a ballot may choose up to max_choices. Only
 * the ballot is a foreign key: the vote batch checks poll and options under their row locks, and
 * each further key would cost a lookup per chosen option on the vote path; deleting a poll or
 * an option removes its ballots, and these rows with them.
 */
export const voteChoices = pgTable(
  'vote_choices',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    pollId: uuid('poll_id').notNull(),
    optionId: uuid('option_id').notNull(),
    /** Where a ranked ballot put the option, 1 for the most preferred; null in a choice poll's ballot. */
    rank: smallint('rank'),
  },
  (table) => [primaryKey({ columns: [table.voteId, table.optionId] })],
);

/**
 * How many ballots of a ranked poll rank its options exactly this way: the count instant runoff
 * reads (src/kinds/ranked/tally.ts), so a live result costs one read of the distinct rankings,
 * never one of every ballot. Written by the vote batch in the statement that writes the ballots,
 * so it always sums to the poll's total_votes. A ranking holds option positions, most preferred
 * first: options change only before the first ballot, so positions stay put.
 */
export const pollRankings = pgTable(
  'poll_rankings',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    ranking: smallint('ranking').array().notNull(),
    ballots: integer('ballots').notNull(),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.ranking] })],
);

/**
 * What a text poll's ballot wrote, one row per answer in the order given: for the export, and for
 * telling a repeated ballot from another one. `group_key` is the answer's group
 * (src/domain/answer-groups.ts), as counted in poll_answer_groups.
 */
export const voteAnswers = pgTable(
  'vote_answers',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => votes.id, { onDelete: 'cascade' }),
    pollId: uuid('poll_id').notNull(),
    position: smallint('position').notNull(),
    answer: text('answer').notNull(),
    groupKey: text('group_key').notNull(),
  },
  (table) => [primaryKey({ columns: [table.voteId, table.position] })],
);

/**
 * A text poll's count per group of answers (answers that read the same once grouped), written by
 * the vote batch in the statement that writes the ballots, as poll_rankings is for ranked polls
 * (docs/decisions/0013-open-text-answers.md). `text` is the group's most-used spelling (the first
 * to reach its count wins a tie) and `text_ballots` that spelling's count; ties between groups go
 * to the first given: the seq its batch gave the poll, then its place in that batch. A group may
 * exist with no ballot when the creator hid it before anyone gave it.
 */
export const pollAnswerGroups = pgTable(
  'poll_answer_groups',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    groupKey: text('group_key').notNull(),
    ballots: integer('ballots').notNull(),
    text: text('text').notNull(),
    textBallots: integer('text_ballots').notNull(),
    firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
    firstPlace: integer('first_place').notNull(),
    /**
     * The seq whose batch first gave an answer of the group that the profanity filter flagged (only
     * in polls that filter), or null: a flagged group is held back unless the creator showed it.
     */
    flaggedSeq: bigint('flagged_seq', { mode: 'number' }),
    /** The creator's word: hidden ('hide'), or shown even if flagged ('show'); null where none was given. */
    verdict: varchar('verdict', { length: 4, enum: ['hide', 'show'] }),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.groupKey] })],
);

/** How many ballots of a text poll gave each spelling of each group: what picks the group's `text`. */
export const pollAnswerSpellings = pgTable(
  'poll_answer_spellings',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    groupKey: text('group_key').notNull(),
    spelling: text('spelling').notNull(),
    ballots: integer('ballots').notNull(),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.groupKey, table.spelling] })],
);

/**
 * Several polls under one join code (docs/decisions/0016-events.md), drawn as polls' codes are and
 * unique across both tables (a trigger of migration 0012). Its questions' polls carry its admin
 * token hash, so its token manages each.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    title: varchar('title', { length: 255 }).notNull(),
    code: varchar('code', { length: 6 })
      .notNull()
      .default(sql`pollcast_join_code()`),
    /** SHA-256 of the admin token, as polls keep theirs. */
    adminTokenHash: text('admin_token_hash').notNull(),
    creatorIp: inet('creator_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The question shown, or null ("waiting"): an id, so a reorder keeps the audience where it is. */
    currentPollId: uuid('current_poll_id').references(() => polls.id, { onDelete: 'set null' }),
    ended: boolean('ended').notNull().default(false),
    /** Grows with every change; followers drop anything not newer. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  },
  (table) => [uniqueIndex('events_code_key').on(table.code)],
);

/** An event's questions in order: each poll belongs to one event at most. */
export const eventQuestions = pgTable(
  'event_questions',
  {
    pollId: uuid('poll_id')
      .primaryKey()
      .references(() => polls.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
  },
  (table) => [index('idx_event_questions_event_id').on(table.eventId, table.position)],
);
