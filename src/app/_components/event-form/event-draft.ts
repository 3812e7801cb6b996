import type { PollKind } from '../../../domain/polls';

/**
 * An event as its creator builds it: a title and questions in order, each a poll's title, kind
 * and options. Pure functions the form calls; problems are message keys, said by the form.
 */

export type QuestionDraft = { key: number; title: string; kind: PollKind; options: string[] };
export type EventDraft = { title: string; questions: QuestionDraft[] };
export type DraftProblem = { key: 'noTitle' } | { key: 'noQuestionTitle' | 'fewOptions'; number: number };

let nextKey = 0;
export function newQuestion(): QuestionDraft {
  nextKey++;
  return { key: nextKey, title: '', kind: 'choice', options: ['', ''] };
}

/** The list with question `index` moved one place up (-1) or down (+1). */
export function moved<T>(list: T[], index: number, step: -1 | 1): T[] {
  const to = index + step;
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[to]] = [copy[to]!, copy[index]!];
  return copy;
}

/** What is missing before the event can be sent; the API checks the rest (and says which question). */
export function problemOf(draft: EventDraft): DraftProblem | undefined {
  if (!draft.title.trim()) return { key: 'noTitle' };
  for (const [index, question] of draft.questions.entries()) {
    if (!question.title.trim()) return { key: 'noQuestionTitle', number: index + 1 };
    if (question.kind !== 'text' && question.options.filter((o) => o.trim()).length < 2) {
      return { key: 'fewOptions', number: index + 1 };
    }
  }
  return undefined;
}

/** One question as a new poll's body: empty options left out, none for an open-text question. */
export function questionRequestOf({ title, kind, options }: QuestionDraft) {
  return {
    title: title.trim(),
    kind,
    ...(kind === 'text' ? {} : { options: options.map((o) => o.trim()).filter(Boolean) }),
  };
}

/** The body of `POST /api/events`. */
export function requestOf(draft: EventDraft) {
  return { title: draft.title.trim(), questions: draft.questions.map(questionRequestOf) };
}

/** Which question (from 1) an API refusal points at, from `details.issues[0].path` like `questions.2.options`. */
export function questionOfIssue(answer: unknown): number | undefined {
  const path = (answer as { error?: { details?: { issues?: { path?: unknown }[] } } }).error?.details?.issues?.[0]
    ?.path;
  const match = typeof path === 'string' ? /^questions\.(\d+)/.exec(path) : null;
  return match ? Number(match[1]) + 1 : undefined;
}
