import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { dropIndex, type DragPosition } from './ranking-moves';

/**
 * Dragging a ranked option to another rank, by mouse (anywhere on its row but its buttons) or by
 * touch and pen (on its handle, which takes no scrolling). Nothing is reordered until the drop:
 * meanwhile the rows are only drawn out of place (`dragOffset`), so the list React renders, the
 * focus and the hidden form fields stay as they were. The window scrolls when the pointer nears
 * its top or bottom edge; Escape gives the drag up.
 */

/** Pixels the pointer travels before a press becomes a drag, so clicks and taps stay clicks. */
const DRAG_THRESHOLD = 4;
/** How close to the window's edge the pointer starts scrolling it, in pixels. */
const SCROLL_EDGE = 48;

export type RankingDrag = DragPosition & { id: string };

type Session = RankingDrag & {
  pointerId: number;
  /** Where the pointer went down, and each row's resting centre, in page coordinates. */
  startY: number;
  centres: number[];
  lastClientY: number;
  active: boolean;
  frame: number;
  stop: () => void;
};

export function useRankingDrag(
  list: RefObject<HTMLOListElement | null>,
  ranking: readonly string[],
  onDrop: (id: string, to: number) => void,
  onCancel: (id: string) => void,
): { drag: RankingDrag | null; startDrag: (event: PointerEvent<HTMLElement>, id: string) => void } {
  const [drag, setDrag] = useState<RankingDrag | null>(null);
  const session = useRef<Session | null>(null);

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

      const rects = rows.map((row) => row.getBoundingClientRect());
      const gap = rects.length > 1 ? rects[1]!.top - rects[0]!.bottom : 0;
      const s: Session = {
        id,
        from,
        to: from,
        dy: 0,
        shift: rects[from]!.height + gap,
        pointerId: event.pointerId,
        startY: event.clientY + window.scrollY,
        centres: rects.map((rect) => rect.top + window.scrollY + rect.height / 2),
        lastClientY: event.clientY,
        active: false,
        frame: 0,
        stop,
      };
      session.current = s;

      function update() {
        s.dy = s.lastClientY + window.scrollY - s.startY;
        s.to = dropIndex(s.centres, s.from, s.centres[s.from]! + s.dy);
        setDrag({ id: s.id, from: s.from, to: s.to, dy: s.dy, shift: s.shift });
      }
      function scrollNearEdge() {
        s.frame = 0;
        const y = s.lastClientY;
        const speed =
          y < SCROLL_EDGE
            ? (y - SCROLL_EDGE) / 4
            : y > innerHeight - SCROLL_EDGE
              ? (y - innerHeight + SCROLL_EDGE) / 4
              : 0;
        const before = window.scrollY;
        if (speed !== 0) window.scrollBy(0, speed);
        // At the top or bottom of the page there is nothing left to scroll: wait for the pointer to move.
        if (window.scrollY === before) return;
        update();
        s.frame = requestAnimationFrame(scrollNearEdge);
      }
      function move(e: globalThis.PointerEvent) {
        if (e.pointerId !== s.pointerId) return;
        s.lastClientY = e.clientY;
        if (!s.active) {
          if (Math.abs(e.clientY + window.scrollY - s.startY) < DRAG_THRESHOLD) return;
          s.active = true;
        }
        e.preventDefault();
        update();
        if (s.frame === 0) s.frame = requestAnimationFrame(scrollNearEdge);
      }
      function end(e: globalThis.PointerEvent) {
        if (e.pointerId !== s.pointerId) return;
        stop();
        if (s.active) onDrop(s.id, s.to);
      }
      function cancel(e: globalThis.PointerEvent | KeyboardEvent) {
        if (e instanceof KeyboardEvent ? e.key !== 'Escape' : e.pointerId !== s.pointerId) return;
        e.preventDefault();
        stop();
        if (s.active) onCancel(s.id);
      }
      function scrolled() {
        if (s.active) update();
      }
      function stop() {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', end);
        window.removeEventListener('pointercancel', cancel);
        window.removeEventListener('keydown', cancel);
        window.removeEventListener('scroll', scrolled);
        if (s.frame !== 0) cancelAnimationFrame(s.frame);
        session.current = null;
        setDrag(null);
      }
      window.addEventListener('pointermove', move, { passive: false });
      window.addEventListener('pointerup', end);
      window.addEventListener('pointercancel', cancel);
      window.addEventListener('keydown', cancel);
      window.addEventListener('scroll', scrolled, { passive: true });
    },
    [list, ranking, onDrop, onCancel],
  );

  return { drag, startDrag };
}
