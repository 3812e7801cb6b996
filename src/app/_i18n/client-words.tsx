import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { DEFAULT_LOCALE, isLocale } from '../../domain/locales';
import { clientMessagesJson, type ClientWordsWanted } from './messages';
import { MoreWords, SiteWords } from './words-provider';

/**
 * The words the client components below may read, and no others: the root layout gives every
 * page `common`'s; a part of the site's layout or page adds its areas (and any single namespace
 * it borrows, or its poll's kind), so a poll page doesn't carry the new-poll form's words, nor a
 * choice poll's the ranking ballot's, to every voter's phone.
 */
export async function ClientWords({ children, ...wanted }: ClientWordsWanted & { children: ReactNode }) {
  const asked = await getLocale();
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  const json = await clientMessagesJson(locale, wanted);
  return wanted.areas.includes('common') ? (
    <SiteWords locale={locale} json={json}>
      {children}
    </SiteWords>
  ) : (
    <MoreWords json={json}>{children}</MoreWords>
  );
}
