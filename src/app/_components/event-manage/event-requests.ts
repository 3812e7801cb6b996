import type { EventDetails, EventQuestion } from '../../../domain/events';
import { rememberCreatedEvent } from '../../_client/your-polls';
import { questionRequestOf, type QuestionDraft } from '../event-form/event-draft';

/**
 * The manage view's requests, each with the admin token as a bearer token (it never travels in
 * an address): a new list of questions, the end, a copy of the event, and its exports.
 */

/** A question in the list being edited: one the event has (kept by its id) or a new one. */
export type ListItem = { kind: 'kept'; question: EventQuestion } | { kind: 'new'; draft: QuestionDraft };

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; questionId?: string };

async function call<T>(url: string, token: string | undefined, method: string, body?: unknown): Promise<Outcome<T>> {
  try {
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: answer as T };
    const details = (answer as { error?: { details?: { question_id?: unknown } } } | null)?.error?.details;
    const questionId = typeof details?.question_id === 'string' ? details.question_id : undefined;
    return { ok: false, status: response.status, ...(questionId ? { questionId } : {}) };
  } catch {
    return { ok: false, status: 0 };
  }
}

export function saveQuestions(eventId: string, token: string, items: ListItem[]) {
  const questions = items.map((item) => (item.kind === 'kept' ? item.question.id : questionRequestOf(item.draft)));
  return call<EventDetails>(`/api/events/${eventId}`, token, 'PATCH', { questions });
}

export function endEvent(eventId: string, token: string) {
  return call<EventDetails>(`/api/events/${eventId}`, token, 'PATCH', { ended: true });
}

/**
 * A new event with the same title and questions (their texts and settings), and a code and token of
 * its own; this browser remembers it under "Your polls", as one it created.
 */
export async function duplicateEvent({ event, questions }: EventDetails) {
  const body = {
    title: event.title,
    questions: questions.map((q) => ({
      title: q.title,
      kind: q.kind,
      ...(q.description ? { description: q.description } : {}),
      ...(q.kind === 'text' ? {} : { options: q.options.map((o) => o.option_text) }),
      voter_identity: q.voter_identity,
      results_visibility: q.results_visibility,
      max_choices: q.max_choices,
    })),
  };
  const outcome = await call<{ event: { id: string; code: string }; admin_token: string }>(
    '/api/events',
    undefined,
    'POST',
    body,
  );
  if (outcome.ok) rememberCreatedEvent(outcome.value);
  return outcome;
}

/** Downloads an export with the token and hands it to the browser's downloads; resolves the HTTP status (0: no answer). */
export async function downloadExport(eventId: string, token: string, format: 'csv' | 'json'): Promise<number> {
  try {
    const response = await fetch(`/api/events/${eventId}/export.${format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) return response.status;
    const blob = await response.blob();
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `event.${format}`;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return 200;
  } catch {
    return 0;
  }
}
