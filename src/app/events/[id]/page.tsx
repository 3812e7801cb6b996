import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EventAudience } from '../../_components/event-live/event-audience';
import { positionOfDetails } from '../../_components/event-live/event-position';
import { currentQuestionOf, eventOfPage } from '../../_lib/event-page.server';
import { voteWithoutScript } from '../../polls/[id]/actions';
import '../events.css';

/**
 * `/events/{id}`, where `/j/CODE` of an event leads: the question the presenter shows now, and
 * the next ones as the presenter moves, without a reload or a second code.
 */

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { event } = await eventOfPage(params);
  const t = await getTranslations('EventAudience');
  return { title: event.title, description: t('description') };
}

export default async function EventPage({ params }: Props) {
  const details = await eventOfPage(params);
  const question = await currentQuestionOf(details, 'voter');
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
        voteAction={voteWithoutScript}
      />
    </article>
  );
}
