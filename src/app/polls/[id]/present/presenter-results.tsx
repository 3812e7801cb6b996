import type { ResultsVisibility } from '../../../../domain/polls';
import { percentOf, type ShownResults } from '../../../_lib/live-counts';

/**
 * The question and its results, sized for a projector: up to 20 answers fit a 768-pixel-high
 * screen. Results the poll hides say when they will appear; H hides them on this screen only.
 */

const HIDDEN_TEXT: Record<Exclude<ResultsVisibility, 'always'>, string> = {
  after_vote: 'Results are hidden: each voter sees them after voting, and this screen once voting ends.',
  after_close: 'Results are hidden until voting ends.',
  creator: 'Results are hidden until the creator reveals them.',
};

/** Row sizes step down with the number of options, so 20 still fit a 768-pixel-high screen. */
function rowsClass(count: number): string {
  if (count <= 4) return 'presenter-rows-few';
  if (count <= 7) return 'presenter-rows-some';
  if (count <= 12) return 'presenter-rows-many';
  return 'presenter-rows-most';
}

type Props = {
  title: string;
  options: { id: string; text: string }[];
  shown: ShownResults;
  maxChoices: number;
  /** False while H hides the results on this screen. */
  resultsShown: boolean;
};

export function PresenterResults({ title, options, shown, maxChoices, resultsShown }: Props) {
  const hiddenText =
    shown.visible || shown.deleted || shown.visibility === 'always' ? null : HIDDEN_TEXT[shown.visibility];
  const barsShown = shown.visible && resultsShown;
  return (
    <section className="presenter-main" aria-labelledby="presenter-question">
      <h1 id="presenter-question" className="presenter-question">
        {title}
      </h1>
      {shown.deleted && <p className="presenter-notice">This poll was deleted by its creator.</p>}
      {hiddenText && <p className="presenter-notice">{hiddenText}</p>}
      {!hiddenText && !shown.deleted && !resultsShown && (
        <p className="presenter-notice">Results are hidden on this screen for now.</p>
      )}
      <ol className={`presenter-results ${rowsClass(options.length)}`}>
        {options.map((option) => {
          const count = barsShown && shown.visible ? (shown.counts[option.id] ?? 0) : null;
          const percent = count === null ? 0 : percentOf(count, shown.total);
          return (
            <li key={option.id} data-option-id={option.id} className="presenter-row">
              <span className="presenter-option">{option.text}</span>
              {count !== null && (
                <>
                  <svg className="presenter-bar" aria-hidden="true" focusable="false">
                    <rect height="100%" width={`${percent}%`} />
                  </svg>
                  <span className="presenter-figures">
                    <strong>{count.toLocaleString('en')}</strong> · {Math.round(percent)}%
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ol>
      {maxChoices > 1 && barsShown && (
        <p className="presenter-hint">Percentages are of voters; each may pick up to {maxChoices}.</p>
      )}
    </section>
  );
}
