import { z } from 'zod';
import { POLL_KINDS, RESULTS_VISIBILITIES, type PollKind } from './polls';
import { INVISIBLE, samenessKey } from './sameness';

export { samenessKey };

/** Request shapes, one schema each, shared by the API and the web forms. */

export const LIMITS = {
  title: 255,
  option: 255,
  /** One answer of an open-text poll: a word or a short phrase, drawn large in a word cloud. */
  answer: 40,
  description: 2000,
  category: 100,
  minOptions: 2,
  maxOptions: 20,
} as const;

/**
 * How many options a poll of each kind may have: a ranked poll takes a real election's 35
 * candidates. Here rather than in src/kinds because the request schemas below, which the browser's
 * form runs too, check them; each kind's `optionLimits` points here.
 */
export const OPTION_LIMITS = {
  choice: { min: LIMITS.minOptions, max: LIMITS.maxOptions },
  ranked: { min: LIMITS.minOptions, max: 50 },
  // A text poll's voters write their answers: it has no options.
  text: { min: 0, max: 0 },
} as const satisfies Record<PollKind, { min: number; max: number }>;

/** How many answers one ballot of a text poll may hold (its max_choices), when the creator gives none and at most. */
export const TEXT_MAX_CHOICES = { default: 1, max: 10 } as const;

/** No poll of any kind has more options: the bound a list of options or a ballot is cut off at. */
export const MOST_OPTIONS = Math.max(...Object.values(OPTION_LIMITS).map((limits) => limits.max));

/** Why a poll of `kind` cannot have `count` options, or undefined when it can. */
export function optionCountProblem(kind: PollKind, count: number): string | undefined {
  const { min, max } = OPTION_LIMITS[kind];
  if (max === 0) return count > 0 ? `a ${kind} poll takes no options: its voters write their answers` : undefined;
  const poll = kind === 'choice' ? 'a poll' : `a ${kind} poll`;
  if (count < min) return `${poll} needs at least ${min} options`;
  if (count > max) return `${poll} can have at most ${max} options`;
  return undefined;
}

// Cc is exactly C0, DEL and C1. PostgreSQL refuses NUL in text (a 500 if it gets that far), and
// the rest are terminal and log escapes, never part of what a person means to write.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAK_OR_TAB = /[^\P{Cc}\n\t]/u;
// A lone UTF-16 surrogate (JSON can spell one as "\ud800") has no UTF-8 encoding, so the database
// refuses it. The regex rather than isWellFormed() because the web form runs this schema too, and
// some browsers still in use lack that method.
const LONE_SURROGATE = /\p{Cs}/u;

/** True when the text has at least one character a reader can see. */
function hasVisible(value: string): boolean {
  return value.replace(INVISIBLE, '').trim() !== '';
}

/**
 * A text field that the database can store and a reader can tell apart: control characters and
 * broken UTF-16 are refused with an issue naming the field; what is accepted is NFC (so one word
 * typed on two keyboards is stored alike) and trimmed. Invisible characters inside the text are
 * kept: ZWJ builds emoji and some scripts need ZWNJ; they only cannot make up the whole text.
 */
const safeText = (label: string, max: number, { multiline = false } = {}) =>
  z
    .string({ error: `${label} must be text` })
    // Line endings differ by platform; storing one kind keeps \r out of the text entirely.
    .overwrite((value) => (multiline ? value.replace(/\r\n/g, '\n') : value))
    .refine((value) => !(multiline ? CONTROL_BUT_LINE_BREAK_OR_TAB : CONTROL).test(value), {
      message: `${label} must not contain control characters`,
      abort: true,
    })
    .refine((value) => !LONE_SURROGATE.test(value), { message: `${label} must be valid Unicode text`, abort: true })
    .overwrite((value) => value.normalize('NFC').trim())
    .max(max, { message: `${label} must be at most ${max} characters`, abort: true });

const text = (label: string, max: number) =>
  safeText(label, max)
    .min(1, { message: `${label} is required`, abort: true })
    .refine(hasVisible, { message: `${label} must contain visible characters` });

