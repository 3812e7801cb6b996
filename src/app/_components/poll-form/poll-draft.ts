import type { Poll, PollKind, ResultsVisibility } from '../../../domain/polls';

/**
 * The new-poll form's draft: what it starts from, what it sends, and which field a refusal (the
 * schema's, before sending, or the API's) is shown at first.
 */

/** What a form starts from: a poll's texts and settings, as the API describes them. */
export type PollDraft = Pick<
  Poll,
  | 'title'
  | 'description'
  | 'category'
  | 'kind'
  | 'voter_identity'
  | 'max_choices'
  | 'results_visibility'
  | 'listed'
  | 'filter_profanity'
> & { options: string[] };

/** A PATCH answer: the poll with its texts and its options' ids. */
export type SavedPoll = Omit<PollDraft, 'options'> & { id: string; options: { id: string; option_text: string }[] };

export type Draft = {
  kind: PollKind;
  title: string;
  description: string;
  options: { key: number; text: string }[];
  category: string;
  voterIdentity: Poll['voter_identity'];
  /**
   * As typed, so the field can be cleared while editing; the schema judges the number. Empty in a
   * ranked poll: each voter may rank every answer.
   */
  maxChoices: string;
  resultsVisibility: ResultsVisibility;
  listed: boolean;
  /** A text poll's answers flagged as profane are held back from its results. */
  filterProfanity: boolean;
};

/** One message per field id (`title`, `options.2`…), and `form` for the whole form. */
export type Errors = Record<string, string>;

const FIELD_ORDER = [
  'title',
  'description',
  'kind',
  'options',
  'category',
  'expires_at',
  'voter_identity',
  'max_choices',
  'results_visibility',
  'filter_profanity',
];
/** The radio group fields, focused on their first choice. */
const FIRST_CHOICE: Record<string, string> = {
  kind: 'kind-choice',
  voter_identity: 'voter_identity-browser',
  results_visibility: 'results_visibility-always',
};

export const EMPTY: PollDraft = {
  title: '',
  description: null,
  category: null,
  kind: 'choice',
  options: ['', ''],
  voter_identity: 'browser',
  max_choices: 1,
  results_visibility: 'always',
  listed: false,
  filter_profanity: false,
};

export function draftOf(poll: PollDraft): Draft {
  return {
    kind: poll.kind,
    title: poll.title,
    description: poll.description ?? '',
    options: poll.options.map((text, key) => ({ key, text })),
    category: poll.category ?? '',
    voterIdentity: poll.voter_identity,
    // A ranked poll whose voters rank every answer is copied as one whose voters rank them all, however many there become.
    maxChoices: poll.kind === 'ranked' && poll.max_choices === poll.options.length ? '' : String(poll.max_choices),
    resultsVisibility: poll.results_visibility,
    listed: poll.listed,
    filterProfanity: poll.filter_profanity,
  };
}

/** The body of PATCH /api/polls/{id}: the texts alone (a text poll has no options to edit). */
export function editBody(draft: Draft) {
  return {
    title: draft.title,
    description: draft.description || null,
    ...(draft.kind === 'text' ? {} : { options: draft.options.map((option) => option.text) }),
    category: draft.category || null,
  };
}

/** The body of POST /api/polls; `endsAt` as the datetime-local field holds it, in the browser's time zone. */
export function createBody(draft: Draft, endsAt: string) {
  const when = endsAt ? new Date(endsAt) : null;
  const maxChoices = draft.maxChoices.trim();
  const text = draft.kind === 'text';
  return {
    kind: draft.kind,
    title: draft.title,
    description: draft.description || null,
    // A text poll's voters write their answers: it takes no options, and may filter profanity.
    ...(text ? { filter_profanity: draft.filterProfanity } : { options: draft.options.map((option) => option.text) }),
    category: draft.category || null,
    expires_at: when && !Number.isNaN(when.getTime()) ? when.toISOString() : endsAt || null,
    voter_identity: draft.voterIdentity,
    // Left empty, a ranked poll takes the API's default: every answer may be ranked.
    max_choices: maxChoices !== '' ? Number(maxChoices) : draft.kind === 'ranked' ? undefined : Number.NaN,
    results_visibility: draft.resultsVisibility,
    listed: draft.listed,
  };
}

export function firstInvalidFieldId(errors: Errors): string | undefined {
  const optionError = Object.keys(errors).find((key) => key.startsWith('options.'));
  for (const field of FIELD_ORDER) {
    if (field === 'options' && optionError) return `option-${optionError.split('.')[1]}`;
    if (errors[field]) return field === 'options' ? 'option-0' : (FIRST_CHOICE[field] ?? field);
  }
  return undefined;
}
