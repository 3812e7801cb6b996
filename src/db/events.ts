import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { CreatePollInput } from '../domain/schemas';
import type { PollWithOptions } from '../domain/polls';
import type { Database, Db } from './client';
import { violatesUnique } from './errors';
import { insertPollIn } from './poll-writes';
import { OPTIONS } from './poll-reads';
import { pollColumns, toPoll } from './polls';
import { eventQuestions, events } from './event-schema';
import { polls } from './schema';

/** Events' rows (docs/decisions/0016-events.md): create one with its questions, read it, change it. */

/** An event's row as the code reads it: everything but the creator's address and the admin token hash. */
type EventRow = {
  id: string;
  title: string;
  code: string;
  createdAt: Date;
  currentPollId: string | null;
  ended: boolean;
  seq: number;
};
export type StoredEvent = { event: EventRow; questions: PollWithOptions[] };

const eventColumns = {
  id: events.id,
  title: events.title,
  code: events.code,
  createdAt: events.createdAt,
  currentPollId: events.currentPollId,
  ended: events.ended,
  seq: events.seq,
};

/** As for polls (poll-writes.ts): a drawn code that is taken, by a poll or an event, is drawn again. */
const CODE_DRAWS = 5;
const CODE_KEYS = ['polls_code_key', 'events_code_key'];

async function withCodeDraws<T>(attempt: () => Promise<T>): Promise<T> {
  for (let draw = 1; ; draw++) {
    try {
      return await attempt();
    } catch (error) {
      if (draw >= CODE_DRAWS || !CODE_KEYS.some((key) => violatesUnique(error, key))) throw error;
    }
  }
}

