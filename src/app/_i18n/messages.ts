import type { AbstractIntlMessages } from 'next-intl';
import type { Locale } from '../../domain/locales';

/**
 * The interface's words, one folder per area of the site under messages/ (docs/TRANSLATING.md),
 * each with a file per language. next-intl's plugin compiles their ICU messages when the pages are
 * built (next.config.ts), so no message parser ships to browsers.
 *
 * AREAS lists the folders; CLIENT_NAMESPACES the namespaces client components read: only those
 * travel to the browser with each page.
 */
const AREAS = ['common', 'home', 'create', 'manage', 'poll', 'kinds', 'present', 'live', 'events'] as const;

const CLIENT_NAMESPACES: readonly string[] = [
  'AnswerBallot',
  'Chrome',
  'CopyButton',
  'EventAudience',
  'EventForm',
  'EventLinks',
  'EventManage',
  'EventPresenter',
  'JoinCode',
  'JoinForm',
  'PageError',
  'PollFacts',
  'RankedResults',
  'RankingBallot',
  'TextResults',
  'UnknownCode',
  'YourPolls',
];

async function areaMessages(area: (typeof AREAS)[number], locale: Locale): Promise<AbstractIntlMessages> {
  const loaded = (await import(`../../../messages/${area}/${locale}.json`)) as { default: AbstractIntlMessages };
  return loaded.default;
}

const cache = new Map<Locale, Promise<AbstractIntlMessages>>();

export function messagesOf(locale: Locale): Promise<AbstractIntlMessages> {
  let messages = cache.get(locale);
  if (!messages) {
    messages = Promise.all(AREAS.map((area) => areaMessages(area, locale))).then((parts) =>
      Object.assign({}, ...parts),
    );
    cache.set(locale, messages);
  }
  return messages;
}

/** The namespaces client components use, picked out of one language's messages. */
export function clientMessages(all: AbstractIntlMessages): AbstractIntlMessages {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((name) => name in all).map((name) => [name, all[name]!]));
}
