import { useTranslations } from '../../../app/_lib/intl';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { RankingDrag } from './ranking-drag-session';
import { DownIcon, GripIcon, RemoveIcon, UpIcon } from './ranking-icons';
import { dragOffset } from './ranking-moves';
import type { RankingFocus } from './use-ranking-focus';

/**
 * One ranked option: its handle (drag it, or use the arrow keys on it), its text, and buttons to
 * move it up, down or out. While a drag is on it is drawn out of place, never reordered.
 */

/** What a key on the handle does: move the option to a 0-based place, remove it, or nothing (null). */
function handleKeyAction(event: KeyboardEvent, index: number, count: number): { to: number } | 'remove' | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const to: Record<string, number> = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: count - 1 };
  if (event.key in to) return { to: to[event.key]! };
  if (event.key === 'Delete' || event.key === 'Backspace') return 'remove';
  return null;
}

export type RankingItemProps = {
  id: string;
  name: string;
  /** Its 0-based place, and how many options are ranked. */
  index: number;
  count: number;
  drag: RankingDrag | null;
  /** The id of the text that explains the handle's keys. */
  keysId: string;
  control: RankingFocus['control'];
  /** Undefined while the ballot takes no change. */
  onPointerDown: ((event: PointerEvent<HTMLElement>) => void) | undefined;
  onMove: (to: number, control: 'handle' | 'up' | 'down') => void;
  onRemove: (control: 'handle' | 'remove') => void;
};

export function RankingItem({
  id,
  name,
  index,
  count,
  drag,
  keysId,
  control,
  onPointerDown,
  onMove,
  onRemove,
}: RankingItemProps) {
  const t = useTranslations('RankingBallot');
  const offset = dragOffset(drag, index);
  function onHandleKey(event: KeyboardEvent<HTMLButtonElement>) {
    const action = handleKeyAction(event, index, count);
    if (action === null) return;
    event.preventDefault();
    if (action === 'remove') onRemove('handle');
    else onMove(action.to, 'handle');
  }
  return (
    <li
      data-option-id={id}
      className={`ranking-item${drag?.id === id ? ' is-dragged' : ''}`}
      style={offset === 0 ? undefined : { transform: `translateY(${offset}px)` }}
      onPointerDown={onPointerDown}
    >
      <button
        type="button"
        className="ranking-handle"
        data-drag-handle=""
        ref={control('handle', id)}
        aria-label={t('handle', { name, rank: index + 1, of: count })}
        aria-describedby={keysId}
        onKeyDown={onHandleKey}
      >
        <GripIcon />
        <span className="ranking-rank">{index + 1}</span>
      </button>
      {/* Isolated inline, so the row keeps the page's alignment and the name its own direction. */}
      <span className="ranking-text">
        <bdi dir="auto">{name}</bdi>
      </span>
      <span className="ranking-buttons">
        <button
          type="button"
          className="icon-button"
          ref={control('up', id)}
          aria-disabled={index === 0}
          onClick={() => onMove(index - 1, 'up')}
        >
          <UpIcon />
          <span className="visually-hidden">{t('moveUp', { name })}</span>
        </button>
        <button
          type="button"
          className="icon-button"
          ref={control('down', id)}
          aria-disabled={index === count - 1}
          onClick={() => onMove(index + 1, 'down')}
        >
          <DownIcon />
          <span className="visually-hidden">{t('moveDown', { name })}</span>
        </button>
        <button type="button" className="icon-button" ref={control('remove', id)} onClick={() => onRemove('remove')}>
          <RemoveIcon />
          <span className="visually-hidden">{t('remove', { name })}</span>
        </button>
      </span>
    </li>
  );
}
