import type { Metadata } from 'next';
import { getTranslations } from '../../../_lib/intl.server';
import { ClientWords } from '../../../_i18n/client-words';
import { shownFromDetails } from '../../../_lib/live-counts';
import { pollOfPage } from '../../../_lib/poll-page.server';
import { answersOf } from '../../../_lib/poll-live-props';
import { qrCodeSvg } from '../../../_lib/qr-code.server';
import { siteOrigin } from '../../../_lib/request.server';
import { PresenterScreen } from './presenter-screen';
import './present.css';
import './presenter-keys.css';

/**
 * `/polls/{id}/present`: the poll on a projector. The results as anyone in the room may see them
 * (never the creator's view: the screen is public), the join address with its QR code, and how
 * many watch. With `#admin=TOKEN` (in the fragment, so it never reaches the server or its logs)
 * it can also reveal hidden results.
 */

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { poll } = await pollOfPage(params);
  const t = await getTranslations('Presenter');
  return { title: t('title', { title: poll.title }), robots: { index: false }, referrer: 'no-referrer' };
}

export default async function PresentPage({ params }: Props) {
  const details = await pollOfPage(params);
  const { poll } = details;
  const origin = await siteOrigin();
  // The short address is what people type, so the QR code carries the same one.
  const joinUrl = `${origin}/j/${poll.code}`;
  const qrSvg = await qrCodeSvg(joinUrl, 1);
  // Its own words and those of the live results; no ballot's.
  return (
    <ClientWords areas={['live', 'present']} namespaces={['Format']} kind={poll.kind} ballot={false}>
      <PresenterScreen
        pollId={poll.id}
        title={poll.title}
        kind={poll.kind}
        options={answersOf(details)}
        initial={shownFromDetails(details)}
        expiresAt={poll.expires_at}
        maxChoices={poll.max_choices}
        joinHost={new URL(origin).host}
        code={poll.code}
        qrSvg={qrSvg}
      />
    </ClientWords>
  );
}
