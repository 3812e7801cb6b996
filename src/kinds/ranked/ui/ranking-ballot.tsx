'use client';

import { useTranslations } from '../../../app/_lib/intl';
import { useId, useRef, type FormEvent, type ReactNode } from 'react';
import type { RankedOption } from './ranked-option';
import { rankFieldName } from './ranking-fields';
import { RankingList } from './ranking-list';
import { RankingPool } from './ranking-pool';
import type { RankingState } from './ranking-moves';
import { RankingSelects } from './ranking-selects';
import { useRanking } from './use-ranking';
import './ranked.css';

/**
 * A ranked ballot: the voter adds options in order of preference, most preferred first, up to
 * `maxChoices`, and reorders them by dragging (mouse, touch, pen), with the arrow buttons, or with
 * the arrow keys on a row's handle. Every change is announced in a polite live region. Until the
 * page's script runs (and without JavaScript) it is the numbered selects; both post `rank_1`,
 * `rank_2`, … to `action`, and a ranking started in the selects carries over. Its words are the
 * `RankingBallot` messages (messages/kinds).
 */

export type RankingBallotProps = {
  options: readonly RankedOption[];
  /** How many options one ballot may rank. */
  maxChoices: number;
  /** No change and no vote: while a vote is being sent, or once the poll is closed. */
  disabled?: boolean;
  /** The ranking, most preferred first, when the voter votes with the page's script running. */
  onSubmit: (ranking: string[]) => void;
  /** Where the form posts `rank_1`, `rank_2`, … before the script runs and without JavaScript. */
  action?: (formData: FormData) => void | Promise<void>;
  /** More fields the form posts (a hidden poll id), and anything shown above the vote button. */
  children?: ReactNode;
};

export function RankingBallot({
  options,
  maxChoices,
  disabled = false,
  onSubmit,
  action,
  children,
}: RankingBallotProps) {
  const max = Math.max(1, Math.min(maxChoices, options.length));
  const form = useRef<HTMLFormElement>(null);
  const ids = useId();
  const ballot = useRanking(options, max, form);
  const { state } = ballot;
  const { ranking } = state;
  const t = useTranslations('RankingBallot');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (disabled) return;
    if (ranking.length === 0) ballot.refuseEmpty();
    else onSubmit([...ranking]);
  }

  return (
    <form
      ref={form}
      className="ranking-ballot"
      method="post"
      action={action}
      onSubmit={ballot.hydrated ? submit : undefined}
    >
      {children}
      {!ballot.hydrated ? (
        <RankingSelects options={options} maxChoices={max} disabled={disabled} />
      ) : (
        <fieldset disabled={disabled} aria-describedby={`${ids}-instructions`}>
          <legend>{t('legend')}</legend>
          <p className="hint" id={`${ids}-instructions`}>
            {t('instructions', { max })}
          </p>
          <RankingList
            ids={ids}
            ranking={ranking}
            max={max}
            names={ballot.names}
            control={ballot.control}
            disabled={disabled}
            onDrop={ballot.drop}
            onCancel={ballot.cancelDrag}
            onMove={(id, to, control) => ballot.change({ type: 'move', id, to }, { control, id })}
            onRemove={ballot.remove}
          />
          <RankingPool
            unranked={ballot.unranked}
            optionCount={options.length}
            full={ballot.full}
            max={max}
            ids={ids}
            control={ballot.control}
            onAdd={ballot.add}
          />
          {ranking.map((id, index) => (
            <input key={id} type="hidden" name={rankFieldName(index + 1)} value={id} />
          ))}
        </fieldset>
      )}
      <SaidAloud state={state} />
      {ballot.emptyTried && (
        <p className="field-error" role="alert">
          {t('emptyBallot')}
        </p>
      )}
      <SubmitRow
        disabled={disabled}
        submit={t('submit')}
        ranked={ballot.hydrated ? t('rankedCount', { ranked: ranking.length, max }) : null}
      />
    </form>
  );
}

/** The polite live region: what the last change did, in words; a new span each time, so the same words are read again. */
function SaidAloud({ state: { announcement, said } }: { state: RankingState }) {
  const t = useTranslations('RankingBallot');
  return (
    <p className="visually-hidden" role="status">
      <span key={said}>{announcement && t(`said.${announcement.said}`, announcement.values)}</span>
    </p>
  );
}

/** The vote button and, once the script runs, how many are ranked: kept in view at the foot of the screen (ranked.css). */
function SubmitRow({ disabled, submit, ranked }: { disabled: boolean; submit: string; ranked: string | null }) {
  return (
    <div className="ranking-submit">
      <button type="submit" disabled={disabled}>
        {submit}
      </button>
      {ranked && <span className="hint">{ranked}</span>}
    </div>
  );
}
