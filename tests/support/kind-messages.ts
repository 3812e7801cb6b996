import { createTranslator, NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Locale } from '../../src/domain/locales';
import ar from '../../messages/kinds/ar.json';
import de from '../../messages/kinds/de.json';
import en from '../../messages/kinds/en.json';
import es from '../../messages/kinds/es.json';
import fr from '../../messages/kinds/fr.json';

/**
 * The ballot kinds' words (messages/kinds) for their components' unit tests: a component rendered
 * as the server sends it in one language, and a translator to word what a pure function returns.
 */

const KIND_MESSAGES: Record<Locale, typeof en> = { en, de, es, fr, ar };

/** The markup of `element` as the server renders it in `locale` (English unless told). */
export function markupIn(element: ReactElement, locale: Locale = 'en'): string {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      messages: KIND_MESSAGES[locale],
      timeZone: 'UTC',
      children: element,
    }),
  );
}

/** The words of one namespace of messages/kinds in `locale`, as a component's `useTranslations` gives them. */
export function kindWords(namespace: keyof typeof en, locale: Locale = 'en') {
  return createTranslator({ locale, messages: KIND_MESSAGES[locale], namespace });
}
