import { useLocale } from 'next-intl';
import { headers } from 'next/headers';
import { use, type ReactNode } from 'react';
import { DEFAULT_LOCALE, isLocale, WORDS_IN_HTML_HEADER } from '../../domain/locales';
import { keepWords } from '../_lib/words-registry';
import { clientMessagesJson, type ClientWordsWanted } from './messages';
import { MoreWords, SiteWords } from './words-provider';

/**
 * The words the client components below may read, and no others: the root layout gives every
 * page `common`'s; a part of the site's layout or page adds its areas (and any single namespace
 * it borrows, or its poll's kind), so a poll page doesn't carry the new-poll form's words, nor a
 * choice poll's the ranking ballot's, to every voter's phone.
 *
 * A page's HTML carries them once, in a data block server rendering writes (words-provider.tsx),
 * not also in the RSC payload inside it; a navigation's payload, which has no HTML, carries them,
 * as does every page rendered without our server (`next start`), which cannot tell them apart.
 */
export function ClientWords({ children, ...wanted }: ClientWordsWanted & { children: ReactNode }) {
  const asked = useLocale();
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  const html = use(headers()).get(WORDS_IN_HTML_HEADER) === '1';
  const built = clientMessagesJson(locale, wanted);
  // Waits only on a process's first view of this page in this language (and stays the last hook
  // here, so skipping it never shifts the ones before it when React renders this again).
  const { id, json } = built instanceof Promise ? use(built) : built;
  if (html) keepWords(id, json);
  const words = html ? { id } : { id, json };
  return wanted.areas.includes('common') ? (
    <SiteWords locale={locale} {...words}>
      {children}
    </SiteWords>
  ) : (
    <MoreWords {...words}>{children}</MoreWords>
  );
}
