import type { Metadata } from 'next';
import { getTranslations } from '../../_lib/intl.server';
import { EventForm } from '../../_components/event-form/event-form';
import '../events.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('EventForm');
  return { title: t('pageTitle') };
}

/** `/events/new`: several questions under one join code, built in one form. */
export default async function NewEventPage() {
  const t = await getTranslations('EventForm');
  return (
    <article>
      <h1>{t('heading')}</h1>
      <p className="hint">{t('intro')}</p>
      <EventForm />
    </article>
  );
}
