import { useTranslations } from '../../../app/_lib/intl';
import { useState } from 'react';
import { AddIcon } from './ranking-icons';
import type { RankedOption } from './ranked-option';
import { FIND_FROM_OPTIONS, optionsMatching } from './ranking-find';
import type { RankingFocus } from './use-ranking-focus';
import { hidden, isolated } from '../../../app/_components/rich-tags';

/**
 * The options the voter has not ranked on the ranking ballot, each a button that adds it at the
 * bottom of the ranking; once the ballot is full they stay, saying why they add nothing. A long
 * ballot offers to find options by typing part of their text (ranking-find.ts).
 */

export type RankingPoolProps = {
  unranked: readonly RankedOption[];
  /** How many options the poll has: a long ballot offers to find them by typing. */
  optionCount: number;
  full: boolean;
  max: number;
  /** Prefix of the ids its labels take. */
  ids: string;
  control: RankingFocus['control'];
  /** Adds an option; `shown` are the options on screen, among which the focus moves on. */
  onAdd: (id: string, shown: readonly RankedOption[]) => void;
};

export function RankingPool({ unranked, optionCount, full, max, ids, control, onAdd }: RankingPoolProps) {
  const t = useTranslations('RankingBallot');
  const [typed, setTyped] = useState('');
  const shown = optionsMatching(unranked, typed);
  const finding = optionCount >= FIND_FROM_OPTIONS && unranked.length > 0;
  return (
    <>
      <div className="ranking-heading">
        <span className="label" id={`${ids}-unranked`}>
          {t('unranked')}
        </span>
        {finding && (
          <span className="hint" aria-live="polite">
            {typed.trim() && t('shown', { shown: shown.length, of: unranked.length })}
          </span>
        )}
      </div>
      {full && unranked.length > 0 && <p className="hint">{t('full', { max })}</p>}
      {finding && (
        <div className="field ranking-find">
          <label htmlFor={`${ids}-find`}>{t('find')}</label>
          <input
            id={`${ids}-find`}
            ref={control('find', '')}
            type="search"
            dir="auto"
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="search"
            aria-describedby={`${ids}-find-hint`}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            // Enter in the field must not send the ballot.
            onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
          />
          <p className="hint" id={`${ids}-find-hint`}>
            {t('findHint')}
          </p>
        </div>
      )}
      {unranked.length === 0 ? (
        <p className="ranking-empty">{t('everyOptionRanked')}</p>
      ) : shown.length === 0 ? (
        <p className="ranking-empty">{t.rich('noMatch', { text: typed.trim(), typed: isolated })}</p>
      ) : (
        <ul className={`ranking-pool${finding ? ' is-long' : ''}`} aria-labelledby={`${ids}-unranked`}>
          {shown.map((option) => (
            <li key={option.id}>
              <button
                type="button"
                className="ranking-add"
                ref={control('add', option.id)}
                aria-disabled={full}
                onClick={() => onAdd(option.id, shown)}
              >
                <AddIcon />
                <span>
                  {t.rich('add', {
                    name: option.option_text,
                    hidden,
                    option: isolated,
                  })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
