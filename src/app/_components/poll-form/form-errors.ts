import { useTranslations } from '../../_lib/intl';
import { LIMITS, OPTION_LIMITS, samenessKey, TEXT_MAX_CHOICES } from '../../../domain/schemas';
import type { Draft, Errors } from './poll-draft';

/**
 * The form's words for what the schema (before sending) or the API refused: one message per field
 * the refusal names, chosen by the field and by what it holds now, never taken from the refusal's
 * English message (messages/create, FormErrors). A field the form has no place for makes the
 * whole form's message.
 */

/** An issue as zod's schema or the API's `details.issues` has it. */
type Issue = { path: readonly PropertyKey[] | string };

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The field paths a refusal names: `title`, `options.2`; '' for the request as a whole. */
export function pathsOf(issues: readonly unknown[]): string[] {
  return issues.map((issue) => {
    const path = (issue as Partial<Issue> | null)?.path;
    return Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
  });
}

/** Fields shown as a group of choices, which can only be refused when the page was tampered with. */
const CHOICE_FIELDS = new Set(['kind', 'voter_identity', 'results_visibility']);
const OPTIONAL_TEXTS: Record<string, 'description' | 'category'> = {
  description: 'description',
  category: 'category',
};

/** Text the schema refused although it is not blank: too long, only invisible, or control characters. */
function textProblem(text: string, max: number, t: Translate): string {
  return text.length > max ? t('tooLong', { max }) : t('invalidText');
}

function optionProblem(text: string, t: Translate): string {
  return text.trim() === '' ? t('missingAnswer') : textProblem(text, LIMITS.option, t);
}

/** The list as a whole: two answers that read the same, or too few or too many for the kind. */
function optionsProblem(draft: Draft, t: Translate): string {
  const seen = new Map<string, number>();
  for (const [index, option] of draft.options.entries()) {
    const key = samenessKey(option.text.trim());
    if (key === '') continue;
    const first = seen.get(key);
    if (first !== undefined) return t('sameAnswers', { first: first + 1, second: index + 1 });
    seen.set(key, index);
  }
  const { min, max } = OPTION_LIMITS[draft.kind];
  if (draft.options.length < min) return t('tooFewAnswers', { min });
  if (draft.options.length > max) return t('tooManyAnswers', { max });
  return t('checkAnswers');
}

function maxChoicesProblem(draft: Draft, t: Translate): string {
  if (draft.kind === 'text') return t('chooseNumber', { most: TEXT_MAX_CHOICES.max });
  return t(draft.kind === 'ranked' ? 'chooseNumberOrAll' : 'chooseNumber', { most: draft.options.length });
}

/** The message for one refused field, and the field that shows it. */
function problemOf(path: string, draft: Draft, t: Translate): [field: string, message: string] {
  const option = /^options\.(\d+)$/.exec(path);
  if (option) return [path, optionProblem(draft.options[Number(option[1])]?.text ?? '', t)];
  if (path === 'title') {
    return [path, draft.title.trim() === '' ? t('missingQuestion') : textProblem(draft.title, LIMITS.title, t)];
  }
  const optional = OPTIONAL_TEXTS[path];
  if (optional) return [path, textProblem(draft[optional], LIMITS[optional], t)];
  if (path === 'options') return [path, optionsProblem(draft, t)];
  if (path === 'max_choices') return [path, maxChoicesProblem(draft, t)];
  if (path === 'expires_at') return [path, t('futureEnd')];
  if (path === 'filter_profanity') return [path, t('profanityForTextOnly')];
  if (CHOICE_FIELDS.has(path)) return [path, t('pickOne')];
  return ['form', t('notAccepted')];
}

/** Refused field paths as the form's errors, one per field, worded by `t` (the FormErrors messages). */
export function problemsOf(paths: readonly string[], draft: Draft, t: Translate): Errors {
  const errors: Errors = {};
  for (const path of paths) {
    const [field, message] = problemOf(path, draft, t);
    errors[field] ??= message;
  }
  return errors;
}

/** problemsOf in the page's language. */
export function useProblemWords(): (paths: readonly string[], draft: Draft) => Errors {
  const t = useTranslations('FormErrors');
  return (paths, draft) => problemsOf(paths, draft, t);
}
