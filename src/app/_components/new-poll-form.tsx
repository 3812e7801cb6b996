'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { RESULTS_VISIBILITIES, type Poll, type ResultsVisibility } from '../../domain/polls';
import { createPollSchema, LIMITS, updatePollSchema } from '../../domain/schemas';
import { RESULTS_VISIBILITY_TEXT, VOTER_IDENTITY_TEXT } from '../_lib/poll-settings';
import { rememberCreatedPoll } from '../_client/your-polls';

/**
 * The new-poll form. It checks the draft with the API's own schema before sending, shows each
 * problem next to its field, then POSTs /api/polls and takes the creator to the poll with the
 * one-time admin token in the URL fragment. Given a poll (`copyOf`, from "Duplicate"), it starts
 * filled in with that poll's question, answers and settings. With `edit` (the manage page, while
 * the poll has no vote) it holds only the texts and PATCHes them to the poll instead.
 */

/** What a form starts from: a poll's texts and settings, as the API describes them. */
export type PollDraft = Pick<
  Poll,
  'title' | 'description' | 'category' | 'voter_identity' | 'max_choices' | 'results_visibility' | 'listed'
> & { options: string[] };

/** A PATCH answer: the poll with its texts and its options' ids. */
export type SavedPoll = Omit<PollDraft, 'options'> & { id: string; options: { id: string; option_text: string }[] };

type Props = {
  copyOf?: PollDraft | undefined;
  edit?: {
    pollId: string;
    token: string;
    poll: PollDraft;
    /** The PATCH answer: the poll with its new texts and options. */
    onSaved: (poll: SavedPoll) => void;
    onCancel: () => void;
    /** Says why an edit was refused (401, 404, 409), as the manage page words it. */
    failureText: (status: number, body: unknown) => string;
  };
};

type Draft = {
  title: string;
  description: string;
  options: { key: number; text: string }[];
  category: string;
  voterIdentity: Poll['voter_identity'];
  /** As typed, so the field can be cleared while editing; the schema judges the number. */
  maxChoices: string;
  resultsVisibility: ResultsVisibility;
  listed: boolean;
};
type Errors = Record<string, string>;

const FIELD_ORDER = [
  'title',
  'description',
  'options',
  'category',
  'expires_at',
  'voter_identity',
  'max_choices',
  'results_visibility',
];
/** The radio group fields, focused on their first choice. */
const FIRST_CHOICE: Record<string, string> = {
  voter_identity: 'voter_identity-browser',
  results_visibility: 'results_visibility-always',
};
/** The room first: most polls are run in one (the API's default stays the strict "address"). */
const VOTER_IDENTITIES: Poll['voter_identity'][] = ['browser', 'address'];

const EMPTY: PollDraft = {
  title: '',
  description: null,
  category: null,
  options: ['', ''],
  voter_identity: 'browser',
  max_choices: 1,
  results_visibility: 'always',
  listed: false,
};

function draftOf(poll: PollDraft): Draft {
  return {
    title: poll.title,
    description: poll.description ?? '',
    options: poll.options.map((text, key) => ({ key, text })),
    category: poll.category ?? '',
    voterIdentity: poll.voter_identity,
    maxChoices: String(poll.max_choices),
    resultsVisibility: poll.results_visibility,
    listed: poll.listed,
  };
}

function errorsFrom(issues: { path: readonly PropertyKey[] | string; message: string }[]): Errors {
  const errors: Errors = {};
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.map(String).join('.') : String(issue.path);
    const key = path || 'form';
    errors[key] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + '.';
  }
  return errors;
}

function firstInvalidFieldId(errors: Errors): string | undefined {
  const optionError = Object.keys(errors).find((key) => key.startsWith('options.'));
  for (const field of FIELD_ORDER) {
    if (field === 'options' && optionError) return `option-${optionError.split('.')[1]}`;
    if (errors[field]) return field === 'options' ? 'option-0' : (FIRST_CHOICE[field] ?? field);
  }
  return undefined;
}

