import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'next-intl';
import { LANGUAGE_NAMES, type Locale } from '../../src/domain/locales';
import { ROOT } from './support';

/**
 * What a page in one language may say, for the check that no page shows words outside the message
 * files: every word of that language's messages, the words `Intl` writes for it (months, days,
 * units of time, "and" in lists), the switcher's language names and the brand. And a translator
 * over the same messages, so tests find controls by their words in any language.
 */

const MESSAGES = path.join(ROOT, 'messages');
/** Pages only: our server's own plain pages have their own test. */
const PAGE_AREAS = fs.readdirSync(MESSAGES).filter((area) => area !== 'server');

type Tree = { [key: string]: string | Tree };

function messagesOf(locale: Locale): Tree {
  const all: Tree = {};
  for (const area of PAGE_AREAS) {
    const file = path.join(MESSAGES, area, `${locale}.json`);
    if (fs.existsSync(file)) Object.assign(all, JSON.parse(fs.readFileSync(file, 'utf8')) as Tree);
  }
  return all;
}

/** `t('Chrome.newPoll')` in one language, formatted as the pages format it. */
export function translator(locale: Locale) {
  return createTranslator({ locale, messages: messagesOf(locale) });
}

function literals(elements: MessageFormatElement[], out: string[]): string[] {
  for (const element of elements) {
    if (element.type === TYPE.literal) out.push(element.value);
    if (element.type === TYPE.tag) literals(element.children, out);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) literals(option.value, out);
    }
  }
  return out;
}

function strings(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : strings(value)));
}

/** Words: runs of letters (and their marks), lower-cased for the language. */
export function wordsOf(text: string, locale: Locale): string[] {
  return (text.match(/[\p{L}\p{M}]+/gu) ?? []).map((word) => word.toLocaleLowerCase(locale));
}

function intlWords(locale: Locale): string[] {
  const texts: string[] = [];
  for (let month = 0; month < 12; month += 1) {
    const date = new Date(Date.UTC(2026, month, 15, 12));
    for (const style of ['long', 'short', 'narrow'] as const) {
      texts.push(new Intl.DateTimeFormat(locale, { month: style, weekday: style, timeZone: 'UTC' }).format(date));
    }
    for (const hour of [4, 16]) {
      const time = new Date(Date.UTC(2026, month, 15, hour));
      texts.push(
        new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' }).format(time),
      );
      texts.push(
        new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(time),
      );
    }
  }
  const units = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;
  for (const unit of units) {
    for (const value of [-2, -1, 0, 1, 2, 3, 11, 100]) {
      for (const style of ['long', 'short', 'narrow'] as const) {
        texts.push(new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style }).format(value, unit));
      }
      for (const unitDisplay of ['long', 'short', 'narrow'] as const) {
        texts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay }).format(value));
      }
    }
  }
  for (const type of ['conjunction', 'disjunction'] as const)
    texts.push(new Intl.ListFormat(locale, { type }).format(['1', '2', '3']));
  texts.push(new Intl.NumberFormat(locale, { style: 'percent' }).format(0.5), 'UTC');
  return texts;
}

export function vocabularyOf(locale: Locale): Set<string> {
  const texts = [
    ...strings(messagesOf(locale)).flatMap((message) => literals(parse(message), [])),
    ...intlWords(locale),
    ...Object.values(LANGUAGE_NAMES),
    'pollcast',
  ];
  return new Set(texts.flatMap((text) => wordsOf(text, locale)));
}
