import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  inet,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { polls } from './schema';

/** Events' tables, beside the polls' in schema.ts; migrations in drizzle/ are generated from both. */

/**
 * Several polls under one join code (docs/decisions/0016-events.md), drawn as polls' codes are and
 * unique across both tables (a trigger of migration 0013). Its questions' polls carry its admin
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