export function NewPollForm({ copyOf, edit }: Props) {
  const router = useRouter();
  const start = edit?.poll ?? copyOf ?? EMPTY;
  const nextKey = useRef(start.options.length);
  const [draft, setDraft] = useState<Draft>(() => draftOf(start));
  const [endsAt, setEndsAt] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  // A new object each time, so asking twice for the same field still moves focus.
  const [focusRequest, setFocusRequest] = useState<{ id: string } | null>(null);

  useEffect(() => {
    if (focusRequest) document.getElementById(focusRequest.id)?.focus();
  }, [focusRequest]);

  const options = draft.options;
  const setOptions = (next: Draft['options']) => setDraft((current) => ({ ...current, options: next }));

  function addOption() {
    const key = nextKey.current++;
    setOptions([...options, { key, text: '' }]);
    setFocusRequest({ id: `option-${options.length}` });
  }

  function removeOption(index: number) {
    setOptions(options.filter((_, i) => i !== index));
    setFocusRequest({ id: `option-${Math.min(index, options.length - 2)}` });
  }

  function moveOption(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= options.length) return;
    const next = [...options];
    [next[index], next[target]] = [next[target]!, next[index]!];
    setOptions(next);
  }

  async function saveEdit() {
    if (!edit) return;
    const body = {
      title: draft.title,
      description: draft.description || null,
      options: options.map((option) => option.text),
      category: draft.category || null,
    };
    const checked = updatePollSchema.safeParse(body);
    if (!checked.success) return showErrors(explained(errorsFrom(checked.error.issues)));
    setPending(true);
    try {
      const response = await fetch(`/api/polls/${edit.pollId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${edit.token}` },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => null);
      if (response.ok) return edit.onSaved(answer);
      const issues = answer?.error?.details?.issues;
      showErrors(
        response.status === 400 && Array.isArray(issues)
          ? errorsFrom(issues)
          : { form: edit.failureText(response.status, answer) },
      );
    } catch {
      showErrors({ form: 'Could not reach pollcast. Check your connection and try again.' });
    }
    setPending(false);
  }

  /** The schema speaks of options in general; next to one empty field, say what to do with it. */
  function explained(found: Errors): Errors {
    options.forEach((option, index) => {
      if (found[`options.${index}`] && option.text.trim() === '')
        found[`options.${index}`] = 'Write this answer, or remove it.';
    });
    if (found.max_choices) found.max_choices = `Choose a number from 1 to ${options.length}.`;
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (edit) return saveEdit();
    const when = endsAt ? new Date(endsAt) : null;
    const body = {
      title: draft.title,
      description: draft.description || null,
      options: options.map((option) => option.text),
      category: draft.category || null,
      expires_at: when && !Number.isNaN(when.getTime()) ? when.toISOString() : endsAt || null,
      voter_identity: draft.voterIdentity,
      max_choices: draft.maxChoices.trim() === '' ? Number.NaN : Number(draft.maxChoices),
      results_visibility: draft.resultsVisibility,
      listed: draft.listed,
    };
    const checked = createPollSchema.safeParse(body);
    if (!checked.success) return showErrors(explained(errorsFrom(checked.error.issues)));

    setPending(true);
    try {
      const response = await fetch('/api/polls', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const created = await response.json().catch(() => null);
      if (response.status === 201) {
        rememberCreatedPoll(created);
        router.push(`/polls/${created.id}#token=${encodeURIComponent(created.admin_token)}`);
        return;
      }
      const issues = created?.error?.details?.issues;
      const message: string = created?.error?.message ?? 'the poll could not be created; try again';
      showErrors(errorsFrom(Array.isArray(issues) ? issues : [{ path: [], message }]));
    } catch {
      showErrors({ form: 'Could not reach pollcast. Check your connection and try again.' });
    }
    setPending(false);
  }

  function showErrors(found: Errors) {
    setErrors(found);
    setFocusRequest({ id: firstInvalidFieldId(found) ?? 'form-error' });
  }

  const describedBy = (id: string, hint?: string) =>
    [hint, errors[id] ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const errorText = (id: string) =>
    errors[id] ? (
      <p id={`${id}-error`} className="field-error">
        {errors[id]}
      </p>
    ) : null;

  return (
    <form onSubmit={submit} noValidate>
      {errors.form && (
        <p id="form-error" className="notice notice-bad" tabIndex={-1} role="alert">
          {errors.form}
        </p>
      )}
      <div className="field">
        <label htmlFor="title">Question</label>
        <input
          id="title"
          value={draft.title}
          maxLength={LIMITS.title}
          aria-invalid={Boolean(errors.title)}
          aria-describedby={describedBy('title')}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
        {errorText('title')}
      </div>

      <div className="field">
        <label htmlFor="description">
          Description <span className="hint">(optional)</span>
        </label>
        <textarea
          id="description"
          rows={3}
          value={draft.description}
          maxLength={LIMITS.description}
          aria-invalid={Boolean(errors.description)}
          aria-describedby={describedBy('description')}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        />
        {errorText('description')}
      </div>

      <fieldset className="field" aria-describedby={describedBy('options', 'options-hint')}>
        <legend>Answers</legend>
        <p id="options-hint" className="hint">
          From {LIMITS.minOptions} to {LIMITS.maxOptions}, each different. Voters see them in this order.
        </p>
        {options.map((option, index) => {
          const id = `option-${index}`;
          return (
            <div key={option.key}>
              <div className="option-row">
                <label htmlFor={id} className="visually-hidden">
                  Answer {index + 1}
                </label>
                <input
                  id={id}
                  value={option.text}
                  placeholder={`Answer ${index + 1}`}
                  maxLength={LIMITS.option}
                  aria-invalid={Boolean(errors[`options.${index}`])}
                  aria-describedby={describedBy(`options.${index}`)}
                  onChange={(e) =>
                    setOptions(options.map((o, i) => (i === index ? { ...o, text: e.target.value } : o)))
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move answer ${index + 1} up`}
                  aria-disabled={index === 0}
                  onClick={() => moveOption(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move answer ${index + 1} down`}
                  aria-disabled={index === options.length - 1}
                  onClick={() => moveOption(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove answer ${index + 1}`}
                  disabled={options.length <= LIMITS.minOptions}
                  onClick={() => removeOption(index)}
                >
                  ✕
                </button>
              </div>
              {errorText(`options.${index}`)}
            </div>
          );
        })}
        {errorText('options')}
        <button
          type="button"
          className="button-quiet"
          disabled={options.length >= LIMITS.maxOptions}
          onClick={addOption}
        >
          + Add an answer
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor="category">
          Category <span className="hint">(optional)</span>
        </label>
        <input
          id="category"
          value={draft.category}
          maxLength={LIMITS.category}
          placeholder="e.g. food, work, sport"
          aria-invalid={Boolean(errors.category)}
          aria-describedby={describedBy('category')}
          onChange={(e) => setDraft({ ...draft, category: e.target.value })}
        />
        {errorText('category')}
      </div>

      {!edit && (
        <>
          <div className="field">
            <label htmlFor="expires_at">
              Voting ends at <span className="hint">(optional, your local time)</span>
            </label>
            <input
              id="expires_at"
              type="datetime-local"
              value={endsAt}
              aria-invalid={Boolean(errors.expires_at)}
              aria-describedby={describedBy('expires_at', 'expires-hint')}
              onChange={(e) => setEndsAt(e.target.value)}
            />
            <p id="expires-hint" className="hint">
              Leave it empty to keep the poll open until you close it.
            </p>
            {errorText('expires_at')}
          </div>

          <fieldset className="field" aria-describedby={describedBy('voter_identity', 'voter-identity-hint')}>
            <legend>Where will people vote?</legend>
            <p id="voter-identity-hint" className="hint">
              A room often shares one network address, so there each browser gets one vote (someone who clears their
              cookies can vote again); one vote per address is strict, but then a whole room on one Wi-Fi counts as one
              voter.
            </p>
            {VOTER_IDENTITIES.map((identity) => (
              <div key={identity} className="setting-choice">
                <input
                  type="radio"
                  id={`voter_identity-${identity}`}
                  name="voter_identity"
                  value={identity}
                  checked={draft.voterIdentity === identity}
                  onChange={() => setDraft({ ...draft, voterIdentity: identity })}
                />
                <label htmlFor={`voter_identity-${identity}`}>
                  {VOTER_IDENTITY_TEXT[identity].choice}{' '}
                  <span className="hint">({VOTER_IDENTITY_TEXT[identity].detail})</span>
                </label>
              </div>
            ))}
            {errorText('voter_identity')}
          </fieldset>

          <div className="field">
            <label htmlFor="max_choices">Answers per voter</label>
            <input
              id="max_choices"
              className="answers-per-voter"
              type="number"
              inputMode="numeric"
              min={1}
              max={options.length}
              step={1}
              value={draft.maxChoices}
              aria-invalid={Boolean(errors.max_choices)}
              aria-describedby={describedBy('max_choices', 'max-choices-hint')}
              onChange={(e) => setDraft({ ...draft, maxChoices: e.target.value })}
            />
            <p id="max-choices-hint" className="hint">
              How many answers each voter may pick, from 1 to {options.length}.
            </p>
            {errorText('max_choices')}
          </div>

          <fieldset className="field" aria-describedby={describedBy('results_visibility', 'results-visibility-hint')}>
            <legend>When results appear</legend>
            <p id="results-visibility-hint" className="hint">
              Everyone always sees how many votes there are; this decides who sees the count of each answer, and when.
              You can change it later.
            </p>
            {RESULTS_VISIBILITIES.map((visibility) => (
              <div key={visibility} className="setting-choice">
                <input
                  type="radio"
                  id={`results_visibility-${visibility}`}
                  name="results_visibility"
                  value={visibility}
                  checked={draft.resultsVisibility === visibility}
                  onChange={() => setDraft({ ...draft, resultsVisibility: visibility })}
                />
                <label htmlFor={`results_visibility-${visibility}`}>
                  {RESULTS_VISIBILITY_TEXT[visibility].choice}{' '}
                  <span className="hint">({RESULTS_VISIBILITY_TEXT[visibility].detail})</span>
                </label>
              </div>
            ))}
            {errorText('results_visibility')}
          </fieldset>

          <div className="field">
            <div className="setting-choice">
              <input
                type="checkbox"
                id="listed"
                checked={draft.listed}
                aria-describedby="listed-hint"
                onChange={(e) => setDraft({ ...draft, listed: e.target.checked })}
              />
              <label htmlFor="listed">List this poll on the home page</label>
            </div>
            <p id="listed-hint" className="hint">
              If it is not listed, only people with its link or join code can find it. You can change this later.
            </p>
          </div>
        </>
      )}

      {edit ? (
        <p className="row">
          <button type="submit" disabled={pending}>
            {pending ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="button-quiet" disabled={pending} onClick={edit.onCancel}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create poll'}
        </button>
      )}
    </form>
  );
}
