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

/** What the checks found: the answers to send, or a problem per field (null where it is fine) and for the ballot. */
export type AnswerCheck =
  { ok: true; answers: string[] } | { ok: false; fields: (string | null)[]; ballot: string | null };

/** "each answer must …" as said next to one field: "This answer must …". */
function atField(message: string): string {
  const said = message.replace(/^each answer/, 'this answer');
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}.`;
}

/**
 * Checks a ballot's fields as the API will: blank fields are left out, each answer keeps the text
 * rules, and no two answers read the same once grouped (the second names the first).
 */
export function checkAnswers(values: readonly string[]): AnswerCheck {
  const fields: (string | null)[] = values.map(() => null);
  const answers: string[] = [];
  const firstOfGroup = new Map<string, number>();
  values.forEach((value, index) => {
    if (value.trim() === '') return;
    const parsed = answerTextSchema.safeParse(value);
    if (!parsed.success) {
      fields[index] = atField(parsed.error.issues[0]?.message ?? 'each answer must be text');
      return;
    }
    const key = answerGroupKey(parsed.data);
    const first = firstOfGroup.get(key);
    if (first !== undefined)
      fields[index] = `This reads the same as answer ${first + 1}: write a different answer, or leave it empty.`;
    else firstOfGroup.set(key, index);
    answers.push(parsed.data);
  });
  const ballot = values.every((value) => value.trim() === '') ? 'Write an answer first.' : null;
  if (ballot === null && fields.every((problem) => problem === null)) return { ok: true, answers };
  return { ok: false, fields, ballot };
}
