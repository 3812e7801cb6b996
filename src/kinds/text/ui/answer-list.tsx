import { useTranslations } from '../../../app/_lib/intl';
import { answerGroupKey } from '../../../domain/answer-groups';
import type { AnswerCount } from '../results';

/**
 * Answers with their counts as a plain list: what screen readers read of a text poll's results,
 * and what a small screen shows best. Each answer is a text node in its own <bdi>, so one written
 * right to left, or holding invisible characters, cannot reorder its neighbours or its count.
 * Given `action`, each answer has a button (the creator's Hide or Show), worded by whoever gives it.
 */

export type AnswerAction = {
  /** The button's word: "Hide", "Show". */
  label: string;
  /** What it says to a screen reader, with the answer: "Hide “pizza”". */
  name: (text: string) => string;
  run: (text: string) => void;
  busy: boolean;
};

type Props = {
  answers: readonly AnswerCount[];
  action?: AnswerAction | undefined;
  className?: string;
};

export function AnswerList({ answers, action, className = '' }: Props) {
  const t = useTranslations('TextResults');
  return (
    <ol className={`answer-list ${className}`.trim()}>
      {answers.map((answer) => (
        // Keyed by its group, which a change of the most-used spelling keeps: a focused Hide stays focused.
        <li key={answerGroupKey(answer.text)}>
          <bdi className="answer-text" dir="auto">
            {answer.text}
          </bdi>
          <span className="answer-count">{t('votes', { count: answer.count })}</span>
          {action && (
            <button
              type="button"
              className="button-quiet button-small"
              aria-label={action.name(answer.text)}
              disabled={action.busy}
              onClick={() => action.run(answer.text)}
            >
              {action.label}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
