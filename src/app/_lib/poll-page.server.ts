import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { PollDetails } from '../../polls/poll-details';
import { pageServices } from './page-services.server';
import { currentVoter, errorCodeOf } from './request.server';

/** How the pages of one poll (`/polls/{id}`, its manage and presenter pages, `/embed/{id}`) read it. Server-only. */

/** The poll as the voter sees it; an unknown or malformed id renders the 404 page. */
async function pollDetailsOr404(id: string): Promise<PollDetails> {
  try {
    return await pageServices().polls.details(id, await currentVoter());
  } catch (error) {
    if (errorCodeOf(error) === 'not_found') notFound();
    throw error;
  }
}

/** Read once per request: a page and its metadata ask for the same poll. */
const pollOfRequest = cache(pollDetailsOr404);

/** The poll of a page whose route has an `[id]`, read once per request; the 404 page when there is none. */
export async function pollOfPage(params: Promise<{ id: string }>): Promise<PollDetails> {
  return pollOfRequest((await params).id);
}
