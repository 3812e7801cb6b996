import type { ReactNode } from 'react';
import { useTranslations } from '../../../app/_lib/intl';
import type { TieBreak } from '../tally';
import type { Transfer } from './ranked-view';
import { isolated } from '../../../app/_components/rich-tags';

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

/** How a tie for fewest votes was broken, in words. */
const TIE_BREAK_NOTE = {
  previous_round: 'stepTiePreviousRound',
  random: 'stepTieRandom',
} as const satisfies Record<TieBreak, string>;

/**
 * One part of a step's bar: where its votes went (an option, several others together, or no one),
 * its share of the eliminated option's votes, where it starts, and the class that colours it.
 */
type Part = {
  key: string;
  to: { option: string } | { others: number } | 'exhausted';
  votes: number;
  tone: string;
  start: number;
  width: number;
};

type Names = ReadonlyMap<string, string>;

function partsOf(step: Transfer, places: ReadonlyMap<string, number>): Part[] {
  const toneOf = (id: string) => {
    const place = places.get(id) ?? TONES;
    return place < TONES ? `ranked-tone-${place}` : 'ranked-tone-others';
  };
  const parts: Omit<Part, 'start' | 'width'>[] = step.to.map((to) => ({
    key: to.id,
    to: { option: to.id },
    votes: to.votes,
    tone: toneOf(to.id),
  }));
  if (step.others) {
    const { votes, count } = step.others;
    parts.push({ key: 'others', to: { others: count }, votes, tone: 'ranked-tone-others' });
  }
  if (step.exhausted > 0) {
    parts.push({ key: 'exhausted', to: 'exhausted', votes: step.exhausted, tone: 'ranked-tone-exhausted' });
  }
  let start = 0;
  return parts.map((part) => {
    const width = step.votes === 0 ? 0 : (part.votes / step.votes) * 100;
    start += width;
    return { ...part, start: start - width, width };
  });
}

/** Where one part's votes went, in words: "2 votes to Kiwi". */
function PartWords({ part, names }: { part: Part; names: Names }) {
  const t = useTranslations('RankedResults');
  if (part.to === 'exhausted') return t('toNoOne', { ballots: part.votes });
  if ('others' in part.to) return t('toOthers', { votes: part.votes, count: part.to.others });
  const id = part.to.option;
  return t.rich('to', {
    votes: part.votes,
    name: names.get(id) ?? id,
    option: isolated,
  });
}

/** A step's round, set apart: one function, so the step's reading is kept (decision 0019). */
const roundLead = (words: ReactNode) => <span className="ranked-flow-round">{words}</span>;

function Step({ step, names, places }: { step: Transfer; names: Names; places: ReadonlyMap<string, number> }) {
  const t = useTranslations('RankedResults');
  const parts = partsOf(step, places);
  return (
    <li className="ranked-flow-step">
      <p className="ranked-flow-title">
        {t.rich('step', {
          round: step.round,
          name: names.get(step.from) ?? step.from,
          votes: step.votes,
          lead: roundLead,
          option: isolated,
        })}
        {step.tieBreak && ` ${t(TIE_BREAK_NOTE[step.tieBreak])}`}
      </p>
      {step.votes === 0 ? (
        <p className="hint">{t('noVotes')}</p>
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
                <span>
                  <PartWords part={part} names={names} />
                </span>
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
  const t = useTranslations('RankedResults');
  const places = new Map(finishingOrder.map((id, place) => [id, place]));
  const earlier = steps.slice(0, Math.max(steps.length - openSteps, 0));
  const open = steps.slice(earlier.length);
  return (
    <div className="ranked-flow">
      {earlier.length > 0 && (
        <details className="ranked-flow-earlier">
          <summary>
            {t('earlier', { first: earlier[0]!.round, last: earlier.at(-1)!.round, count: earlier.length })}
          </summary>
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
