import type { Metadata } from 'next';
import { NewPollForm } from '../../_components/poll-form/new-poll-form';
import type { PollDraft } from '../../_components/poll-form/poll-draft';
import { errorCodeOf } from '../../_lib/request.server';
import { pageServices } from '../../_lib/page-services.server';

export const metadata: Metadata = { title: 'New poll' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?from={id}` ("Duplicate" on the manage page): the form starts as a copy of that poll, settings and all. */
async function copyOf(from: string | string[] | undefined): Promise<PollDraft | undefined> {
  if (typeof from !== 'string') return undefined;
  try {
    const { poll, options } = await pageServices().polls.details(from, undefined);
    return {
      title: poll.title,
      description: poll.description,
      category: poll.category,
      kind: poll.kind,
      options: options.map((option) => option.option_text),
      voter_identity: poll.voter_identity,
      max_choices: poll.max_choices,
      results_visibility: poll.results_visibility,
      listed: poll.listed,
      filter_profanity: poll.filter_profanity,
    };
  } catch (error) {
    // A poll deleted meanwhile, or a mangled address: an empty form.
    if (errorCodeOf(error) === 'not_found') return undefined;
    throw error;
  }
}

export default async function NewPollPage({ searchParams }: Props) {
  const copy = await copyOf((await searchParams).from);
  return (
    <>
      <h1>New poll</h1>
      <p className="hint">
        {copy
          ? `A copy of “${copy.title}”, with its answers and settings: change what you like, then create it.`
          : 'Ask one question with a few answers, or let people write their own. Everyone with the link can vote once.'}
      </p>
      <noscript>
        <p className="notice notice-bad">
          Creating a poll needs JavaScript. Voting and reading results work without it.
        </p>
      </noscript>
      <NewPollForm copyOf={copy} />
    </>
  );
}
