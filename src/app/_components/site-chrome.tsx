'use client';

import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { useTranslations } from '../_lib/intl';
import type { ReactNode } from 'react';
import { LanguageSwitch } from './language-switch';

/**
 * The skip link, header, main landmark and footer around every page, except the embed: it lives
 * in a frame on another site and brings its own compact main (src/app/embed).
 */
export function SiteChrome({ children }: { children: ReactNode }) {
  const segment = useSelectedLayoutSegment();
  const t = useTranslations('Chrome');
  const events = useTranslations('EventLinks');
  if (segment === 'embed') return children;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="site-header">
        <div className="wrap site-header-row">
          <Link href="/" className="brand">
            pollcast
          </Link>
          <nav aria-label={t('mainNav')} className="site-header-links">
            <Link href="/events/new" className="button button-quiet button-small">
              {events('newEvent')}
            </Link>
            <Link href="/polls/new" className="button button-small">
              {t('newPoll')}
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" className="wrap" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer wrap">
        <p>{t('tagline')}</p>
        <nav aria-label={t('aboutNav')}>
          <Link href="/docs/api">{t('apiReference')}</Link>
        </nav>
        <LanguageSwitch />
      </footer>
    </>
  );
}
