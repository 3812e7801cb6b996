import type { Metadata } from 'next';
import { getTranslations } from '../../_lib/intl.server';
import { EventAudience } from '../../_components/event-live/event-audience';
import { positionOfDetails } from '../../_components/event-live/event-position';
import { currentQuestionOf, eventOfPage } from '../../_lib/event-page.server';
import { voteFromEventPage } from './actions';
import '../events.css';

/**
 * `/events/{id}`, where `/j/CODE` of an event leads: the question the presenter shows now, and
 * the next ones as the presenter moves, without a reload or a second code. A vote sent without
 * JavaScript comes back here (actions.ts) with its outcome and the question it was about
 * (`?vote=…&question=…`), shown only while that question is still the one shown.
 */

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { event } = await eventOfPage(params);
  const t = await getTranslations('EventAudience');
  return { title: event.title, description: t('description') };
}

export default async function EventPage({ params, searchParams }: Props) {
  const query = await searchParams;
  const details = await eventOfPage(params);
  const question = await currentQuestionOf(details, 'voter');
  const votedHere = question !== null && query.question === question.poll.id;
  return (
    <article>
      <header className="poll-header">
        <p className="event-title" dir="auto">
          {details.event.title}
        </p>
      </header>
      <EventAudience
        eventId={details.event.id}
        initial={positionOfDetails(details)}
        question={question}
        voteQuery={votedHere ? query : {}}
        voteAction={voteFromEventPage.bind(null, details.event.id)}
      />
    </article>
  );
}
