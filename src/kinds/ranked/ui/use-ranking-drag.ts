import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { startDragSession, type DragSession, type RankingDrag } from './ranking-drag-session';

/**
 * Dragging a ranked option to another rank, by mouse (anywhere on its row but its buttons) or by
 * touch and pen (on its handle, which takes no scrolling). Nothing is reordered until the drop:
 * meanwhile the rows are only drawn out of place (`dragOffset`), so the list React renders, the
 * focus and the hidden form fields stay as they were. The window scrolls when the pointer nears
 * its top or bottom edge; Escape gives the drag up (ranking-drag-session.ts).
 */

export function useRankingDrag(
  list: RefObject<HTMLOListElement | null>,
  ranking: readonly string[],
  onDrop: (id: string, to: number) => void,
  onCancel: (id: string) => void,
): { drag: RankingDrag | null; startDrag: (event: PointerEvent<HTMLElement>, id: string) => void } {
  const [drag, setDrag] = useState<RankingDrag | null>(null);
  const session = useRef<DragSession | null>(null);

  useEffect(() => () => session.current?.stop(), []);

  const startDrag = useCallback(
    (event: PointerEvent<HTMLElement>, id: string) => {
      if (event.button !== 0 || session.current) return;
      const target = event.target as Element;
      const onHandle = target.closest('[data-drag-handle]') !== null;
      if (!onHandle && (event.pointerType !== 'mouse' || target.closest('button'))) return;
      const rows = Array.from(list.current?.children ?? []);
      const from = ranking.indexOf(id);
      if (from === -1 || rows.length !== ranking.length) return;

      session.current = startDragSession(
        { id, from, rows, pointerId: event.pointerId, clientY: event.clientY },
        {
          onMove: setDrag,
          onDrop,
          onCancel,
          onStop: () => {
            session.current = null;
            setDrag(null);
          },
        },
      );
    },
    [list, ranking, onDrop, onCancel],
  );

  return { drag, startDrag };
}
