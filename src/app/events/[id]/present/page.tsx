import type { Metadata } from 'next';
import { getTranslations } from '../../../_lib/intl.server';
import { positionOfDetails } from '../../../_components/event-live/event-position';
import { currentQuestionOf, eventOfPage } from '../../../_lib/event-page.server';
import { qrCodeSvg } from '../../../_lib/qr-code.server';
import { siteOrigin } from '../../../_lib/request.server';
import { EventPresenter } from './event-presenter';
import '../../../polls/[id]/present/present.css';
import '../../../polls/[id]/present/presenter-keys.css';
import '../../events.css';

/**
 * `/events/{id}/present`: the event on a projector. With `#admin=TOKEN` (in the fragment, so it
 * never reaches the server or its logs) the presenter moves the audience from question to question.
 * The screen is public: each question shows as a stranger in the room sees it.
 */

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { event } = await eventOfPage(params);
  const t = await getTranslations('EventPresenter');
  return { title: t('pageTitle', { title: event.title }), robots: { index: false }, referrer: 'no-referrer' };
}

export default async function EventPresentPage({ params }: Props) {
  const details = await eventOfPage(params);
  const origin = await siteOrigin();
  // The short address is what people type, so the QR code carries the same one.
  const joinUrl = `${origin}/j/${details.event.code}`;
  const qrSvg = await qrCodeSvg(joinUrl, 1);
  return (
    <EventPresenter
      eventId={details.event.id}
      title={details.event.title}
      initial={positionOfDetails(details)}
      question={await currentQuestionOf(details, 'stranger')}
      joinHost={new URL(origin).host}
      code={details.event.code}
      qrSvg={qrSvg}
    />
  );
}
