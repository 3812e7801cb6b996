import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventDetails } from '../../../domain/events';
import { positionOfDetails, type EventPosition } from './event-position';

/**
 * The presenter's moves: → and PageDown (what presentation clickers send) show the next question,
 * ← and PageUp the one before (before the first: "waiting"); each is a PATCH of the event with the
 * admin token from `#admin=` in the fragment, whose answer is the event's new position. Ending
 * the event is one more PATCH. Problems are message keys, said by the screen.
 */

export type MoveProblem = 'needsAdmin' | 'moveFailed' | 'unreachable' | null;

/** The admin token of the presenter link, read once from the fragment (never sent as part of the address). */
export function useAdminToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => setToken(new URLSearchParams(window.location.hash.slice(1)).get('admin')), []);
  return token;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function useEventMoves(
  eventId: string,
  token: string | null | undefined,
  position: EventPosition,
  setPosition: (next: EventPosition) => void,
) {
  const [problem, setProblem] = useState<MoveProblem>(null);
  const [busy, setBusy] = useState(false);
  // Moves go one after the other, each from where the one before went, so quick presses all count
  // and the server gets them in order; the screen follows the answers and the stream meanwhile.
  const target = useRef(position.current);
  const pending = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    if (pending.current === 0) target.current = position.current;
  }, [position]);

  const send = useCallback(
    async (body: { current?: number | null; ended?: true }) => {
      try {
        const response = await fetch(`/api/events/${encodeURIComponent(eventId)}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) return setProblem('moveFailed');
        setProblem(null);
        const next = positionOfDetails((await response.json()) as EventDetails);
        setPosition(next);
        if (pending.current === 1) target.current = next.current;
      } catch {
        setProblem('unreachable');
      }
    },
    [eventId, token, setPosition],
  );

  const change = useCallback(
    (body: { current?: number | null; ended?: true }) => {
      if (!token) return setProblem('needsAdmin');
      pending.current++;
      setBusy(true);
      queue.current = queue.current.then(async () => {
        await send(body);
        pending.current--;
        if (pending.current === 0) setBusy(false);
      });
    },
    [send, token],
  );

  const move = useCallback(
    (step: 1 | -1) => {
      const from = target.current ?? -1;
      const to = Math.min(Math.max(from + step, -1), position.questionCount - 1);
      if (to === from) return;
      target.current = to === -1 ? null : to;
      change({ current: target.current });
    },
    [change, position.questionCount],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const step = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key] as 1 | -1 | undefined;
      if (!step) return;
      event.preventDefault();
      // → is "next" in every language: clickers send it whatever the page's direction.
      move(step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move]);

  const end = useCallback(() => change({ ended: true }), [change]);
  return { move, end, problem, busy };
}
