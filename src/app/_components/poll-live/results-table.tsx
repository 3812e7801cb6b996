import { useFormatter, useTranslations } from '../../_lib/intl';
import type { ReactNode } from 'react';
import { answerGroupKey } from '../../../domain/answer-groups';
import type { AnswerCount } from '../../../kinds/text/results';

/**
 * The results as data: a table beside the bars or the word cloud, with the same figures, which
 * screen readers can walk cell by cell and anyone can open. A ranked poll has its table of rounds
 * (RankedRoundTable) instead.
 */

/** Each answer of a choice poll with its votes and its share of the voters, in the poll's order. */
export function ChoiceTable({
  options,
  counts,
  total,
}: {
  options: readonly { id: string; text: string }[];
  counts: Record<string, number>;
  total: number;
}) {
  const t = useTranslations('Live.table');
  const format = useFormatter();
  return (
    <table className="results-table">
      <caption>{t('choiceCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('answer')}</th>
          <th scope="col">{t('votes')}</th>
          <th scope="col">{t('percent')}</th>
        </tr>
      </thead>
      <tbody>
        {options.map((option) => {
          const count = counts[option.id] ?? 0;
          return (
            <tr key={option.id} data-option-id={option.id}>
              <th scope="row">{option.text}</th>
              <td>{format.number(count)}</td>
              <td>{format.number(total > 0 ? count / total : 0, { style: 'percent' })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** An open-text poll's answers given most, each with how many gave it. */
export function AnswersTable({ answers }: { answers: readonly AnswerCount[] }) {
  const t = useTranslations('Live.table');
  const format = useFormatter();
  return (
    <table className="results-table">
      <caption>{t('answersCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('answer')}</th>
          <th scope="col">{t('votes')}</th>
        </tr>
      </thead>
      <tbody>
        {answers.map((answer) => (
          <tr key={answerGroupKey(answer.text)}>
            <th scope="row">
              <bdi dir="auto">{answer.text}</bdi>
            </th>
            <td>{format.number(answer.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The table under "Show as table"; it opens without JavaScript too, and stays open as the results
 * move. It sits after the <details>, not in it: a closed <details> would hide it from screen
 * readers, so while folded it is only visually hidden (live.css), one table in the page either way.
 */
export function TableDetails({
  open,
  onOpen,
  children,
}: {
  open: boolean;
  onOpen: (open: boolean) => void;
  children: ReactNode;
}) {
  const t = useTranslations('Live.table');
  return (
    <div className="results-table-fold">
      <details className="results-table-details" open={open} onToggle={(event) => onOpen(event.currentTarget.open)}>
        <summary>{t('show')}</summary>
      </details>
      <div className="results-table-wrap">{children}</div>
    </div>
  );
}
