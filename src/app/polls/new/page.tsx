import type { Metadata } from 'next';
import { NewPollForm } from '../../_components/new-poll-form';

export const metadata: Metadata = { title: 'New poll' };

export default function NewPollPage() {
  return (
    <>
      <h1>New poll</h1>
      <p className="hint">Ask one question with a few answers. Everyone with the link can vote once.</p>
      <noscript>
        <p className="notice notice-bad">
          Creating a poll needs JavaScript. Voting and reading results work without it.
        </p>
      </noscript>
      <NewPollForm />
    </>
  );
}
