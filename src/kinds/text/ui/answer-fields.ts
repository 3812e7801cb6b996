import { answerGroupKey, TEXT_ANSWER_LIMITS } from '../../../domain/answer-groups';
import { answerTextSchema } from '../../../domain/schemas';

/**
 * The fields of an open-text ballot: one `answer` field per answer the poll takes, the same name
 * repeated, so a form posts them without JavaScript and one form action reads them; and the
 * checks the ballot makes before sending, with the API's own rules, each problem said at its field.
 */

export const ANSWER_FIELD = 'answer';

/** The answers a form posted, in field order, blanks skipped: a voter may fill fewer fields than the poll takes. */
export function readAnswerFields(form: FormData): string[] {
  return form.getAll(ANSWER_FIELD).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
}

/** How long one answer may be, in the units a text field's maxLength and the API's check count (UTF-16). */
export const ANSWER_LENGTH = TEXT_ANSWER_LIMITS.length;

/** The text rules (src/domain/schemas.ts) an answer can break, each with its message (AnswerBallot, messages/kinds). */
type TextRule = 'directionControls' | 'controlCharacters' | 'brokenText' | 'invisible' | 'unreadable';

/**
 * What is wrong at one field, as a message of the `AnswerBallot` namespace and its values: a text
 * rule broken, too long, or reading the same as an earlier answer (`first`, counted from 1).
 */
export type AnswerProblem = { rule: TextRule } | { rule: 'tooLong'; max: number } | { rule: 'same'; first: number };

/** What the checks found: the answers to send, or a problem per field (null where it is fine) and whether all are blank. */
export type AnswerCheck =
  { ok: true; answers: string[] } | { ok: false; fields: (AnswerProblem | null)[]; allBlank: boolean };

/**
 * The rule behind each issue the answer schema raises, by the words of its message: the schema's
 * messages are the API's (English, for clients), the ballot says each in the page's language. An
 * issue none of these names is `unreadable`; answer-fields.test.ts breaks every rule.
 */
const RULE_OF_MESSAGE: readonly [RegExp, TextRule][] = [
  [/direction controls/, 'directionControls'],
  [/control characters/, 'controlCharacters'],
  [/valid Unicode/, 'brokenText'],
  [/visible characters/, 'invisible'],
];

function problemOf(issue: { code: string; message: string; maximum?: unknown } | undefined): AnswerProblem {
  if (issue?.code === 'too_big') return { rule: 'tooLong', max: Number(issue.maximum) };
  const rule = RULE_OF_MESSAGE.find(([said]) => said.test(issue?.message ?? ''))?.[1];
  return { rule: rule ?? 'unreadable' };
}

/**
 * Checks a ballot's fields as the API will: blank fields are left out, each answer keeps the text
 * rules, and no two answers read the same once grouped (the second names the first).
 */
export function checkAnswers(values: readonly string[]): AnswerCheck {
  const fields: (AnswerProblem | null)[] = values.map(() => null);
  const answers: string[] = [];
  const firstOfGroup = new Map<string, number>();
  values.forEach((value, index) => {
    if (value.trim() === '') return;
    const parsed = answerTextSchema.safeParse(value);
    if (!parsed.success) {
      fields[index] = problemOf(parsed.error.issues[0]);
      return;
    }
    const key = answerGroupKey(parsed.data);
    const first = firstOfGroup.get(key);
    if (first !== undefined) fields[index] = { rule: 'same', first: first + 1 };
    else firstOfGroup.set(key, index);
    answers.push(parsed.data);
  });
  const allBlank = values.every((value) => value.trim() === '');
  if (!allBlank && fields.every((problem) => problem === null)) return { ok: true, answers };
  return { ok: false, fields, allBlank };
}
