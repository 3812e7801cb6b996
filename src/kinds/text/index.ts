import { answerGroupKey } from '../../domain/answer-groups';
import { AppError } from '../../domain/errors';
import { OPTION_LIMITS, TEXT_MAX_CHOICES, answerTextSchema } from '../../domain/schemas';
import type { BallotKind } from '../kind';
import { isProfane } from './profanity';

/**
 * An open-text poll: a ballot holds 1 to max_choices answers its voter wrote, different once
 * grouped (src/domain/answer-groups.ts), in no order; its results are the groups given most
 * (results.ts). It has no options.
 */
export const text: BallotKind = {
  name: 'text',
  optionLimits: OPTION_LIMITS.text,
  defaultMaxChoices: () => TEXT_MAX_CHOICES.default,
  ordered: false,
  ballotField: 'answers',
  values: 'answers',
  takes: 'send answers, a list of texts',
  ballotOf: answersOf,
  /** The same groups, each once: the same answers in another order, case or spacing are the same ballot. */
  sameBallot(a, b) {
    if (a.length !== b.length) return false;
    const keys = new Set(a.map(answerGroupKey));
    return b.every((answer) => keys.has(answerGroupKey(answer)));
  },
  earlierBallot: (answers) => ({ answers }),
  results: { from: 'answers' },
  /** `answer 1 … answer N` (N = max_choices): each answer as its voter wrote it, blank past the last. */
  exportTable(_options, maxChoices) {
    return {
      header: Array.from({ length: maxChoices }, (_, i) => `answer ${i + 1}`),
      cells: (_ballot, answers) => Array.from({ length: maxChoices }, (_, i) => answers[i] ?? ''),
    };
  },
  storedAnswers: (answers, filter) =>
    answers.map((answer) => ({ text: answer, key: answerGroupKey(answer), flagged: filter && isProfane(answer) })),
};

/**
 * The ballot's answers as the text rules keep them (NFC, trimmed), in the order given; an empty
 * ballot, an answer the rules refuse, more than `maxChoices` or two in one group is a 400 naming it.
 */
function answersOf(raw: readonly string[], maxChoices: number): string[] {
  if (raw.length === 0) throw new AppError('invalid_request', 'write at least one answer');
  if (raw.length > maxChoices) {
    const most = maxChoices === 1 ? 'one answer' : `at most ${maxChoices} answers`;
    throw new AppError('invalid_request', `this poll takes ${most} per ballot`, { max_choices: maxChoices });
  }
  const answers: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, value] of raw.entries()) {
    const parsed = answerTextSchema.safeParse(value);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'each answer must be text';
      throw new AppError('invalid_request', message, { issues: [{ path: `answers.${i}`, message }] });
    }
    const key = answerGroupKey(parsed.data);
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `answers must be different from each other (answers ${first + 1} and ${i + 1} read the same)`;
      throw new AppError('invalid_request', message, { issues: [{ path: 'answers', message }] });
    }
    seen.set(key, i);
    answers.push(parsed.data);
  }
  return answers;
}
