import type { AbstractIntlMessages } from 'next-intl';
import type { Locale } from '../../domain/locales';

/**
 * The interface's words, one folder per area of the site under messages/ (docs/TRANSLATING.md),
 * each with a file per language. next-intl's plugin compiles their ICU messages when the pages are
 * built (next.config.ts), so no message parser ships to browsers.
 *
 * AREAS lists the folders; CLIENT_NAMESPACES the namespaces client components read. Only those
 * travel to the browser, and of them only the ones the page's part of the site uses (ClientWords,
 * client-words.tsx, in each part's layout).
 */
const AREAS = ['common', 'home', 'create', 'manage', 'poll', 'kinds', 'present', 'live', 'events'] as const;

const CLIENT_NAMESPACES: readonly string[] = [
  'AnswerBallot',
  'ApiFailures',
  'Ballot',
  'Chrome',
  'CopyButton',
  'CreatedNotice',
  'EventAudience',
  'EventForm',
  'EventLinks',
  'EventManage',
  'EventPresenter',
  'Export',
  'FormErrors',
  'Format',
  'JoinCode',
  'JoinForm',
  'Live',
  'Manage',
  'ManageDelete',
  'ManageEndTime',
  'ManageSettings',
  'ManageShow',
  'ManageTexts',
  'ManageVoting',
  'Moderation',
  'PageError',
  'PollFacts',
  'PollForm',
  'PollSettings',
  'PollState',
  'Presenter',
  'PresenterAdmin',
  'PresenterKeys',
  'RankedResults',
  'RankingBallot',
  'Results',
  'TextResults',
  'UnknownCode',
  'VoteNotice',
  'YourPolls',
];

type Area = (typeof AREAS)[number];
type Loaded = { all: AbstractIntlMessages; areaOf: ReadonlyMap<string, Area> };

async function areaMessages(area: Area, locale: Locale): Promise<AbstractIntlMessages> {
  const loaded = (await import(`../../../messages/${area}/${locale}.json`)) as { default: AbstractIntlMessages };
  return loaded.default;
}

const cache = new Map<Locale, Promise<Loaded>>();

function loaded(locale: Locale): Promise<Loaded> {
  let messages = cache.get(locale);
  if (!messages) {
    messages = Promise.all(AREAS.map((area) => areaMessages(area, locale))).then((parts) => ({
      all: Object.assign({}, ...parts) as AbstractIntlMessages,
      areaOf: new Map(parts.flatMap((part, i) => Object.keys(part).map((name) => [name, AREAS[i]!] as const))),
    }));
    cache.set(locale, messages);
  }
  return messages;
}

export async function messagesOf(locale: Locale): Promise<AbstractIntlMessages> {
  return (await loaded(locale)).all;
}

/**
 * What client components of a part of the site may read: the client namespaces of `common` and
 * of the areas named, and the few namespaces named one by one. A page carries only these.
 */
export async function clientMessagesOf(
  locale: Locale,
  areas: readonly Area[],
  namespaces: readonly string[] = [],
): Promise<AbstractIntlMessages> {
  const { all, areaOf } = await loaded(locale);
  const wanted = (name: string) => {
    const area = areaOf.get(name);
    return area === 'common' || (area !== undefined && areas.includes(area)) || namespaces.includes(name);
  };
  return Object.fromEntries(CLIENT_NAMESPACES.filter(wanted).map((name) => [name, all[name]!]));
}

export type { Area };
