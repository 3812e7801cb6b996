import { useLocale } from 'next-intl';
import { use, type ReactNode } from 'react';
import { DEFAULT_LOCALE, isLocale } from '../../domain/locales';
import { clientMessagesJson, type ClientWordsWanted } from './messages';
import { MoreWords, SiteWords } from './words-provider';

/**
 * The words the client components below may read, and no others: the root layout gives every
 * page `common`'s; a part of the site's layout or page adds its areas (and any single namespace
 * it borrows, or its poll's kind), so a poll page doesn't carry the new-poll form's words, nor a
 * choice poll's the ranking ballot's, to every voter's phone.
 */
export function ClientWords({ children, ...wanted }: ClientWordsWanted & { children: ReactNode }) {
  const asked = useLocale();
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  const built = clientMessagesJson(locale, wanted);
  // Waits only on a process's first view of this page in this language (and stays the last hook
  // here, so skipping it never shifts the ones before it when React renders this again).
  const { id, json } = built instanceof Promise ? use(built) : built;
  return wanted.areas.includes('common') ? (
    <SiteWords locale={locale} id={id} json={json}>
      {children}
    </SiteWords>
  ) : (
    <MoreWords id={id} json={json}>
      {children}
    </MoreWords>
  );
}
