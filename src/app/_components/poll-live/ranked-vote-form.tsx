import { useLocale } from 'next-intl';
import { useTranslations } from '../../_lib/intl';
import { useMemo } from 'react';
import { RankingBallot } from '../../../kinds/ranked/ui/ranking-ballot';

/**
 * A ranked poll's ballot: the numbered selects, which post `rank_1`, `rank_2` … to the server
 * action without JavaScript, and once hydrated the drag-and-drop ranking, sent through the API.
 */

type Props = {
  pollId: string;
  options: { id: string; text: string }[];
  maxChoices: number;
  voteAction: (formData: FormData) => Promise<void>;
  onVote: (ranking: string[]) => void;
  pending: boolean;
  /** The number of votes, said below the ballot while the counts are hidden. */
  total: number | undefined;
  waitText: string | null;
};

export function RankedVoteForm({ pollId, options, maxChoices, voteAction, onVote, pending, total, waitText }: Props) {
  const ranked = useMemo(() => options.map((option) => ({ id: option.id, option_text: option.text })), [options]);
  const t = useTranslations('Ballot');
  const locale = useLocale();
  return (
    <>
      <RankingBallot options={ranked} maxChoices={maxChoices} disabled={pending} onSubmit={onVote} action={voteAction}>
        <input type="hidden" name="poll_id" value={pollId} />
        <input type="hidden" name="lang" value={locale} />
      </RankingBallot>
      {total !== undefined && <p className="hint">{t('votesSoFar', { count: total })}</p>}
      {waitText && <p className="notice">{waitText}</p>}
    </>
  );
}
