import type { RankedOption } from './ranked-option';
import { rankFieldName } from './ranking-fields';
import './ranked.css';

/**
 * A ranked ballot without JavaScript: one select per rank ("1st choice", "2nd choice", … up to
 * the most a ballot may rank), each listing every option and "—" for none, posting `rank_1`,
 * `rank_2`, …. No hooks, so a server component renders it; the drag-and-drop ballot shows it
 * until the page's script runs.
 */

const ordinals = new Intl.PluralRules('en', { type: 'ordinal' });
const ORDINAL_SUFFIX: Record<Intl.LDMLPluralRule, string> = {
  zero: 'th',
  one: 'st',
  two: 'nd',
  few: 'rd',
  many: 'th',
  other: 'th',
};

const TEXT = {
  legend: 'Rank the options',
  hint: (ranks: number) =>
    ranks === 1
      ? 'Choose your favourite.'
      : `Choose your favourite first, then your next choices, up to ${ranks}. Leave the rest at “—”.`,
  choice: (rank: number) => `${rank}${ORDINAL_SUFFIX[ordinals.select(rank)]} choice`,
  none: '—',
};

export type RankingSelectsProps = {
  options: readonly RankedOption[];
  /** How many options one ballot may rank: as many selects, never more than there are options. */
  maxChoices: number;
  /** Ranks already chosen (a form sent back with a problem), most preferred first. */
  ranking?: readonly string[];
  disabled?: boolean;
};

export function RankingSelects({ options, maxChoices, ranking = [], disabled = false }: RankingSelectsProps) {
  const ranks = Math.max(1, Math.min(maxChoices, options.length));
  return (
    <fieldset className="ranking-selects" disabled={disabled}>
      <legend>{TEXT.legend}</legend>
      <p className="hint">{TEXT.hint(ranks)}</p>
      <ol className="ranking-selects-list">
        {Array.from({ length: ranks }, (_, i) => (
          <li key={i}>
            <label>
              <span className="ranking-selects-label">{TEXT.choice(i + 1)}</span>
              <select name={rankFieldName(i + 1)} defaultValue={ranking[i] ?? ''} required={i === 0}>
                <option value="">{TEXT.none}</option>
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
