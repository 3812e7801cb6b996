import type { Metadata } from 'next';
import Link from 'next/link';
import { ManagePanel } from '../../../_components/manage-panel';
import { PollLive } from '../../../_components/poll-live';
import { shownFromDetails } from '../../../_lib/live-counts';
import { answersPerVoterText, VOTER_IDENTITY_TEXT } from '../../../_lib/poll-settings';
import { pollDetailsOr404 } from '../../../_lib/request.server';

export const metadata: Metadata = { title: 'Manage poll', robots: { index: false }, referrer: 'no-referrer' };

export default async function ManagePage({ params }: { params: Promise<{ id: string }> }) {
  const details = await pollDetailsOr404((await params).id);
  const { poll, options } = details;
  return (
    <article>
      <header className="poll-header">
        <p className="hint">Managing</p>
        <h1>{poll.title}</h1>
        <p>
          <Link href={`/polls/${poll.id}`}>Open the voters’ page</Link>
        </p>
      </header>
      <section className="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <p className="hint">Chosen when the poll was created; they cannot be changed.</p>
        <dl className="settings">
          <dt>Who can vote once</dt>
          <dd>{VOTER_IDENTITY_TEXT[poll.voter_identity].choice}</dd>
          <dt>Answers per voter</dt>
          <dd>{answersPerVoterText(poll.max_choices)}</dd>
        </dl>
      </section>
      <ManagePanel pollId={poll.id} title={poll.title} isActive={poll.is_active} expiresAt={poll.expires_at} />
      <PollLive
        pollId={poll.id}
        title={poll.title}
        options={options.map((option) => ({ id: option.id, text: option.option_text }))}
        initial={shownFromDetails(details)}
        expiresAt={poll.expires_at}
        voterIdentity={poll.voter_identity}
        maxChoices={poll.max_choices}
        votedOptionIds={[]}
      />
    </article>
  );
}
