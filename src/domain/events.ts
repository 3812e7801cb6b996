import type { Poll } from './polls';

/**
 * Events (issue 29; docs/decisions/0016-events.md): several questions under one join code. Each
 * question is a poll of any kind; the event only orders them and says which one the audience
 * sees now. Shapes, no I/O.
 */

/** A question as the audience may see it before any count: the poll and its options' texts, never their votes. */
export type EventQuestion = Poll & { options: { id: string; option_text: string }[] };

type EventSummary = {
  id: string;
  title: string;
  code: string;
  created_at: string;
  /** Once true, every question is closed and stays so; the presenter may still move between them. */
  ended: boolean;
  /** Grows with every change of the event (a move, its questions, its end); live messages carry it. */
  seq: number;
};

/** The event as everyone may read it: `current` is the index of the question shown now, or null ("waiting"). */
export type EventDetails = { event: EventSummary; questions: EventQuestion[]; current: number | null };

/**
 * What followers are told after a change: the position, the question shown (null while waiting)
 * and how many there are. Absolute, so a follower may skip any but the newest `seq`.
 */
export type EventState = {
  event_id: string;
  seq: number;
  current: number | null;
  ended: boolean;
  question_count: number;
  question: EventQuestion | null;
};

/** The most questions one event holds. */
export const MAX_EVENT_QUESTIONS = 50;

/** The state followers get from an event's details. */
export function eventStateOf({ event, questions, current }: EventDetails): EventState {
  return {
    event_id: event.id,
    seq: event.seq,
    current,
    ended: event.ended,
    question_count: questions.length,
    question: current === null ? null : (questions[current] ?? null),
  };
}
