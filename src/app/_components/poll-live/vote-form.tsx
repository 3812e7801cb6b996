import { useLocale } from 'next-intl';
import { useFormatter, useTranslations } from '../../_lib/intl';
import type { FormEvent } from 'react';
import { isProblem, voteNoticeText } from '../../_lib/messages';
import type { Notice } from './ballot';

/**
 * The ballot, and what came of the vote. It posts to the server action without JavaScript (a poll that takes several
 * answers sends one option_id field per ticked box); once hydrated, the vote goes through the API
 * and no more boxes than allowed can be ticked.
 */

type Props = {
  pollId: string;
  title: string;
  options: { id: string; text: string }[];
  maxChoices: number;
  voteAction: (formData: FormData) => Promise<void>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  chosen: string[];
  toggle: (optionId: string, checked: boolean) => void;
  hydrated: boolean;
  pending: boolean;
  /** The number of votes, said beside the button while the counts are hidden. */
  total: number | undefined;
  waitText: string | null;
};

export function VoteForm(props: Props) {
  const { pollId, options, maxChoices, chosen, hydrated } = props;
  const multiple = maxChoices > 1;
  const t = useTranslations('Ballot');
  const locale = useLocale();
  return (
    <form method="post" action={props.voteAction} onSubmit={props.onSubmit}>
      <input type="hidden" name="poll_id" value={pollId} />
      <input type="hidden" name="lang" value={locale} />
      <fieldset>
        <legend>
          <span className="visually-hidden">{props.title}: </span>
          {multiple ? t('chooseUpTo', { max: maxChoices }) : t('chooseOne')}
        </legend>
        <div className="choices">
          {options.map((option) => (
            <label key={option.id} className="choice">
              {multiple ? (
                <input
                  type="checkbox"
                  name="option_id"
                  value={option.id}
                  disabled={hydrated && chosen.length >= maxChoices && !chosen.includes(option.id)}
                  onChange={(event) => props.toggle(option.id, event.target.checked)}
                />
              ) : (
                <input type="radio" name="option_id" value={option.id} required />
              )}
              <span dir="auto">{option.text}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="row">
        <button type="submit" disabled={props.pending || (multiple && hydrated && chosen.length === 0)}>
          {props.pending ? t('voting') : t('vote')}
        </button>
        {props.total !== undefined && <span className="hint">{t('votesSoFar', { count: props.total })}</span>}
      </p>
      {props.waitText && <p className="notice">{props.waitText}</p>}
    </form>
  );
}

/** What came of the last vote; the view's status region, which holds it, reads it out (PollLive). */
export function VoteOutcome({ notice }: { notice: Notice | null }) {
  const words = { t: useTranslations('VoteNotice'), format: useFormatter() };
  if (!notice) return null;
  return (
    <p className={`notice ${isProblem(notice.kind) ? 'notice-bad' : 'notice-ok'}`}>
      {voteNoticeText(words, notice.kind, notice)}
    </p>
  );
}
