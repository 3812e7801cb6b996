import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { DEFAULT_LOCALE, isLocale } from '../../domain/locales';
import { clientMessagesOf, type Area } from './messages';

/**
 * The words the client components below may read, and no others: a part of the site's layout
 * names its areas (and any single namespace it borrows), so a poll page doesn't carry the new-poll
 * form's words to every voter's phone.
 */
export async function ClientWords({
  areas,
  namespaces,
  children,
}: {
  areas: readonly Area[];
  namespaces?: readonly string[];
  children: ReactNode;
}) {
  const asked = await getLocale();
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={await clientMessagesOf(locale, areas, namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
