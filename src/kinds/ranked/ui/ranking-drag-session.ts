import { dropIndex, type DragPosition } from './ranking-moves';

/**
 * One drag of a ranked row, from the press to the drop: it follows the pointer on the window,
 * scrolls the window when the pointer nears its top or bottom edge, and ends on release, on
 * Escape or when the pointer is lost. It reports where the row would land (`onMove`) and reorders
 * nothing itself.
 */

/** Pixels the pointer travels before a press becomes a drag, so clicks and taps stay clicks. */
const DRAG_THRESHOLD = 4;
/** How close to the window's edge the pointer starts scrolling it, in pixels. */
const SCROLL_EDGE = 48;

export type RankingDrag = DragPosition & { id: string };

export type DragStart = {
  id: string;
  /** The dragged row's index, and every row of the list, in their resting places. */
  from: number;
  rows: readonly Element[];
  pointerId: number;
  clientY: number;
};

export type DragEvents = {
  onMove: (drag: RankingDrag) => void;
  onDrop: (id: string, to: number) => void;
  onCancel: (id: string) => void;
  /** The drag is over, dropped, given up or stopped: before `onDrop` or `onCancel`. */
  onStop: () => void;
};

export type DragSession = { stop: () => void };

type Session = RankingDrag & {
  pointerId: number;
  /** Where the pointer went down, and each row's resting centre, in page coordinates. */
  startY: number;
  centres: number[];
  lastClientY: number;
  active: boolean;
  frame: number;
};

/** How far the window scrolls in one frame with the pointer at `y`: towards the edge it is near, or not at all. */
function edgeScrollSpeed(y: number): number {
  if (y < SCROLL_EDGE) return (y - SCROLL_EDGE) / 4;
  if (y > innerHeight - SCROLL_EDGE) return (y - innerHeight + SCROLL_EDGE) / 4;
  return 0;
}

function sessionOf({ id, from, rows, pointerId, clientY }: DragStart): Session {
  const rects = rows.map((row) => row.getBoundingClientRect());
  const gap = rects.length > 1 ? rects[1]!.top - rects[0]!.bottom : 0;
  return {
    id,
    from,
    to: from,
    dy: 0,
    shift: rects[from]!.height + gap,
    pointerId,
    startY: clientY + window.scrollY,
    centres: rects.map((rect) => rect.top + window.scrollY + rect.height / 2),
    lastClientY: clientY,
    active: false,
    frame: 0,
  };
}

export function startDragSession(start: DragStart, events: DragEvents): DragSession {
  const s = sessionOf(start);

  function update() {
    s.dy = s.lastClientY + window.scrollY - s.startY;
    s.to = dropIndex(s.centres, s.from, s.centres[s.from]! + s.dy);
    events.onMove({ id: s.id, from: s.from, to: s.to, dy: s.dy, shift: s.shift });
  }
  function scrollNearEdge() {
    s.frame = 0;
    const speed = edgeScrollSpeed(s.lastClientY);
    const before = window.scrollY;
    if (speed !== 0) window.scrollBy(0, speed);
    // At the top or bottom of the page there is nothing left to scroll: wait for the pointer to move.
    if (window.scrollY === before) return;
    update();
    s.frame = requestAnimationFrame(scrollNearEdge);
  }
  function move(e: PointerEvent) {
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
  function end(e: PointerEvent) {
    if (e.pointerId !== s.pointerId) return;
    stop();
    if (s.active) events.onDrop(s.id, s.to);
  }
  function cancel(e: PointerEvent | KeyboardEvent) {
    if (e instanceof KeyboardEvent ? e.key !== 'Escape' : e.pointerId !== s.pointerId) return;
    e.preventDefault();
    stop();
    if (s.active) events.onCancel(s.id);
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
    events.onStop();
  }
  window.addEventListener('pointermove', move, { passive: false });
  window.addEventListener('pointerup', end);
  window.addEventListener('pointercancel', cancel);
  window.addEventListener('keydown', cancel);
  window.addEventListener('scroll', scrolled, { passive: true });
  return { stop };
}
