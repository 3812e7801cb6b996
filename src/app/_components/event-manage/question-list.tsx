'use client';

import { useTranslations } from '../../_lib/intl';
import { useState } from 'react';
import type { EventDetails, EventQuestion } from '../../../domain/events';
import { moved, newQuestion, problemOf } from '../event-form/event-draft';
import { QuestionFields } from '../event-form/question-fields';
import { QuestionMoves, type QuestionPlace } from '../event-form/question-moves';
import { saveQuestions, type ListItem } from './event-requests';
import { isolated } from '../rich-tags';

/**
 * The event's questions as a list to edit: reorder, remove, add new ones, then save the whole
 * list at once (`PATCH … {questions}`). A question with ballots cannot be removed: the server
 * refuses (409) and nothing changes, which is said here by naming the question.
 */

type Props = { details: EventDetails; token: string; onSaved: (details: EventDetails) => void };
type Said = { ok: boolean; key: string; values?: Record<string, string | number> };

const itemsOf = (details: EventDetails): ListItem[] =>
  details.questions.map((question) => ({ kind: 'kept', question }));

export function QuestionList({ details, token, onSaved }: Props) {
  const t = useTranslations('EventManage');
  const [items, setItems] = useState(() => itemsOf(details));
  const [said, setSaid] = useState<Said | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const drafts = items.flatMap((item) => (item.kind === 'new' ? [item.draft] : []));
    const missing = problemOf({ title: details.event.title, questions: drafts });
    if (missing) return setSaid({ ok: false, key: 'newIncomplete' });
    setSaving(true);
    const outcome = await saveQuestions(details.event.id, token, items);
    setSaving(false);
    if (outcome.ok) {
      setItems(itemsOf(outcome.value));
      onSaved(outcome.value);
      return setSaid({ ok: true, key: 'saved' });
    }
    const blocked = details.questions.find((q) => q.id === outcome.questionId);
    if (outcome.status === 409 && blocked)
      return setSaid({ ok: false, key: 'hasVotes', values: { title: blocked.title } });
    setSaid({ ok: false, key: outcome.status === 401 ? 'wrongToken' : 'saveFailed' });
  };

  const setItem = (index: number, item: ListItem | undefined) =>
    setItems((all) => (item ? all.map((x, i) => (i === index ? item : x)) : all.filter((_, i) => i !== index)));

  return (
    <section aria-labelledby="questions-heading">
      <h2 id="questions-heading">{t('questions')}</h2>
      <ol className="event-manage-list">
        {items.map((item, index) =>
          item.kind === 'new' ? (
            <li key={`new-${item.draft.key}`}>
              <QuestionFields
                question={item.draft}
                index={index}
                count={items.length}
                change={(draft) => setItem(index, { kind: 'new', draft })}
                move={(step) => setItems((all) => moved(all, index, step))}
                remove={() => setItem(index, undefined)}
              />
            </li>
          ) : (
            <KeptRow
              key={item.question.id}
              question={item.question}
              index={index}
              count={items.length}
              move={(step) => setItems((all) => moved(all, index, step))}
              remove={() => setItem(index, undefined)}
            />
          ),
        )}
      </ol>
      <p className="row">
        <button
          type="button"
          className="button-quiet"
          onClick={() => setItems((all) => [...all, { kind: 'new', draft: newQuestion() }])}
        >
          {t('addQuestion')}
        </button>
        <button type="button" disabled={saving} onClick={() => void save()}>
          {t('save')}
        </button>
      </p>
      <div aria-live="polite">
        {said && (
          <p className={`notice ${said.ok ? 'notice-ok' : 'notice-bad'}`}>
            {t.rich(`said.${said.key}`, { ...said.values, question: isolated })}
          </p>
        )}
      </div>
    </section>
  );
}

type RowProps = QuestionPlace & { question: EventQuestion };

/** A question the event has: its title and kind, and its moves (its texts are the poll's, edited on its own page). */
function KeptRow({ question, index, count, move, remove }: RowProps) {
  const t = useTranslations('EventManage');
  const kinds = useTranslations('EventForm.kinds');
  return (
    <li className="event-manage-row">
      <span>
        <bdi dir="auto">{question.title}</bdi> <span className="hint">· {kinds(question.kind)}</span>
      </span>
      <span className="event-question-moves">
        <QuestionMoves
          index={index}
          count={count}
          move={move}
          remove={remove}
          labels={{ up: t('up'), down: t('down'), remove: t('remove') }}
        />
      </span>
    </li>
  );
}
