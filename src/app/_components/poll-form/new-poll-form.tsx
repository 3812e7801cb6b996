'use client';

import { useTranslations } from '../../_lib/intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createPollSchema, updatePollSchema } from '../../../domain/schemas';
import { useFailureText } from '../api-failure';
import { AnswerFields } from './answer-fields';
import { pathsOf, useProblemWords } from './form-errors';
import {
  createBody,
  draftOf,
  editBody,
  EMPTY,
  firstInvalidFieldId,
  type Draft,
  type Errors,
  type PollDraft,
  type SavedPoll,
} from './poll-draft';
import { sendNewPoll, sendPollTexts, type Refusal } from './poll-requests';
import { KindField, SettingFields } from './setting-fields';
import { CategoryField, DescriptionField, QuestionField } from './text-fields';

/**
 * The new-poll form. It checks the draft with the API's own schema before sending, shows each
 * problem next to its field, then POSTs /api/polls and takes the creator to the poll with the
 * one-time admin token in the URL fragment. Given a poll (`copyOf`, from "Duplicate"), it starts
 * filled in with that poll's question, answers and settings. With `edit` (the manage page, while
 * the poll has no vote) it holds only the texts and PATCHes them to the poll instead.
 */

type PollEdit = {
  pollId: string;
  token: string;
  poll: PollDraft;
  /** The PATCH answer: the poll with its new texts and options. */
  onSaved: (poll: SavedPoll) => void;
  onCancel: () => void;
};

type Props = { copyOf?: PollDraft | undefined; edit?: PollEdit };

export function NewPollForm({ copyOf, edit }: Props) {
  const router = useRouter();
  const start = edit?.poll ?? copyOf ?? EMPTY;
  const nextKey = useRef(start.options.length);
  const [draft, setDraft] = useState<Draft>(() => draftOf(start));
  const [endsAt, setEndsAt] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const requestFocus = useFocusRequest();
  const problemWords = useProblemWords();
  const failureText = useFailureText();

  const change = (fields: Partial<Draft>) => setDraft({ ...draft, ...fields });
  const setOptions = (next: Draft['options']) => setDraft((current) => ({ ...current, options: next }));

  /** The fields refused, each in the form's own words, or why the request failed as a whole. */
  function showErrors(refusal: Refusal) {
    const found = 'refused' in refusal ? problemWords(refusal.refused, draft) : { form: failureText(refusal.failure) };
    setErrors(found);
    requestFocus(firstInvalidFieldId(found) ?? 'form-error');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = edit ? editBody(draft) : createBody(draft, endsAt);
    const checked = (edit ? updatePollSchema : createPollSchema).safeParse(body);
    if (!checked.success) return showErrors({ refused: pathsOf(checked.error.issues) });
    setPending(true);
    if (edit) {
      const outcome = await sendPollTexts(edit, body);
      if ('saved' in outcome) return edit.onSaved(outcome.saved);
      showErrors(outcome);
    } else {
      const outcome = await sendNewPoll(body);
      if ('created' in outcome) return router.push(outcome.created);
      showErrors(outcome);
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} noValidate>
      {errors.form && (
        <p id="form-error" className="notice notice-bad" tabIndex={-1} role="alert">
          {errors.form}
        </p>
      )}
      <QuestionField draft={draft} errors={errors} change={change} />
      <DescriptionField draft={draft} errors={errors} change={change} />
      {!edit && <KindField draft={draft} errors={errors} change={change} />}
      {/* An open-text poll's voters write their own answers. */}
      {draft.kind !== 'text' && (
        <AnswerFields
          kind={draft.kind}
          options={draft.options}
          errors={errors}
          setOptions={setOptions}
          newKey={() => nextKey.current++}
          requestFocus={requestFocus}
        />
      )}
      <CategoryField draft={draft} errors={errors} change={change} />
      {!edit && <SettingFields draft={draft} errors={errors} change={change} endsAt={endsAt} setEndsAt={setEndsAt} />}
      <SubmitButtons edit={edit} pending={pending} />
    </form>
  );
}

function SubmitButtons({ edit, pending }: { edit: PollEdit | undefined; pending: boolean }) {
  const t = useTranslations('PollForm');
  return edit ? (
    <p className="row">
      <button type="submit" disabled={pending}>
        {pending ? t('saving') : t('save')}
      </button>
      <button type="button" className="button-quiet" disabled={pending} onClick={edit.onCancel}>
        {t('cancel')}
      </button>
    </p>
  ) : (
    <button type="submit" disabled={pending}>
      {pending ? t('creating') : t('create')}
    </button>
  );
}

/** Moves focus to an element by id once it rendered; asking twice for the same id still moves it. */
function useFocusRequest(): (id: string) => void {
  // A new object each time, so asking twice for the same field still moves focus.
  const [focusRequest, setFocusRequest] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (focusRequest) document.getElementById(focusRequest.id)?.focus();
  }, [focusRequest]);
  return (id) => setFocusRequest({ id });
}