// Characters that set the direction of the text after them: embeddings and overrides (U+202A–E),
// isolates (U+2066–9) and the marks (LRM, RLM, ALM). Within an answer they could turn around the
// answers drawn after it; answers in right-to-left scripts need none of them.
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/** One answer of an open-text poll: a title's rules, shorter, and no direction controls. */
export const answerTextSchema = safeText('each answer', LIMITS.answer)
  .refine((value) => !DIRECTION_CONTROL.test(value), {
    message: 'each answer must not contain text direction controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM)',
    abort: true,
  })
  .min(1, { message: 'each answer must not be empty', abort: true })
  .refine(hasVisible, { message: 'each answer must contain visible characters' });

/** Blank, including blank to the eye, reads as "not given". */
const optionalText = (label: string, max: number, rules: { multiline?: boolean } = {}) =>
  safeText(label, max, rules)
    .optional()
    .nullable()
    .transform((value) => (value && hasVisible(value) ? value : null));

const resultsVisibilitySchema = z.enum(RESULTS_VISIBILITIES, {
  error: `results_visibility must be one of ${RESULTS_VISIBILITIES.map((value) => `"${value}"`).join(', ')}`,
});

const listedSchema = z.boolean({ error: 'listed must be true or false' });

const futureInstant = z
  .string({ error: 'expires_at must be an ISO-8601 date and time' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'expires_at must be an ISO-8601 date and time',
  })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), { message: 'expires_at must be in the future' });

export const titleSchema = text('title', LIMITS.title);
const descriptionSchema = optionalText('description', LIMITS.description, { multiline: true });
const categorySchema = optionalText('category', LIMITS.category);
/** The options' texts; how many a poll may have depends on its kind (optionCountProblem). */
const optionListSchema = z
  .array(text('each option', LIMITS.option), { error: 'options must be a list of texts' })
  .max(
    MOST_OPTIONS,
    `a poll can have at most ${OPTION_LIMITS.choice.max} options (a ranked poll ${OPTION_LIMITS.ranked.max})`,
  )
  .superRefine((options, ctx) => {
    const seen = new Map<string, number>();
    for (const [index, option] of options.entries()) {
      const key = samenessKey(option);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
        continue;
      }
      ctx.addIssue({
        code: 'custom',
        message: `options must be different from each other (options ${first + 1} and ${index + 1} read the same)`,
      });
      return;
    }
  });
/** An edit's options: the poll's kind then checks them too (src/db/poll-writes.ts). */
const optionsSchema = optionListSchema.min(LIMITS.minOptions, `a poll needs at least ${LIMITS.minOptions} options`);

const KIND_NAMES = POLL_KINDS.map((kind) => `"${kind}"`);

export const createPollSchema = z
  .object({
    kind: z
      .enum(POLL_KINDS, { error: `kind must be ${KIND_NAMES.slice(0, -1).join(', ')} or ${KIND_NAMES.at(-1)}` })
      .default('choice'),
    title: titleSchema,
    description: descriptionSchema,
    /** Required but in a text poll, which takes none (its voters write their answers). */
    options: optionListSchema.optional(),
    category: categorySchema,
    expires_at: futureInstant.optional().nullable(),
    voter_identity: z
      .enum(['address', 'browser'], { error: 'voter_identity must be "address" or "browser"' })
      .default('address'),
    results_visibility: resultsVisibilitySchema.default('always'),
    /** Absent: the kind's default (src/kinds/), one option for a choice poll, all of them for a ranked one. */
    max_choices: z
      .number({ error: 'max_choices must be a whole number' })
      .int('max_choices must be a whole number')
      .min(1, 'max_choices must be at least 1')
      .optional(),
    listed: listedSchema.default(false),
    /** Text polls only: answers the profanity filter flags are held back from the results, not refused. */
    filter_profanity: z.boolean({ error: 'filter_profanity must be true or false' }).default(false),
  })
  .superRefine(
    (poll, ctx) => {
      const problem = createProblem(poll);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.path] });
    },
    // Also when another field (the title) is wrong, so one answer names every problem.
    {
      when: (payload) =>
        typeof payload.value === 'object' &&
        payload.value !== null &&
        !Array.isArray(payload.value) &&
        !payload.issues.some((issue) => KIND_FIELDS.has(String(issue.path?.[0]))),
    },
  )
  .transform((poll) => ({ ...poll, options: poll.options ?? [] }));
