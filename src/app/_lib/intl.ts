import {
  createFormatter,
  createTranslator,
  useLocale,
  useMessages,
  useTimeZone,
  type AbstractIntlMessages,
  type useFormatter as useLibraryFormatter,
  type useTranslations as useLibraryTranslations,
} from 'next-intl';

/**
 * Translators and formatters made once per process, not once per component and view
 * (docs/TRANSLATING.md).
 *
 * next-intl's `useTranslations` and `getTranslations` make a new translator for every component
 * that asks, on every render, and it looks each key up again and formats the message again on
 * every call, even a message without arguments. A page's messages are one object for the whole
 * process (messages.ts on the server, words-provider.tsx below a page's words), so a translator
 * made for that object, language and namespace serves every later render: `useTranslations` here
 * hands back the one made before, and it keeps what each call read (decision 0019).
 * Formatting is still next-intl's own (`createTranslator`); only the repeating is gone. So with
 * `useFormatter`: one formatter per language and time zone.
 */

export type Translator = ReturnType<typeof useLibraryTranslations>;

/** By messages, then language, time zone and namespace: asked for on every render, so no key is built. */
const made = new WeakMap<
  AbstractIntlMessages,
  Map<string, Map<string | undefined, Map<string | undefined, Translator>>>
>();

/** The map under `key` in `maps`, empty the first time. */
function inner<Key, Value>(maps: Map<Key, Map<string | undefined, Value>>, key: Key): Map<string | undefined, Value> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}

/** The one translator for these messages, language, time zone and namespace. */
export function translatorFor(
  messages: AbstractIntlMessages,
  locale: string,
  timeZone: string | undefined,
  namespace: string | undefined,
): Translator {
  let byLocale = made.get(messages);
  if (!byLocale) {
    byLocale = new Map();
    made.set(messages, byLocale);
  }
  const byNamespace = inner(inner(byLocale, locale), timeZone);
  let translator = byNamespace.get(namespace);
  if (!translator) {
    translator = remembering(
      createTranslator({ locale, messages, namespace, timeZone }) as Translator,
      namespace === undefined ? messages : resolved(messages, namespace),
    );
    byNamespace.set(namespace, translator);
  }
  return translator;
}

/** The message or messages at a dotted path, if any. */
function resolved(messages: unknown, path: string): unknown {
  let at = messages;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** How many readings one translator keeps before it starts again: live counts make new ones. */
const KEPT_READINGS = 1000;

/** A number for each function passed as an argument (rich text's tags), for `callKey`. */
const functionIds = new WeakMap<object, number>();
let functionsSeen = 0;

function functionId(fn: object): number {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = ++functionsSeen;
    functionIds.set(fn, id);
  }
  return id;
}

/**
 * The same call as a key: the message's key and each argument's name and value, a function by
 * its identity (the same function makes the same tags); none when an argument is anything else
 * (a date, an element), text holding the separator, or formats.
 */
function callKey(key: string, values: unknown, formats: unknown): string | undefined {
  if (formats !== undefined) return undefined;
  let called = key;
  if (values === undefined) return called;
  if (typeof values !== 'object' || values === null) return undefined;
  for (const name in values) {
    const value = (values as Record<string, unknown>)[name];
    // A number and its digits as text read the same in every message (`{n}`, plural, number).
    // Text holding the separator is not kept: two calls could otherwise make the same key.
    if (typeof value === 'number' || (typeof value === 'string' && !value.includes('\u0000')))
      called += `\u0000${name}\u0000${value}`;
    else if (typeof value === 'function') called += `\u0000${name}\u0001${functionId(value)}`;
    else return undefined;
  }
  return called;
}

type Read<Result> = (key: string, values?: unknown, formats?: unknown) => Result;

/**
 * `read`, keeping what it read for each call `callKey` can name: a message and its arguments read
 * the same every time in one language, so a repeated call is looked up and formatted once. What
 * rich text reads is React elements, which React never changes, so one serves every render. Other
 * calls and keys with no message go to `read` every time, as do its errors.
 */
function kept<Result>(read: Read<Result>, namespaceMessages: unknown): Read<Result> {
  const readings = new Map<string, Result>();
  return (key, values, formats) => {
    const called = callKey(key, values, formats);
    if (called === undefined) return read(key, values, formats);
    if (readings.has(called)) return readings.get(called)!;
    const reading = read(key, values, formats);
    if (resolved(namespaceMessages, key) !== undefined) {
      if (readings.size >= KEPT_READINGS) readings.clear();
      readings.set(called, reading);
    }
    return reading;
  };
}

/** `translate` with its plain and rich readings kept (`kept`); markup and the rest as they are. */
function remembering(translate: Translator, namespaceMessages: unknown): Translator {
  return Object.assign(kept(translate as Read<string>, namespaceMessages), {
    rich: kept(translate.rich as Read<unknown>, namespaceMessages),
    markup: translate.markup,
    raw: translate.raw,
    has: translate.has,
  }) as unknown as Translator;
}

/**
 * next-intl's `useTranslations`, in server and client components alike, but the translator is
 * the one made before for the same words (above) instead of a new one per render.
 */
export const useTranslations = ((namespace?: string): Translator =>
  translatorFor(useMessages(), useLocale(), useTimeZone(), namespace)) as typeof useLibraryTranslations;

type Formatter = ReturnType<typeof useLibraryFormatter>;

const formatters = new Map<string, Formatter>();

/**
 * next-intl's `useFormatter`, the one formatter made before for this language and time zone. Our
 * pages set no `now`: a relative time is given its `now` where it is formatted (poll-card.tsx).
 */
export const useFormatter = (): Formatter => {
  const locale = useLocale();
  const timeZone = useTimeZone();
  const name = `${locale}\u0000${timeZone ?? ''}`;
  let formatter = formatters.get(name);
  if (!formatter) {
    formatter = createFormatter({ locale, timeZone });
    formatters.set(name, formatter);
  }
  return formatter;
};
