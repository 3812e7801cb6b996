'use server';

import { redirect } from 'next/navigation';
import { canonicalId } from '../../../domain/ids';
import { voteFromForm } from '../../_lib/form-vote.server';
import { pageServices } from '../../_lib/page-services.server';

/**
 * The event audience page's no-JavaScript vote (bound to its event's id): the poll page's vote,
 * then back to the event's page, where the phone follows the presenter, with the outcome and the
 * question it is about. The bound id comes back from the browser, so it is only trusted as far as
 * it names an event that holds this poll; the address is built here from the stored id, never
 * taken from the form, so it can only ever be `/events/{id}` (no open redirect). Anything else
 * lands on the poll's own page, as that page's form does.
 */
export async function voteFromEventPage(eventId: unknown, formData: FormData): Promise<void> {
  const { pollId, outcome } = await voteFromForm(formData);
  const back = await eventHolding(eventId, pollId);
  if (back) {
    outcome.set('question', back.question);
    redirect(`/events/${back.id}?${outcome}`);
  }
  redirect(`/polls/${encodeURIComponent(pollId)}?${outcome}`);
}

/** The event `eventId` names and the question `pollId` names, both as stored, if the event holds that question. */
async function eventHolding(eventId: unknown, pollId: string): Promise<{ id: string; question: string } | undefined> {
  const id = canonicalId(eventId);
  const question = canonicalId(pollId);
  if (!id || !question) return undefined;
  try {
    const { event, questions } = await pageServices().events.details(id);
    return questions.some((q) => q.id === question) ? { id: event.id, question } : undefined;
  } catch {
    // No such event (or it cannot be read now): the poll's own page still shows the outcome.
    return undefined;
  }
}
