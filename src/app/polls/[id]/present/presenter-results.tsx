import { useFormatter, useTranslations } from '../../../_lib/intl';
import { useMemo, useRef, type RefObject } from 'react';
import type { PollKind } from '../../../../domain/polls';
import { RankedResultsView } from '../../../../kinds/ranked/ui/ranked-results-view';
import { RankedRoundTable } from '../../../../kinds/ranked/ui/ranked-round-table';
import { rankedResultsOf, roundTable } from '../../../../kinds/ranked/ui/ranked-view';
import { TextResultsView, textResultsOf } from '../../../../kinds/text/ui/text-results-view';
import { AnswersTable, ChoiceTable } from '../../../_components/poll-live/results-table';
import { percentText } from '../../../_lib/format';
import { percentOf, type ShownResults } from '../../../_lib/live-counts';
import { useBarsThatFit } from './presenter-fit';

/**
 * The question and its results, sized for a projector: up to 20 answers fit a 768-pixel-high
 * screen. A ranked poll shows its count (RankedResultsView's presenter variant: the top options,
 * the rest as others, up to 50 options); an open-text poll its word cloud, large. Results the poll
 * hides say when they will appear; H hides them on this screen only, T shows them as a table (a
 * ranked poll's: its every round).
 */

/** Row sizes step down with the number of options, so 20 still fit a 768-pixel-high screen. */
function rowsClass(count: number): string {
  if (count <= 4) return 'presenter-rows-few';
  if (count <= 7) return 'presenter-rows-some';
  if (count <= 12) return 'presenter-rows-many';
  return 'presenter-rows-most';
}

type Props = {
  title: string;
  kind: PollKind;
  options: { id: string; text: string }[];
  shown: ShownResults;
  maxChoices: number;
  /** False while H hides the results on this screen. */
  resultsShown: boolean;
  /** T: the results as a table rather than bars or a cloud. */
  tableShown: boolean;
};

export function PresenterResults({ title, kind, options, shown, maxChoices, resultsShown, tableShown }: Props) {
  const t = useTranslations('Presenter');
  const format = useFormatter();
  const hiddenText =
    shown.visible || shown.deleted || shown.visibility === 'always'
      ? null
      : t('hidden', { visibility: shown.visibility });
  const barsShown = shown.visible && resultsShown;
  const main = useRef<HTMLElement>(null);
  return (
    <section ref={main} className="presenter-main" aria-labelledby="presenter-question">
      <h1 id="presenter-question" className="presenter-question" dir="auto">
        {title}
      </h1>
      {shown.deleted && <p className="presenter-notice">{t('deleted')}</p>}
      {hiddenText && <p className="presenter-notice">{hiddenText}</p>}
      {!hiddenText && !shown.deleted && !resultsShown && <p className="presenter-notice">{t('hiddenHere')}</p>}
      {tableShown && barsShown ? (
        <PresenterTable kind={kind} options={options} shown={shown} />
      ) : kind === 'text' ? (
        barsShown &&
        shown.visible && <TextResultsView results={textResultsOf(shown.results)} variant="presenter" headingLevel={2} />
      ) : kind === 'ranked' ? (
        <RankedCount options={options} shown={shown} barsShown={barsShown} main={main} />
      ) : (
        <ol className={`presenter-results ${rowsClass(options.length)}`}>
          {options.map((option) => {
            const count = barsShown && shown.visible ? (shown.counts[option.id] ?? 0) : null;
            const percent = count === null ? 0 : percentOf(count, shown.total);
            return (
              <li key={option.id} data-option-id={option.id} className="presenter-row">
                <span className="presenter-option" dir="auto">
                  {option.text}
                </span>
                {count !== null && (
                  <>
                    <svg className="presenter-bar" aria-hidden="true" focusable="false">
                      <rect height="100%" width={`${percent}%`} />
                    </svg>
                    <span className="presenter-figures">
                      <strong>{format.number(count)}</strong> · {percentText(format, percent)}
                    </span>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {kind === 'choice' && maxChoices > 1 && barsShown && (
        <p className="presenter-hint">{t('shareOfVoters', { max: maxChoices })}</p>
      )}
    </section>
  );
}

/**
 * A ranked poll's count while it may be shown, with as many bars as `main` holds; hidden, its
 * options as a list in columns, so 50 fit the screen as they would not one per row.
 */
function RankedCount({
  options,
  shown,
  barsShown,
  main,
}: Pick<Props, 'options' | 'shown'> & { barsShown: boolean; main: RefObject<HTMLElement | null> }) {
  const ranked = useMemo(() => options.map((option) => ({ id: option.id, option_text: option.text })), [options]);
  const results = shown.visible ? rankedResultsOf(shown.results) : null;
  const bars = useBarsThatFit(main, barsShown ? results : null);
  if (!barsShown || !shown.visible) {
    return (
      <ul className="presenter-ranked-options">
        {options.map((option) => (
          <li key={option.id} data-option-id={option.id} dir="auto">
            {option.text}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="presenter-ranked">
      <RankedResultsView results={results} options={ranked} variant="presenter" headingLevel={2} bars={bars} />
    </div>
  );
}

/** The results as a table, in a box that scrolls when it is taller or wider than the screen. */
function PresenterTable({ kind, options, shown }: Pick<Props, 'kind' | 'options' | 'shown'>) {
  const t = useTranslations('Live.table');
  if (!shown.visible) return null;
  const ranked = kind === 'ranked' ? rankedResultsOf(shown.results) : null;
  const answers = kind === 'text' ? textResultsOf(shown.results)?.answers : undefined;
  return (
    <div className="presenter-table" role="region" aria-label={t('region')} tabIndex={0}>
      {ranked ? (
        <RankedRoundTable
          table={roundTable(
            ranked,
            options.map((option) => option.id),
            Infinity,
          )}
          names={new Map(options.map((option) => [option.id, option.text]))}
        />
      ) : answers ? (
        <AnswersTable answers={answers} />
      ) : (
        <ChoiceTable options={options} counts={shown.counts} total={shown.total} />
      )}
    </div>
  );
}
