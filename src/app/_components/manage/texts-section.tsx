import { useTranslations } from '../../_lib/intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState, type RefObject } from 'react';
import type { Poll } from '../../../domain/polls';
import { NewPollForm } from '../poll-form/new-poll-form';
import type { SavedPoll } from '../poll-form/poll-draft';
import { hint } from '../rich-tags';

/**
 * The poll's question and answers: editable in the new-poll form until the first vote (each vote
 * was for these texts), and a link to duplicate the poll.
 */

export type PollTexts = Pick<Poll, 'title' | 'description' | 'category'> & { options: { id: string; text: string }[] };

/**
 * The texts as the creator last saved them, and whether the form is open. `onSaved` runs once a
 * save went through; the page is then read again, for its heading is the server's.
 */
export function useTextsEditing(created: Poll, options: PollTexts['options'], onSaved: () => void) {
  const router = useRouter();
  const [texts, setTexts] = useState<PollTexts>({
    title: created.title,
    description: created.description,
    category: created.category,
    options,
  });
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  function edited(saved: SavedPoll) {
    setTexts({
      title: saved.title,
      description: saved.description,
      category: saved.category,
      options: saved.options.map((option) => ({ id: option.id, text: option.option_text })),
    });
    setEditing(false);
    onSaved();
    requestAnimationFrame(() => editButton.current?.focus());
    router.refresh();
  }

  return { texts, editing, setEditing, editButton, edited };
}

type Props = {
  created: Poll;
  texts: PollTexts;
  token: string;
  hasVotes: boolean;
  editing: boolean;
  setEditing: (editing: boolean) => void;
  /** Focus returns here when the form closes. */
  editButton: RefObject<HTMLButtonElement | null>;
  edited: (saved: SavedPoll) => void;
};

export function TextsSection({ created, texts, token, hasVotes, editing, setEditing, editButton, edited }: Props) {
  // An open-text poll's answers are its voters': only its question is the creator's.
  const t = useTranslations(created.kind === 'text' ? 'ManageTexts.question' : 'ManageTexts.questionAndAnswers');
  return (
    <section className="panel" aria-labelledby="texts-heading">
      <h2 id="texts-heading">{t('heading')}</h2>
      {editing ? (
        <NewPollForm
          edit={{
            pollId: created.id,
            token,
            poll: {
              ...created,
              title: texts.title,
              description: texts.description,
              category: texts.category,
              options: texts.options.map((option) => option.text),
            },
            onSaved: edited,
            onCancel: () => {
              setEditing(false);
              requestAnimationFrame(() => editButton.current?.focus());
            },
          }}
        />
      ) : hasVotes ? (
        <p className="hint">{t('locked')}</p>
      ) : (
        <>
          <p className="hint">{t('open')}</p>
          <button type="button" ref={editButton} onClick={() => setEditing(true)}>
            {t('edit')}
          </button>
        </>
      )}
      <p>
        {t.rich('duplicate', {
          link: (chunks) => <Link href={`/polls/new?from=${created.id}`}>{chunks}</Link>,
          hint,
        })}
      </p>
    </section>
  );
}