export type CreatePollInput = z.output<typeof createPollSchema>;

/** The fields a poll's kind rules on: checked together once each is valid on its own. */
const KIND_FIELDS = new Set(['kind', 'options', 'max_choices', 'filter_profanity']);

/** What a new poll's kind makes of its options, max_choices and filter_profanity, field by field. */
function createProblem(poll: {
  kind: PollKind;
  options?: string[] | undefined;
  max_choices?: number | undefined;
  filter_profanity: boolean;
}): { path: string; message: string } | undefined {
  if (poll.kind !== 'text' && poll.filter_profanity) {
    return { path: 'filter_profanity', message: 'filter_profanity is for text polls only' };
  }
  if (poll.options === undefined && poll.kind !== 'text') {
    return { path: 'options', message: 'options must be a list of texts' };
  }
  const count = poll.options?.length ?? 0;
  // Beyond every kind's most, the list's own check has said so already.
  if (count > MOST_OPTIONS) return undefined;
  const problem = optionCountProblem(poll.kind, count);
  if (problem) return { path: 'options', message: problem };
  if (poll.max_choices === undefined) return undefined;
  if (poll.kind === 'text' && poll.max_choices > TEXT_MAX_CHOICES.max) {
    return { path: 'max_choices', message: `max_choices can be at most ${TEXT_MAX_CHOICES.max} in a text poll` };
  }
  if (poll.kind !== 'text' && poll.max_choices > count) {
    return { path: 'max_choices', message: 'max_choices cannot be more than the number of options' };
  }
  return undefined;
}

/** How many answers one change may hide or show: a page of the creator's lists. */
const MODERATED_AT_ONCE = 100;

const moderatedAnswers = (field: string) =>
  z
    .array(answerTextSchema, { error: `${field} must be a list of answers` })
    .min(1, `${field} must name at least one answer`)
    .max(MODERATED_AT_ONCE, `${field} can name at most ${MODERATED_AT_ONCE} answers at once`);

/**
 * A change to a poll. Its texts (title, description, category, the whole list of options) may
 * change only while it has no ballot; the rest at any time. An absent field is left as it is; a
 * description or category of null (or blank) is removed.
 */
export const updatePollSchema = z
  .object({
    is_active: z.boolean({ error: 'is_active must be true or false' }).optional(),
    expires_at: futureInstant.nullable().optional(),
    results_visibility: resultsVisibilitySchema.optional(),
    listed: listedSchema.optional(),
    title: titleSchema.optional(),
    // Outside optional(): an absent field stays absent instead of becoming null ("remove it").
    description: descriptionSchema.optional(),
    category: categorySchema.optional(),
    options: optionsSchema.optional(),
    /** A text poll's answers to hide from its results, matched by group (src/domain/answer-groups.ts). */
    hide_answers: moderatedAnswers('hide_answers').optional(),
    /** A text poll's answers to show again, or to show although the profanity filter holds them. */
    show_answers: moderatedAnswers('show_answers').optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message:
      'send at least one of is_active, expires_at, results_visibility, listed, title, description, category, options, hide_answers, show_answers',
  });
export type UpdatePollInput = z.infer<typeof updatePollSchema>;

/** The fields of a change that are the poll's texts, editable only before its first ballot. */
export const POLL_TEXT_FIELDS = ['title', 'description', 'category', 'options'] as const;
export type PollTexts = Partial<Pick<UpdatePollInput, (typeof POLL_TEXT_FIELDS)[number]>>;

export const uuidSchema = z.uuid();

export const listPollsQuerySchema = z.object({
  page: z.coerce.number({ error: 'page must be a whole number from 1' }).int().min(1).max(100_000).default(1),
  limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 100' }).int().min(1).max(100).default(20),
  /** pagination.next_cursor of the previous page; the poll service decodes it. */
  cursor: z
    .string({ error: 'cursor must be text' })
    .max(200, 'cursor is not valid; pass pagination.next_cursor of an earlier page unchanged')
    .optional()
    .transform((value) => value || undefined),
  category: optionalText('category', LIMITS.category).transform((value) => value ?? undefined),
});

export const trendingQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 50' }).int().min(1).max(50).default(10),
});
