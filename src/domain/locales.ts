/**
 * The interface languages (docs/TRANSLATING.md) and how a page picks one: the visitor's own choice
 * (`?lang=` on a page, else the switcher's cookie), else the first language of `Accept-Language`
 * we have, else English. Poll content is never translated; API messages stay English.
 */

export const LOCALES = ['en', 'de', 'es', 'fr', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie the language switcher sets: a year, for every path. */
export const LOCALE_COOKIE = 'pollcast_lang';
/** The request header our server hands the pages (any value a client sent is replaced). */
export const LOCALE_HEADER = 'x-pollcast-locale';
/**
 * The request header our server hands the pages when Next will answer with HTML, not an RSC
 * payload (a navigation's, a prefetch's, a server action's called by script): the page's words
 * then ride in the HTML once, not also in the payload inside it (src/app/_i18n/client-words.tsx).
 * Next hides its own `RSC` header from pages. Any value a client sent is replaced.
 */
export const WORDS_IN_HTML_HEADER = 'x-pollcast-words-in-html';

/** Each language in its own words, as the switcher lists it. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

/** "de-AT" and "DE" are German; anything else we lack is undefined. */
function localeOf(tag: string | undefined | null): Locale | undefined {
  const language = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return isLocale(language) ? language : undefined;
}

/**
 * The languages of an `Accept-Language` header we have, most wanted first: quality values are
 * honoured, `q=0` means "not this one", a malformed entry is skipped, order breaks ties.
 */
function acceptedLocales(header: string | undefined): Locale[] {
  if (!header) return [];
  const wanted = header
    .slice(0, 1_000)
    .split(',')
    .map((entry, index) => {
      const [tag, ...parameters] = entry.split(';');
      const q = parameters.map((p) => /^\s*q=(.*)$/.exec(p)?.[1]?.trim()).find((v) => v !== undefined);
      // An unreadable quality ("q=high") is NaN: the entry is skipped, not taken as the most wanted.
      return { locale: localeOf(tag), quality: q === undefined ? 1 : /^[0-9.]+$/.test(q) ? Number(q) : NaN, index };
    })
    .filter((entry) => entry.locale !== undefined && entry.quality > 0 && entry.quality <= 1);
  wanted.sort((a, b) => b.quality - a.quality || a.index - b.index);
  return wanted.map((entry) => entry.locale as Locale);
}

export type LocaleHints = {
  /** `?lang=` of the page's address (the embed and presenter screen take it; so does any page). */
  query?: string | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
};

export function pickLocale(hints: LocaleHints): Locale {
  return localeOf(hints.query) ?? localeOf(hints.cookie) ?? acceptedLocales(hints.acceptLanguage)[0] ?? DEFAULT_LOCALE;
}
