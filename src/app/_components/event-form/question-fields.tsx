'use client';

import { useTranslations } from '../../_lib/intl';
import { POLL_KINDS, type PollKind } from '../../../domain/polls';
import type { QuestionDraft } from './event-draft';
import { QuestionMoves, type QuestionPlace } from './question-moves';

/** One question of the event form: its title, its kind, its options (none for open text), and its moves. */

type Props = QuestionPlace & { question: QuestionDraft; change: (next: QuestionDraft) => void };

export function QuestionFields({ question, index, count, change, move, remove }: Props) {
  const t = useTranslations('EventForm');
  const id = `question-${question.key}`;
  return (
    <fieldset className="field event-question-fields">
      <legend>{t('questionNumber', { number: index + 1 })}</legend>
      <label htmlFor={`${id}-title`}>{t('questionTitle')}</label>
      <input
        id={`${id}-title`}
        dir="auto"
        value={question.title}
        maxLength={200}
        onChange={(event) => change({ ...question, title: event.target.value })}
      />
      <label htmlFor={`${id}-kind`}>{t('kind')}</label>
      <select
        id={`${id}-kind`}
        value={question.kind}
        onChange={(event) => change({ ...question, kind: event.target.value as PollKind })}
      >
        {POLL_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`kinds.${kind}`)}
          </option>
        ))}
      </select>
      {question.kind === 'text' ? (
        <p className="hint">{t('textHint')}</p>
      ) : (
        <OptionFields question={question} change={change} />
      )}
      <div className="event-question-moves">
        <QuestionMoves
          index={index}
          count={count}
          move={move}
          remove={remove}
          labels={{ up: t('up'), down: t('down'), remove: t('removeQuestion') }}
        />
      </div>
    </fieldset>
  );
}

/** A choice or ranked question's options: at least two, each removable past two. */
function OptionFields({ question, change }: Pick<Props, 'question' | 'change'>) {
  const t = useTranslations('EventForm');
  const id = `question-${question.key}`;
  const setOption = (at: number, text: string) =>
    change({ ...question, options: question.options.map((o, i) => (i === at ? text : o)) });
  return (
    <div className="event-options">
      {question.options.map((option, at) => (
        <div className="option-row" key={at}>
          <label htmlFor={`${id}-option-${at}`} className="visually-hidden">
            {t('option', { number: at + 1 })}
          </label>
          <input
            id={`${id}-option-${at}`}
            dir="auto"
            value={option}
            maxLength={200}
            placeholder={t('option', { number: at + 1 })}
            onChange={(event) => setOption(at, event.target.value)}
          />
          {question.options.length > 2 && (
            <button
              type="button"
              className="icon-button"
              aria-label={t('removeOption', { number: at + 1 })}
              onClick={() => change({ ...question, options: question.options.filter((_, i) => i !== at) })}
            >
              ×
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="button-quiet button-small"
        onClick={() => change({ ...question, options: [...question.options, ''] })}
      >
        {t('addOption')}
      </button>
    </div>
  );
}
