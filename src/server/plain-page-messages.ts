import { createTranslator } from 'use-intl/core';
import type { Locale } from '../domain/locales';
import ar from '../../messages/server/ar.json' with { type: 'json' };
import de from '../../messages/server/de.json' with { type: 'json' };
import en from '../../messages/server/en.json' with { type: 'json' };
import es from '../../messages/server/es.json' with { type: 'json' };
import fr from '../../messages/server/fr.json' with { type: 'json' };

/**
 * The words of the pages our server answers itself (plain-page.ts), in messages/server/
 * (docs/TRANSLATING.md). Next never bundles this code, so the messages are read as JSON and
 * parsed here, not precompiled like the pages' own; each language must have English's keys.
 */

type Messages = typeof en;

const MESSAGES: Readonly<Record<Locale, Messages>> = { en, de, es, fr, ar };

export function plainPageWords<Namespace extends keyof Messages>(locale: Locale, namespace: Namespace) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace });
}
