import { AddIcon } from './ranking-icons';
import type { RankedOption } from './ranked-option';
import type { RankingFocus } from './use-ranking-focus';

/**
 * The options the voter has not ranked on the ranking ballot, each a button that adds it at the
 * bottom of the ranking; once the ballot is full they stay, saying why they add nothing.
 */

const TEXT = {
  unranked: 'Not ranked',
  everyOptionRanked: 'Every option is ranked.',
  full: (max: number) => `You have ranked ${max}, the most this poll takes.`,
  add: 'Add ',
};

export type RankingPoolProps = {
  unranked: readonly RankedOption[];
  full: boolean;
  max: number;
  /** Prefix of the ids its labels take. */
  ids: string;
  control: RankingFocus['control'];
  onAdd: (id: string) => void;
};

export function RankingPool({ unranked, full, max, ids, control, onAdd }: RankingPoolProps) {
  return (
    <>
      <div className="ranking-heading">
        <span className="label" id={`${ids}-unranked`}>
          {TEXT.unranked}
        </span>
      </div>
      {full && unranked.length > 0 && <p className="hint">{TEXT.full(max)}</p>}
      {unranked.length === 0 ? (
        <p className="ranking-empty">{TEXT.everyOptionRanked}</p>
      ) : (
        <ul className="ranking-pool" aria-labelledby={`${ids}-unranked`}>
          {unranked.map((option) => (
            <li key={option.id}>
              <button
                type="button"
                className="ranking-add"
                ref={control('add', option.id)}
                aria-disabled={full}
                onClick={() => onAdd(option.id)}
              >
                <AddIcon />
                <span>
                  <span className="visually-hidden">{TEXT.add}</span>
                  {option.option_text}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