/** The event and all its questions in one transaction; each question's poll carries the event's token hash. */
export function insertEvent(
  database: Database,
  input: { title: string; questions: CreatePollInput[] },
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<StoredEvent> {
  return withCodeDraws(() =>
    database.db.transaction(async (tx) => {
      const [event] = await tx
        .insert(events)
        .values({ title: input.title, adminTokenHash, creatorIp })
        .returning(eventColumns);
      if (!event) throw new Error('insert into events returned no row');
      const questions: PollWithOptions[] = [];
      for (const question of input.questions)
        questions.push(await insertPollIn(tx, question, creatorIp, adminTokenHash));
      await placeQuestions(
        tx,
        event.id,
        questions.map((poll) => poll.id),
      );
      return { event, questions };
    }),
  );
}

async function placeQuestions(tx: Db, eventId: string, pollIds: string[]): Promise<void> {
  await tx.delete(eventQuestions).where(eq(eventQuestions.eventId, eventId));
  await tx.insert(eventQuestions).values(pollIds.map((pollId, position) => ({ eventId, pollId, position })));
}

/** The event with its questions in order, each with its options and counts. */
export async function findEvent(database: Database, id: string): Promise<StoredEvent | undefined> {
  // Both at once: an event is read on every move, and its followers wait for it.
  const [[event], rows] = await Promise.all([
    database.db.select(eventColumns).from(events).where(eq(events.id, id)),
    database.db
      .select({ ...pollColumns, options: OPTIONS })
      .from(eventQuestions)
      .innerJoin(polls, eq(polls.id, eventQuestions.pollId))
      .where(eq(eventQuestions.eventId, id))
      .orderBy(asc(eventQuestions.position)),
  ]);
  if (!event) return undefined;
  const questions = rows.map((row) => ({ ...toPoll(row), seq: row.seq, revision: row.revision, options: row.options }));
  return { event, questions };
}

/** The id of the event with this join code (as stored: see joinCodeOf). */
export async function findEventIdByCode(database: Database, code: string): Promise<string | undefined> {
  const [row] = await database.db.select({ id: events.id }).from(events).where(eq(events.code, code));
  return row?.id;
}

export async function findEventAdminTokenHash(database: Database, id: string): Promise<string | undefined> {
  const [row] = await database.db
    .select({ adminTokenHash: events.adminTokenHash })
    .from(events)
    .where(eq(events.id, id));
  return row?.adminTokenHash;
}

/** One change of an event, as checked by the service: the new list's items are existing ids or new polls. */
export type EventChange = {
  questions?: (string | CreatePollInput)[] | undefined;
  current?: number | null | undefined;
  ended?: true | undefined;
};

export type EventChangeOutcome =
  | { outcome: 'changed'; removed: string[] }
  | { outcome: 'not_found' }
  | { outcome: 'has_votes'; questionId: string }
  | { outcome: 'invalid'; path: string; problem: string };

/**
 * Applies a change under the event's row lock, so two presenters' changes queue. Questions left
 * out are deleted with their polls, but only if none has a ballot: their rows are locked first, as
 * the vote batch locks them, so a ballot either committed before (409) or finds the poll gone.
 */
export function changeEvent(
  database: Database,
  id: string,
  change: EventChange,
  creator: { ip: string | null; adminTokenHash: string },
): Promise<EventChangeOutcome> {
  return withCodeDraws(() =>
    database.db.transaction(async (tx): Promise<EventChangeOutcome> => {
      const [locked] = await tx.select({ id: events.id }).from(events).where(eq(events.id, id)).for('update');
      if (!locked) return { outcome: 'not_found' };
      const existing = (
        await tx
          .select({ pollId: eventQuestions.pollId })
          .from(eventQuestions)
          .where(eq(eventQuestions.eventId, id))
          .orderBy(asc(eventQuestions.position))
      ).map((row) => row.pollId);
      let order = existing;
      let removed: string[] = [];
      if (change.questions) {
        const replaced = await replaceQuestions(tx, id, existing, change.questions, creator);
        if ('outcome' in replaced) return replaced;
        ({ order, removed } = replaced);
      }
      let currentPollId: string | null | undefined;
      if (change.current !== undefined && change.current !== null) {
        currentPollId = order[change.current];
        if (!currentPollId) {
          const problem = `current must be below the number of questions (${order.length})`;
          return { outcome: 'invalid', path: 'current', problem };
        }
      } else if (change.current === null) currentPollId = null;
      await tx
        .update(events)
        .set({ currentPollId, ended: change.ended, seq: sql`${events.seq} + 1` })
        .where(eq(events.id, id));
      return { outcome: 'changed', removed };
    }),
  );
}

async function replaceQuestions(
  tx: Db,
  eventId: string,
  existing: string[],
  items: (string | CreatePollInput)[],
  creator: { ip: string | null; adminTokenHash: string },
): Promise<{ order: string[]; removed: string[] } | Exclude<EventChangeOutcome, { outcome: 'changed' }>> {
  const kept = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (typeof item !== 'string') continue;
    const path = `questions.${i}`;
    if (!existing.includes(item))
      return { outcome: 'invalid', path, problem: `${item} is not a question of this event` };
    if (kept.has(item)) return { outcome: 'invalid', path, problem: `question ${item} is listed twice` };
    kept.add(item);
  }
  const removed = existing.filter((pollId) => !kept.has(pollId));
  if (removed.length > 0) {
    // Locked in id order, as every batch locks its polls, before their counts are read.
    const rows = await tx
      .select({ id: polls.id, totalVotes: polls.totalVotes })
      .from(polls)
      .where(inArray(polls.id, removed))
      .orderBy(asc(polls.id))
      .for('update');
    const voted = rows.find((row) => row.totalVotes > 0);
    if (voted) return { outcome: 'has_votes', questionId: voted.id };
    await tx.delete(polls).where(inArray(polls.id, removed));
  }
  const order: string[] = [];
  for (const item of items) {
    order.push(typeof item === 'string' ? item : (await insertPollIn(tx, item, creator.ip, creator.adminTokenHash)).id);
  }
  await placeQuestions(tx, eventId, order);
  return { order, removed };
}
