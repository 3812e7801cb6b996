import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { EventDetails } from '../../domain/events';
import type { PollDetails } from '../../polls/poll-details';
import { pageServices } from './page-services.server';
import { currentVoter, errorCodeOf } from './request.server';

/** How the pages of one event (`/events/{id}`, its presenter and manage pages) read it. Server-only. */

async function eventDetailsOr404(id: string): Promise<EventDetails> {
  try {
    return await pageServices().events.details(id);
  } catch (error) {
    if (errorCodeOf(error) === 'not_found') notFound();
    throw error;
  }
}

/** Read once per request: a page and its metadata ask for the same event. */
const eventOfRequest = cache(eventDetailsOr404);

/** The event of a page whose route has an `[id]`; the 404 page when there is none. */
export async function eventOfPage(params: Promise<{ id: string }>): Promise<EventDetails> {
  return eventOfRequest((await params).id);
}

/** The question shown now, as this visitor sees it (their own ballot included), or null while waiting. */
export async function currentQuestionOf(
  { questions, current }: EventDetails,
  as: 'voter' | 'stranger',
): Promise<PollDetails | null> {
  const question = current === null ? undefined : questions[current];
  if (!question) return null;
  return pageServices().polls.details(question.id, as === 'voter' ? await currentVoter() : undefined);
}
