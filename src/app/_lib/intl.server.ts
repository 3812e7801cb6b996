import { getLocale, getMessages, getTimeZone, type getTranslations as getLibraryTranslations } from 'next-intl/server';
import { translatorFor, type Translator } from './intl';

/**
 * next-intl's `getTranslations(namespace)` for async server components and metadata, with the
 * translator made once per process for the request's words (intl.ts).
 */
export const getTranslations = (async (namespace?: string): Promise<Translator> => {
  const [messages, locale, timeZone] = await Promise.all([getMessages(), getLocale(), getTimeZone()]);
  return translatorFor(messages, locale, timeZone, namespace);
}) as typeof getLibraryTranslations;
