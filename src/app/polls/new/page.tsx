import type { Metadata } from 'next';
import { getTranslations } from '../../_lib/intl.server';
import { NewPollForm } from '../../_components/poll-form/new-poll-form';
import type { PollDraft } from '../../_components/poll-form/poll-draft';
import { errorCodeOf } from '../../_lib/request.server';
import { pageServices } from '../../_lib/page-services.server';
import { isolated } from '../../_components/rich-tags';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('NewPollPage');
  return { title: t('title') };
}

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
  const t = await getTranslations('NewPollPage');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="hint">{copy ? t.rich('copyIntro', { title: copy.title, poll: isolated }) : t('intro')}</p>
      <noscript>
        <p className="notice notice-bad">{t('needsScript')}</p>
      </noscript>
      <NewPollForm copyOf={copy} />
    </>
  );
}
