import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale } from '../../domain/locales';
import { LOCALE_HEADER } from '../../domain/locales';
import { messagesOf } from './messages';

/**
 * next-intl's configuration for one request (docs/TRANSLATING.md). Our server picked the language
 * (src/server/page-locale.ts) and passed it in a header; a page rendered without our server (`next
 * start`) falls back to English. Dates on the server are in UTC: it doesn't know the reader's zone.
 */
export default getRequestConfig(async () => {
  const asked = (await headers()).get(LOCALE_HEADER);
  const locale = isLocale(asked) ? asked : DEFAULT_LOCALE;
  return { locale, messages: await messagesOf(locale), timeZone: 'UTC' };
});
