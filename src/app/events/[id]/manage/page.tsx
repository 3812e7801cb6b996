import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from '../../../_lib/intl.server';
import { EventManage } from '../../../_components/event-manage/event-manage';
import { eventOfPage } from '../../../_lib/event-page.server';
import '../../events.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('EventManage');
  return { title: t('pageTitle'), robots: { index: false }, referrer: 'no-referrer' };
}

/** `/events/{id}/manage#token=…`: the creator's view of an event (the token stays in the fragment). */
export default async function ManageEventPage({ params }: { params: Promise<{ id: string }> }) {
  const details = await eventOfPage(params);
  const t = await getTranslations('EventManage');
  return (
    <article>
      <header className="poll-header">
        <p className="hint">{t('managing')}</p>
        <h1 dir="auto">{details.event.title}</h1>
        <p>
          <Link href={`/events/${details.event.id}`}>{t('audiencePage')}</Link>
        </p>
      </header>
      <EventManage initial={details} />
    </article>
  );
}
