'use client';

import { NextIntlClientProvider, useLocale, useMessages, type AbstractIntlMessages } from 'next-intl';
import { use, type ReactNode } from 'react';
import { keptWords } from '../_lib/words-registry';

/**
 * The client side of ClientWords (client-words.tsx). A part's words come by the address of their
 * file: on the server from this process (`_lib/words-registry.ts`), in the browser fetched once
 * per page load (the page's head asked for the file already; the browser keeps it), and parsed
 * once per address on either side. Until they arrive the part waits and the server's HTML stays
 * as it is, working as it does without scripts. A nested part's words join those around it.
 */

type Words = { href: string };

const parsed = new Map<string, AbstractIntlMessages>();
const fetching = new Map<string, Promise<void>>();
const joined = new WeakMap<AbstractIntlMessages, Map<string, AbstractIntlMessages>>();

/** Tries over about three minutes, then the page stays as the server sent it (it works without scripts). */
const ATTEMPTS = 10;

async function fetchWords(href: string): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`the page's words answered ${response.status}`);
      parsed.set(href, (await response.json()) as AbstractIntlMessages);
      return;
    } catch (error) {
      console.warn(`pollcast: fetching the page's words (attempt ${attempt} of ${ATTEMPTS}):`, error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** (attempt - 1), 30_000)));
    }
  }
  await new Promise<never>(() => {});
}

function useWords({ href }: Words): AbstractIntlMessages {
  const known = parsed.get(href);
  if (known) return known;
  if (typeof window === 'undefined') {
    const json = keptWords(href);
    if (json === undefined) throw new Error(`no words kept for ${href}: ClientWords renders them first`);
    const messages = JSON.parse(json) as AbstractIntlMessages;
    parsed.set(href, messages);
    return messages;
  }
  let arriving = fetching.get(href);
  if (!arriving) {
    arriving = fetchWords(href);
    fetching.set(href, arriving);
  }
  use(arriving);
  return parsed.get(href)!;
}

function joinedWith(outer: AbstractIntlMessages, href: string, words: AbstractIntlMessages): AbstractIntlMessages {
  let byHref = joined.get(outer);
  if (!byHref) {
    byHref = new Map();
    joined.set(outer, byHref);
  }
  let messages = byHref.get(href);
  if (!messages) {
    messages = { ...outer, ...words };
    byHref.set(href, messages);
  }
  return messages;
}

/** The root layout's: the words of every page. The server formats dates in UTC (docs/TRANSLATING.md). */
export function SiteWords({ locale, children, ...words }: Words & { locale: string; children: ReactNode }) {
  const messages = useWords(words);
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}

/** A part of the site's: its words added to those around it. */
export function MoreWords({ children, ...words }: Words & { children: ReactNode }) {
  const outer = useMessages();
  const locale = useLocale();
  const messages = joinedWith(outer, words.href, useWords(words));
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}
