'use client';

import { useTranslations } from '../../_lib/intl';
import { useState, type FormEvent } from 'react';
import { rememberCreatedEvent } from '../../_client/your-polls';
import { CopyButton } from '../copy-button';
import { JoinCode } from '../join-code';
import {
  moved,
  newQuestion,
  problemOf,
  questionOfIssue,
  requestOf,
  type EventDraft,
  type QuestionDraft,
} from './event-draft';
import { QuestionFields } from './question-fields';

/**
 * `/events/new`: an event in one form (title, questions of any kind, their order), sent as one
 * `POST /api/events`; then what starts the room: the join code, the audience's address, the
 * presenter screen and the private manage link, with the admin token in their fragments.
 */

type Created = { id: string; code: string; token: string };
type Problem = { key: string; values?: Record<string, number> };

export function EventForm({ initial }: { initial?: EventDraft | undefined }) {
  const t = useTranslations('EventForm');
  const [draft, setDraft] = useState<EventDraft>(initial ?? { title: '', questions: [newQuestion()] });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const setQuestions = (questions: QuestionDraft[]) => setDraft((d) => ({ ...d, questions }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = problemOf(draft);
    if (missing) return setProblem({ key: missing.key, values: 'number' in missing ? { number: missing.number } : {} });
    setSending(true);
    setProblem(null);
    try {
      const response = await fetch('/api/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(requestOf(draft)),
      });
      const answer: unknown = await response.json().catch(() => ({}));
      if (response.status === 201) {
        rememberCreatedEvent(answer);
        const { event, admin_token } = answer as { event: { id: string; code: string }; admin_token: string };
        return setCreated({ id: event.id, code: event.code, token: admin_token });
      }
      const number = questionOfIssue(answer);
      if (response.status === 429) setProblem({ key: 'tooMany' });
      else setProblem(number ? { key: 'refusedQuestion', values: { number } } : { key: 'refused' });
    } catch {
      setProblem({ key: 'unreachable' });
    } finally {
      setSending(false);
    }
  };

  if (created) return <EventCreated {...created} />;
  return (
    <form className="event-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor="event-title">{t('title')}</label>
        <input
          id="event-title"
          dir="auto"
          value={draft.title}
          maxLength={200}
          onChange={(event) => setDraft((d) => ({ ...d, title: event.target.value }))}
        />
      </div>
      {draft.questions.map((question, index) => (
        <QuestionFields
          key={question.key}
          question={question}
          index={index}
          count={draft.questions.length}
          change={(next) => setQuestions(draft.questions.map((q) => (q.key === next.key ? next : q)))}
          move={(step) => setQuestions(moved(draft.questions, index, step))}
          remove={() => setQuestions(draft.questions.filter((q) => q.key !== question.key))}
        />
      ))}
      <p>
        <button
          type="button"
          className="button-quiet"
          disabled={draft.questions.length >= 50}
          onClick={() => setQuestions([...draft.questions, newQuestion()])}
        >
          {t('addQuestion')}
        </button>
      </p>
      <div aria-live="polite">
        {problem && <p className="notice notice-bad">{t(`problems.${problem.key}`, problem.values)}</p>}
      </div>
      <button type="submit" disabled={sending}>
        {t('create')}
      </button>
    </form>
  );
}

export function EventCreated({ id, code, token }: Created) {
  const t = useTranslations('EventForm');
  const origin = window.location.origin;
  const secret = encodeURIComponent(token);
  const manageUrl = `${origin}/events/${id}/manage#token=${secret}`;
  return (
    <section className="notice notice-ok created" aria-labelledby="created-heading">
      <h2 id="created-heading">{t('created')}</h2>
      <JoinCode code={code} joinUrl={`${origin}/j/${code}`} presentUrl={`/events/${id}/present#admin=${secret}`} />
      <p>{t('keepManageLink')}</p>
      <div className="copy-row">
        <label htmlFor="manage-link" className="visually-hidden">
          {t('manageLink')}
        </label>
        <input id="manage-link" readOnly value={manageUrl} dir="ltr" />
        <CopyButton text={manageUrl} fieldId="manage-link" />
      </div>
      <p className="hint">
        <a href={manageUrl}>{t('openManage')}</a>
      </p>
    </section>
  );
}
