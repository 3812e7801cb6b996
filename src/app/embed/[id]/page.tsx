import type { Metadata } from 'next';
import { getTranslations } from '../../_lib/intl.server';
import { isLocale } from '../../../domain/locales';
import { PollLive } from '../../_components/poll-live/poll-live';
import { ClientWords } from '../../_i18n/client-words';
import { pollLivePropsOf } from '../../_lib/poll-live-props';
import { pollOfPage } from '../../_lib/poll-page.server';
import { EmbedFrame, type EmbedTheme } from '../embed-frame';
import { voteInEmbed } from './actions';
import '../embed.css';
import { hidden } from '../../_components/rich-tags';

/**
 * `/embed/{id}`: the poll, its vote form and its live results, made to live in an `<iframe>` on
 * any site (docs/EMBED.md). The only page any site may frame (src/server/page-security.ts); it has
 * no header or footer, and tells its host its height. Its colours follow the host page's scheme,
 * or `?theme=light|dark`.
 */

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { poll } = await pollOfPage(params);
  // Search engines should send people to the poll's own page, not to its frame.
  return { title: poll.title, robots: { index: false } };
}

export default async function EmbedPage({ params, searchParams }: Props) {
  const query = await searchParams;
  const details = await pollOfPage(params);
  const { poll } = details;
  const theme = themeOf(query.theme);
  const t = await getTranslations('Embed');
  // The language the host asked for (`?lang=`) goes on to the poll's own page.
  const lang = isLocale(query.lang) ? `?${new URLSearchParams({ lang: query.lang })}` : '';

  return (
    // The words of its ballot and live results.
    <ClientWords areas={['poll', 'live']} kind={poll.kind}>
      <EmbedFrame pollId={poll.id} theme={theme}>
        <h1 className="embed-title" dir="auto">
          {poll.title}
        </h1>
        <PollLive {...pollLivePropsOf(details, query)} voteAction={voteInEmbed} embedded />
        <p className="embed-link">
          <a href={`/polls/${poll.id}${lang}`} target="_blank" rel="noopener">
            {t.rich('open', { hidden })}
          </a>
        </p>
      </EmbedFrame>
    </ClientWords>
  );
}

/** Anything but `light` or `dark` is no request: the host's scheme decides. */
function themeOf(value: string | string[] | undefined): EmbedTheme | undefined {
  return value === 'light' || value === 'dark' ? value : undefined;
}
