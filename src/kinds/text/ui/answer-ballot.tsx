'use client';

import { useTranslations } from '../../../app/_lib/intl';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ANSWER_FIELD, ANSWER_LENGTH, checkAnswers, type AnswerProblem } from './answer-fields';
import './text.css';

/**
 * An open-text ballot: a field per answer the poll takes, each with a count of its characters as
 * the voter types. Without JavaScript (and before the page's script runs) the form posts its
 * `answer` fields to `action`, the first one required; once hydrated the answers are checked with
 * the API's rules, each problem said under its field, before `onSubmit` sends them. Its words are
 * the `AnswerBallot` messages (messages/kinds).
 */

/** How few characters left the live region starts saying so: not at every key, only near the end. */
const SAY_LEFT_FROM = 5;

export type AnswerBallotProps = {
  /** How many answers one ballot may hold. */
  maxChoices: number;
  /** No change and no vote: while a vote is being sent. */
  disabled?: boolean;
  /** The answers, checked, when the voter votes with the page's script running. */
  onSubmit: (answers: string[]) => void;
  /** Where the form posts its `answer` fields before the script runs and without JavaScript. */
  action?: (formData: FormData) => void | Promise<void>;
  /** More fields the form posts (a hidden poll id). */
  children?: ReactNode;
};

export function AnswerBallot({ maxChoices, disabled = false, onSubmit, action, children }: AnswerBallotProps) {
  const max = Math.max(1, maxChoices);
  const ids = useId();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<string[]>(() => Array.from({ length: max }, () => ''));
  const t = useTranslations('AnswerBallot');
  const [problems, setProblems] = useState<{ fields: (AnswerProblem | null)[]; allBlank: boolean } | null>(null);
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    // What the voter typed before the script ran is kept, and counted.
    const typed = form.current ? new FormData(form.current).getAll(ANSWER_FIELD).map(String) : [];
    setValues(Array.from({ length: max }, (_, i) => typed[i] ?? ''));
    setHydrated(true);
  }, [max]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (disabled) return;
    const check = checkAnswers(values);
    if (check.ok) return onSubmit(check.answers);
    setProblems(check);
    const first = check.fields.findIndex((problem) => problem !== null);
    document.getElementById(`${ids}-answer-${first === -1 ? 0 : first}`)?.focus();
  }

  function change(index: number, value: string) {
    setValues((current) => current.map((old, i) => (i === index ? value : old)));
    // A problem goes once its field changes; the rest are checked again at the next try.
    setProblems(
      (current) => current && { fields: current.fields.map((p, i) => (i === index ? null : p)), allBlank: false },
    );
  }

  return (
    <form
      ref={form}
      className="answer-ballot"
      method="post"
      action={action}
      onSubmit={hydrated ? submit : undefined}
      noValidate={hydrated}
    >
      {children}
      <fieldset disabled={disabled} aria-describedby={`${ids}-instructions`}>
        <legend>{t('legend', { max })}</legend>
        <p className="hint" id={`${ids}-instructions`}>
          {t('instructions', { max, length: ANSWER_LENGTH })}
        </p>
        {values.map((value, index) => (
          <AnswerField
            key={index}
            id={`${ids}-answer-${index}`}
            label={max === 1 ? t('onlyLabel') : t('label', { number: index + 1 })}
            value={value}
            required={index === 0 && !hydrated}
            hydrated={hydrated}
            problem={problems?.fields[index] ?? null}
            onChange={(next) => change(index, next)}
          />
        ))}
      </fieldset>
      {problems?.allBlank && (
        <p className="field-error" role="alert">
          {t('writeFirst')}
        </p>
      )}
      <p className="row">
        <button type="submit" disabled={disabled}>
          {t('submit', { max })}
        </button>
      </p>
    </form>
  );
}

type FieldProps = {
  id: string;
  label: string;
  value: string;
  required: boolean;
  hydrated: boolean;
  problem: AnswerProblem | null;
  onChange: (value: string) => void;
};

/** One answer's field, its character count (live once hydrated), and its problem. */
function AnswerField({ id, label, value, required, hydrated, problem, onChange }: FieldProps) {
  const t = useTranslations('AnswerBallot');
  const left = ANSWER_LENGTH - value.length;
  const describedBy = [`${id}-count`, problem ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="answer-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={ANSWER_FIELD}
        type="text"
        dir="auto"
        defaultValue=""
        maxLength={ANSWER_LENGTH}
        autoComplete="off"
        required={required}
        aria-invalid={problem !== null}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-count`} className={`char-count${left <= 0 ? ' char-count-full' : ''}`}>
        {hydrated ? t('count', { used: value.length, length: ANSWER_LENGTH }) : t('limit', { length: ANSWER_LENGTH })}
      </p>
      {/* Read out only near the end, so typing is not talked over at every key. */}
      <p className="visually-hidden" role="status">
        {hydrated && left <= SAY_LEFT_FROM ? t('left', { left: Math.max(left, 0) }) : ''}
      </p>
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {t(problem.rule, problem)}
        </p>
      )}
    </div>
  );
}
