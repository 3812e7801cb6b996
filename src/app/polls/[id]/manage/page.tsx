import type { Metadata } from 'next';
import { getTranslations } from '../../../_lib/intl.server';
import Link from 'next/link';
import { ManagePanel } from '../../../_components/manage/manage-panel';
import { EmbedCode } from '../../../_components/embed-code';
import { SharePanel } from '../../../_components/share-panel.server';
import { EMBED_WIDTH, embedHeightFor, embedSnippet } from '../../../../domain/embed';
import { ClientWords } from '../../../_i18n/client-words';
import { shownFromDetails } from '../../../_lib/live-counts';
import { pollOfPage } from '../../../_lib/poll-page.server';
import { answersOf } from '../../../_lib/poll-live-props';
import { siteOrigin } from '../../../_lib/request.server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('ManagePage');
  return { title: t('title'), robots: { index: false }, referrer: 'no-referrer' };
}

export default async function ManagePage({ params }: { params: Promise<{ id: string }> }) {
  const details = await pollOfPage(params);
  const { poll } = details;
  const origin = await siteOrigin();
  const t = await getTranslations('ManagePage');
  // The creator's tools: the voters' link, its QR code, and the code that puts the poll on another site.
  const snippet = embedSnippet({
    origin,
    pollId: poll.id,
    title: poll.title,
    width: EMBED_WIDTH,
    height: embedHeightFor(poll, details.options.length),
  });
  // Its own words, the poll form's (settings, refusals) and the live results'; no ballot's.
  return (
    <ClientWords areas={['manage', 'create', 'poll', 'live']} kind={poll.kind} ballot={false}>
      <article>
        <header className="poll-header">
          <p className="hint">{t('managing')}</p>
          <h1>
            <bdi dir="auto">{poll.title}</bdi>
          </h1>
          <p>
            <Link href={`/polls/${poll.id}`}>{t('openVotersPage')}</Link>
          </p>
        </header>
        <ManagePanel
          poll={poll}
          options={answersOf(details)}
          initial={shownFromDetails(details)}
          joinUrl={`${origin}/j/${poll.code}`}
          share={
            <>
              <SharePanel url={`${origin}/polls/${poll.id}`} />
              <EmbedCode snippet={snippet} />
            </>
          }
        />
      </article>
    </ClientWords>
  );
}
