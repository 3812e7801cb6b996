import { useTranslations } from '../../../app/_lib/intl';
import type { RankedOption } from './ranked-option';
import { rankFieldName } from './ranking-fields';
import './ranked.css';

/**
 * A ranked ballot without JavaScript: one select per rank ("1st choice", "2nd choice", … up to
 * the most a ballot may rank), each listing every option and "—" for none, posting `rank_1`,
 * `rank_2`, …. The drag-and-drop ballot shows it until the page's script runs; a server component
 * may render it too (next-intl's `useTranslations` works in both).
 */

/** "—", the choice of no option, as every language writes it. */
const NONE = '—';

export type RankingSelectsProps = {
  options: readonly RankedOption[];
  /** How many options one ballot may rank: as many selects, never more than there are options. */
  maxChoices: number;
  /** Ranks already chosen (a form sent back with a problem), most preferred first. */
  ranking?: readonly string[];
  disabled?: boolean;
};

export function RankingSelects({ options, maxChoices, ranking = [], disabled = false }: RankingSelectsProps) {
  const t = useTranslations('RankingBallot');
  const ranks = Math.max(1, Math.min(maxChoices, options.length));
  return (
    <fieldset className="ranking-selects" disabled={disabled}>
      <legend>{t('legend')}</legend>
      <p className="hint">{t('selectsHint', { max: ranks })}</p>
      <ol className="ranking-selects-list">
        {Array.from({ length: ranks }, (_, i) => (
          <li key={i}>
            <label>
              <span className="ranking-selects-label">{t('choice', { rank: i + 1 })}</span>
              <select name={rankFieldName(i + 1)} defaultValue={ranking[i] ?? ''} required={i === 0}>
                <option value="">{NONE}</option>
                {options.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.option_text}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
