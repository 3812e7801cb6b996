import type { AbstractIntlMessages } from 'next-intl';
import { z } from 'zod';
import { LOCALES, type Locale } from '../../domain/locales';
import { POLL_KINDS, type PollKind } from '../../domain/polls';

/**
 * The interface's words, one folder per area of the site under messages/ (docs/TRANSLATING.md),
 * each with a file per language. next-intl's plugin compiles their ICU messages when the pages are
 * built (next.config.ts), so no message parser ships to browsers.
 *
 * AREAS lists the folders; CLIENT_NAMESPACES the namespaces client components read. Only those
 * travel to the browser, and of them only the ones the page uses (ClientWords, client-words.tsx):
 * `common`'s with every page, from the root layout, and a part's own from its layout or page.
 */
const AREAS = ['common', 'home', 'create', 'manage', 'poll', 'kinds', 'present', 'live', 'events'] as const;

const CLIENT_NAMESPACES: readonly string[] = [
  'AnswerBallot',
  'ApiFailures',
  'Ballot',
  'Chrome',
  'CopyButton',
  'CreatedNotice',
  'EmbedNotFound',
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
  'NotFound',
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

/**
 * The `kinds` area's namespaces by the kind of poll that reads them, its ballot's and its
 * results': a page of one poll carries its own kind's only (a choice poll's are all in `poll`).
 */
const KIND_NAMESPACES: Readonly<Record<PollKind, { ballot: readonly string[]; results: readonly string[] }>> = {
  choice: { ballot: [], results: [] },
  ranked: { ballot: ['RankingBallot'], results: ['RankedResults'] },
  text: { ballot: ['AnswerBallot'], results: ['TextResults'] },
};

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

/** What a page's client components may read, as ClientWords names it. */
export type ClientWordsWanted = {
  /** Areas whose client namespaces all go; `common` only from the root layout, the rest inherit it. */
  areas: readonly Area[];
  /** Single namespaces borrowed from other areas. */
  namespaces?: readonly string[] | undefined;
  /** The kind of the page's poll: its part of `kinds` (the area `kinds` brings every kind's). */
  kind?: PollKind | undefined;
  /** Whether the page may show that poll's ballot, or only its results; a ballot unless false. */
  ballot?: boolean | undefined;
};

/**
 * A page part's client words as JSON, and a short name for them (`nameOf`), the same for the same
 * words. The JSON has every `<` written `\u003c`, so it can stand inside a page's `<script>` as it is.
 */
export type ClientWordsJson = { id: string; json: string };

/**
 * What a page part wants, as a name: language, areas, namespaces, kind and ballot, separated by
 * dots (lists by commas), e.g. `de.poll,live.CreatedNotice.ranked.`. Cheap to make on every render.
 */
function nameOf(locale: Locale, wanted: ClientWordsWanted): string {
  return `${locale}.${wanted.areas.join()}.${wanted.namespaces?.join() ?? ''}.${wanted.kind ?? ''}.${wanted.ballot ?? ''}`;
}

/**
 * The client namespaces wanted, as JSON. Built once per process for each language and page part
 * (the messages never change while it runs), and sent as one string, so React copies it instead of
 * walking every compiled message of every namespace on each request. Once built it is handed back
 * itself, so ClientWords renders without waiting (docs/TRANSLATING.md); before, the promise of it.
 */
export function clientMessagesJson(
  locale: Locale,
  wanted: ClientWordsWanted,
): ClientWordsJson | Promise<ClientWordsJson> {
  const id = nameOf(locale, wanted);
  const known = jsonCache.get(id);
  if (known !== undefined) return known;
  const building = buildWords(locale, wanted, id).then((built) => {
    jsonCache.set(id, built);
    return built;
  });
  jsonCache.set(id, building);
  return building;
}

async function buildWords(locale: Locale, wanted: ClientWordsWanted, id: string): Promise<ClientWordsJson> {
  const { all, areaOf } = await loaded(locale);
  const kind = wanted.kind ? KIND_NAMESPACES[wanted.kind] : { ballot: [], results: [] };
  const named = [...(wanted.namespaces ?? []), ...kind.results, ...(wanted.ballot === false ? [] : kind.ballot)];
  const included = (name: string) => {
    const area = areaOf.get(name);
    return (area !== undefined && wanted.areas.includes(area)) || named.includes(name);
  };
  const words = Object.fromEntries(CLIENT_NAMESPACES.filter(included).map((name) => [name, all[name]!]));
  return { id, json: JSON.stringify(words).replaceAll('<', '\\u003c') };
}

const jsonCache = new Map<string, ClientWordsJson | Promise<ClientWordsJson>>();

const list = <T extends string>(item: z.ZodType<T>) =>
  z.string().transform((text, context) => {
    if (text === '') return [];
    const items = text.split(',').map((part) => item.safeParse(part));
    if (items.every((parsed) => parsed.success)) return items.map((parsed) => parsed.data!);
    context.addIssue({ code: 'custom', message: 'not a list we have' });
    return z.NEVER;
  });

const wantedName = z.tuple([
  z.enum(LOCALES),
  list(z.enum(AREAS)).refine((areas) => areas.length > 0),
  list(z.string().refine((namespace) => CLIENT_NAMESPACES.includes(namespace))),
  z.union([z.enum(POLL_KINDS), z.literal('').transform(() => undefined)]),
  z.enum(['', 'true', 'false']).transform((ballot) => (ballot === '' ? undefined : ballot === 'true')),
]);

/**
 * The words a name (`nameOf`) stands for, for a page whose HTML did not bring them
 * (src/app/words/[name]/route.ts), or undefined when it names none: anything but a language,
 * areas and client namespaces we have is refused. Names no page of this process has used yet are
 * built for the request and not kept, so made-up names cannot fill the process's memory.
 */
export function clientMessagesNamed(name: string): Promise<ClientWordsJson> | undefined {
  const parsed = wantedName.safeParse(name.split('.'));
  if (!parsed.success) return undefined;
  const [locale, areas, namespaces, kind, ballot] = parsed.data;
  return Promise.resolve(jsonCache.get(name) ?? buildWords(locale, { areas, namespaces, kind, ballot }, name));
}
