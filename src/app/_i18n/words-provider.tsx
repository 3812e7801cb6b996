'use client';

import { NextIntlClientProvider, useLocale, useMessages, type AbstractIntlMessages } from 'next-intl';
import type { ReactNode } from 'react';

/**
 * The client side of ClientWords (client-words.tsx): the words arrive as one JSON string, parsed
 * once per string (on the server, once per process for each language and page; in the browser,
 * once per page), and a nested part's words join those of the layouts around it.
 */

const parsed = new Map<string, AbstractIntlMessages>();
const joined = new WeakMap<AbstractIntlMessages, Map<string, AbstractIntlMessages>>();

function messagesOf(json: string): AbstractIntlMessages {
  let messages = parsed.get(json);
  if (!messages) {
    messages = JSON.parse(json) as AbstractIntlMessages;
    parsed.set(json, messages);
  }
  return messages;
}

function joinedWith(outer: AbstractIntlMessages, json: string): AbstractIntlMessages {
  let byJson = joined.get(outer);
  if (!byJson) {
    byJson = new Map();
    joined.set(outer, byJson);
  }
  let messages = byJson.get(json);
  if (!messages) {
    messages = { ...outer, ...messagesOf(json) };
    byJson.set(json, messages);
  }
  return messages;
}

/** The root layout's: the words of every page. The server formats dates in UTC (docs/TRANSLATING.md). */
export function SiteWords({ locale, json, children }: { locale: string; json: string; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={messagesOf(json)}>
      {children}
    </NextIntlClientProvider>
  );
}

/** A part of the site's: its words added to those around it. */
export function MoreWords({ json, children }: { json: string; children: ReactNode }) {
  const outer = useMessages();
  return (
    <NextIntlClientProvider locale={useLocale()} timeZone="UTC" messages={joinedWith(outer, json)}>
      {children}
    </NextIntlClientProvider>
  );
}
