import type { Ref } from 'react';
import { votesText } from '../../_lib/format';
import { percentOf, type ShownResults } from '../../_lib/live-counts';

/**
 * The results: one bar per answer with its count and share where this viewer may see the counts,
 * the answers alone (no figures, no bar) where the poll hides them, and the total always.
 */

type Props = {
  options: { id: string; text: string }[];
  shown: ShownResults;
  votedOptionIds: string[];
  maxChoices: number;
  /** Beside the ballot, before this viewer voted. */
  besideBallot: boolean;
  waitText: string | null;
  headingRef: Ref<HTMLHeadingElement>;
};

export function ResultsSection({
  options,
  shown,
  votedOptionIds,
  maxChoices,
  besideBallot,
  waitText,
  headingRef,
}: Props) {
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" ref={headingRef} tabIndex={-1}>
        {besideBallot ? 'Results so far' : 'Results'}
      </h2>
      <div aria-live="polite">
        {waitText && <p className="notice">{waitText}.</p>}
        <ol className="results">
          {options.map((option) => (
            <ResultRow key={option.id} option={option} shown={shown} mine={votedOptionIds.includes(option.id)} />
          ))}
        </ol>
        <p>
          <strong>{votesText(shown.total)}</strong> in total
        </p>
        {maxChoices > 1 && shown.visible && (
          <p className="hint">Percentages are of voters; each voter may pick up to {maxChoices}.</p>
        )}
      </div>
    </section>
  );
}

function ResultRow({
  option,
  shown,
  mine,
}: {
  option: { id: string; text: string };
  shown: ShownResults;
  mine: boolean;
}) {
  // Hidden counts are not zeros: without them there are no figures and no bar.
  const count = shown.visible ? (shown.counts[option.id] ?? 0) : null;
  const percent = count === null ? 0 : percentOf(count, shown.total);
  return (
    <li data-option-id={option.id}>
      <div className="result-label">
        <span>
          {option.text}
          {mine && <span className="mine">Your vote</span>}
        </span>
        {count !== null && (
          <span className="result-figures">
            {votesText(count)} · {Math.round(percent)}%
          </span>
        )}
      </div>
      {count !== null && (
        <svg className="bar" aria-hidden="true" focusable="false">
          <rect height="100%" width={`${percent}%`} />
        </svg>
      )}
    </li>
  );
}
