'use client';

import { NextIntlClientProvider, useLocale, useMessages, type AbstractIntlMessages } from 'next-intl';
import type { ReactNode } from 'react';

/**
 * The client side of ClientWords (client-words.tsx): the words arrive as one JSON string, parsed
 * once per string (on the server, once per process for each language and page; in the browser,
 * once per page), and a nested part's words join those of the layouts around it. They are found
 * again by their short `id`: a view's JSON is a new string each time, and hashing kilobytes of it
 * on every view to look it up would cost more than the lookup.
 */

const parsed = new Map<string, AbstractIntlMessages>();
const joined = new WeakMap<AbstractIntlMessages, Map<string, AbstractIntlMessages>>();

type Words = { id: string; json: string };

function messagesOf({ id, json }: Words): AbstractIntlMessages {
  let messages = parsed.get(id);
  if (!messages) {
    messages = JSON.parse(json) as AbstractIntlMessages;
    parsed.set(id, messages);
  }
  return messages;
}

function joinedWith(outer: AbstractIntlMessages, words: Words): AbstractIntlMessages {
  let byId = joined.get(outer);
  if (!byId) {
    byId = new Map();
    joined.set(outer, byId);
  }
  let messages = byId.get(words.id);
  if (!messages) {
    messages = { ...outer, ...messagesOf(words) };
    byId.set(words.id, messages);
  }
  return messages;
}

/** The root layout's: the words of every page. The server formats dates in UTC (docs/TRANSLATING.md). */
export function SiteWords({ locale, children, ...words }: Words & { locale: string; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={messagesOf(words)}>
      {children}
    </NextIntlClientProvider>
  );
}

/** A part of the site's: its words added to those around it. */
export function MoreWords({ children, ...words }: Words & { children: ReactNode }) {
  const outer = useMessages();
  return (
    <NextIntlClientProvider locale={useLocale()} timeZone="UTC" messages={joinedWith(outer, words)}>
      {children}
    </NextIntlClientProvider>
  );
}
