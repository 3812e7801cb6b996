import { useTranslations } from '../../../app/_lib/intl';
import { useRef } from 'react';
import { RankingItem } from './ranking-item';
import type { RankingFocus } from './use-ranking-focus';
import { useRankingDrag } from './use-ranking-drag';

/**
 * The voter's ranking on the ranking ballot: its heading and count, the ranked options in order
 * (ranking-item.tsx), which the voter drags to another rank (use-ranking-drag.ts), and what the
 * keys on a handle do.
 */

export type RankingListProps = {
  /** Prefix of the ids its labels take. */
  ids: string;
  ranking: readonly string[];
  max: number;
  names: ReadonlyMap<string, string>;
  control: RankingFocus['control'];
  /** No dragging while the ballot takes no change. */
  disabled: boolean;
  onDrop: (id: string, to: number) => void;
  onCancel: (id: string) => void;
  onMove: (id: string, to: number, control: 'handle' | 'up' | 'down') => void;
  onRemove: (id: string, control: 'handle' | 'remove') => void;
};

export function RankingList(props: RankingListProps) {
  const { ids, ranking, max, names, disabled } = props;
  const t = useTranslations('RankingBallot');
  const list = useRef<HTMLOListElement>(null);
  const { drag, startDrag } = useRankingDrag(list, ranking, props.onDrop, props.onCancel);
  return (
    <>
      <div className="ranking-heading">
        <span className="label" id={`${ids}-ranked`}>
          {t('yourRanking')}
        </span>
        <span className="hint">{t('rankedCount', { ranked: ranking.length, max })}</span>
      </div>
      {ranking.length === 0 && <p className="ranking-empty">{t('nothingRanked')}</p>}
      <ol
        ref={list}
        className={`ranking-list${drag ? ' is-sorting' : ''}`}
        aria-labelledby={`${ids}-ranked`}
        hidden={ranking.length === 0}
      >
        {ranking.map((id, index) => (
          <RankingItem
            key={id}
            id={id}
            name={names.get(id) ?? id}
            index={index}
            count={ranking.length}
            drag={drag}
            keysId={`${ids}-keys`}
            control={props.control}
            onPointerDown={disabled ? undefined : (event) => startDrag(event, id)}
            onMove={(to, control) => props.onMove(id, to, control)}
            onRemove={(control) => props.onRemove(id, control)}
          />
        ))}
      </ol>
      <p className="hint ranking-keys" id={`${ids}-keys`}>
        {t('keys')}
      </p>
    </>
  );
}
