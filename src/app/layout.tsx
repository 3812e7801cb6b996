import type { Metadata, Viewport } from 'next';
import { getLocale } from 'next-intl/server';
import { getTranslations } from './_lib/intl.server';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { directionOf, isLocale, DEFAULT_LOCALE } from '../domain/locales';
import { SiteChrome } from './_components/site-chrome';
import { ClientWords } from './_i18n/client-words';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Meta');
  return { title: { default: 'pollcast', template: '%s · pollcast' }, description: t('description') };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the CSP nonce (src/server/page-security.ts) only reaches dynamic pages.
  await connection();
  const asked = await getLocale();
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>
        <ClientWords areas={['common']} namespaces={['EventLinks']}>
          <SiteChrome>{children}</SiteChrome>
        </ClientWords>
      </body>
    </html>
  );
}
