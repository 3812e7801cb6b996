import { useLocale } from 'next-intl';
import { useTranslations } from '../../_lib/intl';
import { AnswerBallot } from '../../../kinds/text/ui/answer-ballot';

/**
 * An open-text poll's ballot: a field per answer the poll takes, which post `answer` fields to
 * the server action without JavaScript, and once hydrated are checked and sent through the API.
 */

type Props = {
  pollId: string;
  maxChoices: number;
  voteAction: (formData: FormData) => Promise<void>;
  onVote: (answers: string[]) => void;
  pending: boolean;
  /** The number of votes, said below the ballot while the counts are hidden. */
  total: number | undefined;
  waitText: string | null;
};

export function TextVoteForm({ pollId, maxChoices, voteAction, onVote, pending, total, waitText }: Props) {
  const t = useTranslations('Ballot');
  const locale = useLocale();
  return (
    <>
      <AnswerBallot maxChoices={maxChoices} disabled={pending} onSubmit={onVote} action={voteAction}>
        <input type="hidden" name="poll_id" value={pollId} />
        <input type="hidden" name="lang" value={locale} />
      </AnswerBallot>
      {total !== undefined && <p className="hint">{t('votesSoFar', { count: total })}</p>}
      {waitText && <p className="notice">{waitText}</p>}
    </>
  );
}
