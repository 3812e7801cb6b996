import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * The ranking ballot's focus: every control is kept by its kind and its option's id, and a change
 * names the control to focus once it has rendered, so the focus follows a moved or removed row.
 */

/** Which control should have the focus after the next render: the focus follows a moved or removed row. */
export type FocusTarget = { control: 'handle' | 'up' | 'down' | 'remove' | 'add'; id: string };

export type RankingFocus = {
  /** The ref of one control, keeping it by kind and option id. */
  control: (name: FocusTarget['control'], id: string) => (element: HTMLElement | null) => void;
  /** What to focus once `state` has rendered anew; null leaves the focus where it is. */
  focusAfterRender: (target: FocusTarget | null) => void;
  focusNow: (target: FocusTarget) => void;
};

export function useRankingFocus(state: unknown): RankingFocus {
  const controls = useRef(new Map<string, HTMLElement>());
  const focusAfter = useRef<FocusTarget | null>(null);

  useLayoutEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    controls.current.get(`${target.control}:${target.id}`)?.focus();
  }, [state]);

  const focusAfterRender = useCallback((target: FocusTarget | null) => {
    focusAfter.current = target;
  }, []);

  return {
    control: (name, id) => (element) => {
      if (element) controls.current.set(`${name}:${id}`, element);
      else controls.current.delete(`${name}:${id}`);
    },
    focusAfterRender,
    focusNow: (target) => controls.current.get(`${target.control}:${target.id}`)?.focus(),
  };
}
