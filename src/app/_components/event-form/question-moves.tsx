'use client';

/**
 * A question's moves in its list, the same in the event form and on the manage page: up, down
 * (each where there is room) and remove (but the last question). The caller's labels and wrapper.
 */

/** Where a question stands in its list, and how it moves. */
export type QuestionPlace = {
  index: number;
  count: number;
  move: (step: -1 | 1) => void;
  remove: () => void;
};

type Props = QuestionPlace & { labels: { up: string; down: string; remove: string } };

export function QuestionMoves({ index, count, move, remove, labels }: Props) {
  return (
    <>
      <button type="button" className="button-quiet button-small" disabled={index === 0} onClick={() => move(-1)}>
        {labels.up}
      </button>
      <button
        type="button"
        className="button-quiet button-small"
        disabled={index === count - 1}
        onClick={() => move(1)}
      >
        {labels.down}
      </button>
      <button type="button" className="button-quiet button-small" disabled={count === 1} onClick={remove}>
        {labels.remove}
      </button>
    </>
  );
}
