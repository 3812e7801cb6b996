'use client';

import { NextIntlClientProvider, useLocale, useMessages, type AbstractIntlMessages } from 'next-intl';
import { use, type ReactNode } from 'react';
import { keptWords } from '../_lib/words-registry';

/**
 * The client side of ClientWords (client-words.tsx). A part's words come one of two ways:
 *
 * - In a page's HTML (a first visit, a reload), once, as a JSON data block this component writes
 *   during server rendering (the words from this process, `_lib/words-registry.ts`) and reads
 *   back from the page while hydrating, before anything below it. The RSC payload only names them.
 * - In the RSC payload of a navigation, as a JSON string.
 * - From `/words/<name>` (src/app/words/[name]/route.ts) when the page's HTML has no block: Next
 *   answers a page that fails before its HTML is rendered (one not found) with a bare shell the
 *   browser renders from the payload alone, which only names them. The part waits for them there.
 *
 * Either way they are parsed once per name (on the server, once per process; in the browser, once
 * per page load), and a nested part's words join those of the layouts around it.
 */

type Words = { id: string; json?: string | undefined };

const parsed = new Map<string, AbstractIntlMessages>();
const joined = new WeakMap<AbstractIntlMessages, Map<string, AbstractIntlMessages>>();
/** In the browser, each data block's text as the page brought it, so rendering it again changes nothing. */
const blocks = new Map<string, string>();

const blockId = (id: string) => `words:${id}`;

/** A block's text: on the server from this process; in the browser from the page, if it has the block. */
function blockText(id: string): string | undefined {
  if (typeof window === 'undefined') {
    const json = keptWords(id);
    if (json === undefined) throw new Error(`no words kept for ${id}: ClientWords keeps them first`);
    return json;
  }
  let text = blocks.get(id);
  if (text === undefined) {
    text = document.getElementById(blockId(id))?.textContent ?? undefined;
    if (text !== undefined) blocks.set(id, text);
  }
  return text;
}

const fetching = new Map<string, Promise<string>>();

async function fetchWords(id: string): Promise<string> {
  const response = await fetch(`/words/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`the words ${id} answered ${response.status}`);
  return response.text();
}

/** The words the HTML did not bring, once per page load. */
function fetchedWords(id: string): string {
  let arriving = fetching.get(id);
  if (!arriving) {
    arriving = fetchWords(id);
    // A failed fetch is tried again when the part renders again (the error page's retry).
    arriving.catch(() => fetching.delete(id));
    fetching.set(id, arriving);
  }
  return use(arriving);
}

function messagesOf(id: string, json: string): AbstractIntlMessages {
  let messages = parsed.get(id);
  if (!messages) {
    messages = JSON.parse(json) as AbstractIntlMessages;
    parsed.set(id, messages);
  }
  return messages;
}

/** The part's words, and the data block that brings them when the page's HTML does. */
function useWords({ id, json }: Words): { messages: AbstractIntlMessages; block: ReactNode } {
  if (json !== undefined) return { messages: messagesOf(id, json), block: null };
  const text = blockText(id);
  if (text === undefined) return { messages: parsed.get(id) ?? messagesOf(id, fetchedWords(id)), block: null };
  // `<` never appears in the text (messages.ts), so it cannot end the script early.
  const block = <script type="application/json" id={blockId(id)} dangerouslySetInnerHTML={{ __html: text }} />;
  return { messages: messagesOf(id, text), block };
}

function joinedWith(outer: AbstractIntlMessages, id: string, words: AbstractIntlMessages): AbstractIntlMessages {
  let byId = joined.get(outer);
  if (!byId) {
    byId = new Map();
    joined.set(outer, byId);
  }
  let messages = byId.get(id);
  if (!messages) {
    messages = { ...outer, ...words };
    byId.set(id, messages);
  }
  return messages;
}

/** The root layout's: the words of every page. The server formats dates in UTC (docs/TRANSLATING.md). */
export function SiteWords({ locale, children, ...words }: Words & { locale: string; children: ReactNode }) {
  const { messages, block } = useWords(words);
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={messages}>
      {block}
      {children}
    </NextIntlClientProvider>
  );
}

/** A part of the site's: its words added to those around it. */
export function MoreWords({ children, ...words }: Words & { children: ReactNode }) {
  const outer = useMessages();
  const locale = useLocale();
  const { messages, block } = useWords(words);
  return (
    <NextIntlClientProvider locale={locale} timeZone="UTC" messages={joinedWith(outer, words.id, messages)}>
      {block}
      {children}
    </NextIntlClientProvider>
  );
}
