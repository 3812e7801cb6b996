import type { Transfer } from './ranked-view';
import { COUNT_TEXT } from './ranked-view';

/**
 * Where the votes went: one step per elimination, in round order, each a sentence naming the
 * eliminated option and a list of where its votes went (the text everyone reads, screen readers
 * included), over a bar split by destination, drawn for the eye only. An option keeps its colour
 * in every step, by finishing place (the winner's green and the runner-up's blue, as in the final
 * round's bars); options placed lower and "others" are grey. The words beside each swatch say what
 * each part is. Only the last `openSteps` are open; earlier ones (often many small eliminations)
 * are folded away.
 */

/** Colours for the options placed highest (ranked.css: .ranked-tone-0 to -5). */
const TONES = 6;

const TEXT = {
  step: (round: number) => `After round ${round}:`,
  eliminated: (name: string, votes: string) => ` ${name} eliminated with ${votes}.`,
  noVotes: 'No votes to transfer.',
  to: (votes: string, name: string) => `${votes} to ${name}`,
  toOthers: (votes: string, count: number) => `${votes} to ${count} others`,
  exhausted: (ballots: string) => `${ballots} exhausted (no further choice)`,
  tieBreak: {
    previous_round: ' Tied for fewest; an earlier round decided.',
    random: ' Tied for fewest in every round; a draw seeded from the poll decided.',
  },
  earlier: (first: number, last: number, count: number) =>
    `Earlier eliminations, after rounds ${first} to ${last} (${count})`,
};

/** One part of a step's bar: its share of the eliminated option's votes, where it starts, and the class that colours it. */
type Part = { key: string; votes: number; text: string; tone: string; start: number; width: number };

type Names = ReadonlyMap<string, string>;

function partsOf(step: Transfer, names: Names, places: ReadonlyMap<string, number>): Part[] {
  const toneOf = (id: string) => {
    const place = places.get(id) ?? TONES;
    return place < TONES ? `ranked-tone-${place}` : 'ranked-tone-others';
  };
  const parts: Omit<Part, 'start' | 'width'>[] = step.to.map((to) => ({
    key: to.id,
    votes: to.votes,
    text: TEXT.to(COUNT_TEXT.votes(to.votes), names.get(to.id) ?? to.id),
    tone: toneOf(to.id),
  }));
  if (step.others) {
    const { votes, count } = step.others;
    parts.push({
      key: 'others',
      votes,
      text: TEXT.toOthers(COUNT_TEXT.votes(votes), count),
      tone: 'ranked-tone-others',
    });
  }
  if (step.exhausted > 0) {
    const votes = step.exhausted;
    parts.push({
      key: 'exhausted',
      votes,
      text: TEXT.exhausted(COUNT_TEXT.ballots(votes)),
      tone: 'ranked-tone-exhausted',
    });
  }
  let start = 0;
  return parts.map((part) => {
    const width = step.votes === 0 ? 0 : (part.votes / step.votes) * 100;
    start += width;
    return { ...part, start: start - width, width };
  });
}

function Step({ step, names, places }: { step: Transfer; names: Names; places: ReadonlyMap<string, number> }) {
  const parts = partsOf(step, names, places);
  return (
    <li className="ranked-flow-step">
      <p className="ranked-flow-title">
        <span className="ranked-flow-round">{TEXT.step(step.round)}</span>
        {TEXT.eliminated(names.get(step.from) ?? step.from, COUNT_TEXT.votes(step.votes))}
        {step.tieBreak && TEXT.tieBreak[step.tieBreak]}
      </p>
      {step.votes === 0 ? (
        <p className="hint">{TEXT.noVotes}</p>
      ) : (
        <>
          <svg className="ranked-flow-bar" aria-hidden="true" focusable="false">
            {parts.map((part) => (
              <rect key={part.key} className={part.tone} x={`${part.start}%`} width={`${part.width}%`} height="100%" />
            ))}
          </svg>
          <ul className="ranked-flow-to">
            {parts.map((part) => (
              <li key={part.key}>
                <span className={`ranked-swatch ${part.tone}`} aria-hidden="true" />
                {part.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

export function RankedTransferFlow({
  steps,
  names,
  finishingOrder,
  openSteps,
}: {
  steps: readonly Transfer[];
  names: Names;
  /** The options from first place to last, which their colours follow. */
  finishingOrder: readonly string[];
  openSteps: number;
}) {
  const places = new Map(finishingOrder.map((id, place) => [id, place]));
  const earlier = steps.slice(0, Math.max(steps.length - openSteps, 0));
  const open = steps.slice(earlier.length);
  return (
    <div className="ranked-flow">
      {earlier.length > 0 && (
        <details className="ranked-flow-earlier">
          <summary>{TEXT.earlier(earlier[0]!.round, earlier.at(-1)!.round, earlier.length)}</summary>
          <ol className="ranked-flow-steps">
            {earlier.map((step) => (
              <Step key={step.round} step={step} names={names} places={places} />
            ))}
          </ol>
        </details>
      )}
      <ol className="ranked-flow-steps">
        {open.map((step) => (
          <Step key={step.round} step={step} names={names} places={places} />
        ))}
      </ol>
    </div>
  );
}
