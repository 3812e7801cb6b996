import type { EventDetails, EventState } from '../../../domain/events';

/** Where an event is: the question shown (its id, or null while waiting), how many there are, whether it ended. */
export type EventPosition = {
  seq: number;
  current: number | null;
  ended: boolean;
  questionCount: number;
  questionId: string | null;
};

export function positionOfState(state: EventState): EventPosition {
  return {
    seq: state.seq,
    current: state.current,
    ended: state.ended,
    questionCount: state.question_count,
    questionId: state.question?.id ?? null,
  };
}

export function positionOfDetails({ event, questions, current }: EventDetails): EventPosition {
  return {
    seq: event.seq,
    current,
    ended: event.ended,
    questionCount: questions.length,
    questionId: current === null ? null : (questions[current]?.id ?? null),
  };
}
