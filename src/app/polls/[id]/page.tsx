import type { Metadata } from 'next';
import { getTranslations } from '../../_lib/intl.server';
import Link from 'next/link';
import { CreatedNotice } from '../../_components/created-notice';
import { PollLive } from '../../_components/poll-live/poll-live';
import { SharePanel } from '../../_components/share-panel.server';
import { ClientWords } from '../../_i18n/client-words';
import { pollLivePropsOf } from '../../_lib/poll-live-props';
import { pollOfPage } from '../../_lib/poll-page.server';
import { siteOrigin } from '../../_lib/request.server';
import { voteWithoutScript } from './actions';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { poll } = await pollOfPage(params);
  const origin = await siteOrigin();
  const t = await getTranslations('PollPage');
  // oEmbed discovery: a site given this page's address finds how to embed the poll.
  const oembed = `${origin}/api/oembed?${new URLSearchParams({ url: `${origin}/polls/${poll.id}`, format: 'json' })}`;
  return {
    title: poll.title,
    description: poll.description ?? t('description'),
    alternates: { types: { 'application/json+oembed': [{ url: oembed, title: poll.title }] } },
  };
}

export default async function PollPage({ params, searchParams }: Props) {
  const query = await searchParams;
  const details = await pollOfPage(params);
  const { poll } = details;
  const origin = await siteOrigin();
  const shareUrl = `${origin}/polls/${poll.id}`;

  // The words of its ballot and live results, and of the notice its creator sees first.
  return (
    <ClientWords areas={['poll', 'live']} namespaces={['CreatedNotice']} kind={poll.kind}>
      <article>
        <header className="poll-header">
          {poll.category && (
            <Link className="tag" href={`/?category=${encodeURIComponent(poll.category)}`} dir="auto">
              {poll.category}
            </Link>
          )}
          <h1 dir="auto">{poll.title}</h1>
          {poll.description && (
            <p className="description" dir="auto">
              {poll.description}
            </p>
          )}
        </header>
        <CreatedNotice pollId={poll.id} code={poll.code} joinUrl={`${origin}/j/${poll.code}`} />
        <PollLive {...pollLivePropsOf(details, query)} voteAction={voteWithoutScript} />
        <SharePanel url={shareUrl} />
      </article>
    </ClientWords>
  );
}
