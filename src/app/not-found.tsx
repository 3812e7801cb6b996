'use client';

import Link from 'next/link';
import { useTranslations } from './_lib/intl';

/**
 * A page that does not exist. A client component, like every not-found page here: Next renders a
 * segment's not-found page into every page's payload, so as a server component it was rendered on
 * every view of every page, 5 to 8 % of a view of the home page, the new-poll form or the embed.
 */
export default function NotFound() {
  const t = useTranslations('NotFound');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('text')}</p>
      <p className="row">
        <Link href="/" className="button">
          {t('seeOpenPolls')}
        </Link>
        <Link href="/polls/new" className="button button-quiet">
          {t('createPoll')}
        </Link>
      </p>
    </>
  );
}
