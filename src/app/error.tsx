'use client';

import Link from 'next/link';
import { useTranslations } from './_lib/intl';

/** Shown when a page fails to render, most often because the database cannot be reached. */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('PageError');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('text')}</p>
      <p className="row">
        <button type="button" onClick={reset}>
          {t('tryAgain')}
        </button>
        <Link href="/" className="button button-quiet">
          {t('home')}
        </Link>
      </p>
    </>
  );
}
