import type { Metadata } from 'next';
import Link from 'next/link';
import { cache } from 'react';
import { CreatedNotice } from '../../_components/created-notice';
import { PollLive } from '../../_components/poll-live/poll-live';
import { SharePanel } from '../../_components/share-panel';
import { pollLivePropsOf } from '../../_lib/poll-live-props';
import { pollDetailsOr404, siteOrigin } from '../../_lib/request.server';
import { voteWithoutScript } from './actions';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const pollDetails = cache(pollDetailsOr404);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { poll } = await pollDetails((await params).id);
  const origin = await siteOrigin();
  // oEmbed discovery: a site given this page's address finds how to embed the poll.
  const oembed = `${origin}/api/oembed?${new URLSearchParams({ url: `${origin}/polls/${poll.id}`, format: 'json' })}`;
  return {
    title: poll.title,
    description: poll.description ?? 'Vote and watch the results live.',
    alternates: { types: { 'application/json+oembed': [{ url: oembed, title: poll.title }] } },
  };
}

export default async function PollPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const details = await pollDetails(id);
  const { poll } = details;
  const origin = await siteOrigin();
  const shareUrl = `${origin}/polls/${poll.id}`;

  return (
    <article>
      <header className="poll-header">
        {poll.category && (
          <Link className="tag" href={`/?category=${encodeURIComponent(poll.category)}`}>
            {poll.category}
          </Link>
        )}
        <h1>{poll.title}</h1>
        {poll.description && <p className="description">{poll.description}</p>}
      </header>
      <CreatedNotice pollId={poll.id} code={poll.code} joinUrl={`${origin}/j/${poll.code}`} />
      <PollLive {...pollLivePropsOf(details, query)} voteAction={voteWithoutScript} />
      <SharePanel url={shareUrl} />
    </article>
  );
}
