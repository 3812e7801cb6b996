import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { Database } from '../db/client';
import {
  changeEvent,
  findEvent,
  findEventAdminTokenHash,
  insertEvent,
  type EventChangeOutcome,
  type StoredEvent,
} from '../db/events';
import { AppError, eventNotFound } from '../domain/errors';
import type { CreateEventInput, UpdateEventInput } from '../domain/event-schemas';
import { eventStateOf, type EventDetails, type EventQuestion, type EventState } from '../domain/events';
import { canonicalId } from '../domain/ids';
import type { PollWithOptions } from '../domain/polls';
import { adminTokenMatches, newAdminToken } from './admin-token';
import type { CodeTarget } from './join-codes';
import type { PollService } from './poll-service';
import { pollUpdateOf, presentPoll } from './present-poll';

/**
 * Events (docs/decisions/0016-events.md): several questions under one code and one admin token,
 * and the question the audience sees now. Each question stays a poll: votes, streams, results and
 * exports are the polls' own, and since its poll carries the event's token hash, the event's
 * token manages it through the polls' routes as well.
 */

export type EventServiceDeps = {
  database: Database;
  /** Closing the questions when the event ends goes the polls' way (their live updates included). */
  polls: Pick<PollService, 'update' | 'targetOfCode'>;
  /** Told of a question deleted with a change of the event's questions. */
  onPollChange?: (update: PollUpdate) => void;
  /** Told after every change of an event: what its followers see now. */
  onChange?: (state: EventState) => void;
};

/** A question as the event shows it: the poll, and its options' texts without their votes. */
function presentQuestion(poll: PollWithOptions, instant: Date): EventQuestion {
  return {
    ...presentPoll(poll, instant),
    options: poll.options.map(({ id, option_text }) => ({ id, option_text })),
  };
}

function detailsOf({ event, questions }: StoredEvent): EventDetails {
  const now = new Date();
  const current = questions.findIndex((poll) => poll.id === event.currentPollId);
  return {
    event: {
      id: event.id,
      title: event.title,
      code: event.code,
      created_at: event.createdAt.toISOString(),
      ended: event.ended,
      seq: event.seq,
    },
    questions: questions.map((poll) => presentQuestion(poll, now)),
    current: current === -1 ? null : current,
  };
}

/** The refusal a change of an event that was not made answers with. */
function refusalOf(outcome: Exclude<EventChangeOutcome, { outcome: 'changed' }>): AppError {
  switch (outcome.outcome) {
    case 'not_found':
      return eventNotFound();
    case 'has_votes':
      return new AppError(
        'question_has_votes',
        'a question you left out has ballots; it cannot be removed (keep it, or end the event)',
        { question_id: outcome.questionId },
      );
    case 'invalid':
      return new AppError('invalid_request', outcome.problem, {
        issues: [{ path: outcome.path, message: outcome.problem }],
      });
  }
}

export function createEventService({ database, polls, onPollChange, onChange }: EventServiceDeps) {
  async function stored(rawId: string): Promise<StoredEvent> {
    const id = canonicalId(rawId);
    const event = id ? await findEvent(database, id) : undefined;
    if (!event) throw eventNotFound();
    return event;
  }

  /** The event's id in canonical form and its token hash; 404 for an unknown event, 401 for a wrong token. */
  async function authorize(rawId: string, token: string | undefined): Promise<{ id: string; hash: string }> {
    const id = canonicalId(rawId);
    const hash = id ? await findEventAdminTokenHash(database, id) : undefined;
    if (!id || hash === undefined) throw eventNotFound();
    if (!adminTokenMatches(token, hash)) {
      throw new AppError('unauthorized', 'a valid admin token is required (Authorization: Bearer <token>)');
    }
    return { id, hash };
  }

  const details = async (id: string): Promise<EventDetails> => detailsOf(await stored(id));

  return {
    async create(input: CreateEventInput, creatorIp: string | null) {
      const admin = newAdminToken();
      const created = detailsOf(await insertEvent(database, input, creatorIp, admin.hash));
      return { ...created, code: created.event.code, admin_token: admin.token };
    },

    details,

    /** Throws 404 for an unknown event and 401 for a wrong token. */
    async authorize(id: string, token: string | undefined): Promise<void> {
      await authorize(id, token);
    },

    /** The event with this join code, typed as people type it; codes that name nothing are limited per address. */
    async detailsByCode(typed: string, address: string | undefined): Promise<EventDetails> {
      const target: CodeTarget | undefined = await polls.targetOfCode(typed, address);
      if (target?.kind !== 'event') throw new AppError('not_found', 'no event has this code');
      return details(target.id);
    },

    /** What the event's followers see now (src/realtime/event-hub.ts). */
    state: async (id: string): Promise<EventState> => eventStateOf(await details(id)),

    /**
     * The creator's change: a move, the questions, the end. Ending closes every open question the
     * polls' way, so their voters get `poll_closed` and their viewers a last `poll_updated`.
     */
    async update(rawId: string, token: string | undefined, change: UpdateEventInput, creatorIp: string | null) {
      const { id, hash } = await authorize(rawId, token);
      // Only a new list of questions removes any; a move (the presenter's every keypress) reads the event once, after.
      const before = change.questions ? await stored(id) : undefined;
      const outcome = await changeEvent(database, id, change, { ip: creatorIp, adminTokenHash: hash });
      if (outcome.outcome !== 'changed') throw refusalOf(outcome);
      for (const poll of before?.questions.filter((question) => outcome.removed.includes(question.id)) ?? []) {
        onPollChange?.(pollUpdateOf({ ...poll, seq: poll.seq + 1 }, undefined, true));
      }
      let after = await stored(id);
      if (change.ended) {
        const now = new Date();
        const open = after.questions.filter((poll) => presentPoll(poll, now).is_active);
        for (const poll of open) await polls.update(poll.id, token, { is_active: false });
        if (open.length > 0) after = await stored(id);
      }
      const shown = detailsOf(after);
      onChange?.(eventStateOf(shown));
      return shown;
    },

    /** The event and its questions' ids in order, for its creator's export (401 without the token). */
    async exportParts(rawId: string, token: string | undefined): Promise<{ details: EventDetails }> {
      const { id } = await authorize(rawId, token);
      return { details: await details(id) };
    },
  };
}

export type EventService = ReturnType<typeof createEventService>;
