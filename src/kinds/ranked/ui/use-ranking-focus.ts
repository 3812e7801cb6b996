import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * The ranking ballot's focus: every control is kept by its kind and its option's id, and a change
 * names the control to focus once it has rendered, so the focus follows a moved or removed row.
 */

/**
 * Which control should have the focus after the next render: the focus follows a moved or removed
 * row. `find` is the field that finds options by typing (its id is ''); an Add button hidden by
 * what was typed there hands the focus to it.
 */
export type FocusTarget = { control: 'handle' | 'up' | 'down' | 'remove' | 'add' | 'find'; id: string };

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
  const focusOn = useCallback((target: FocusTarget) => {
    const found = controls.current.get(`${target.control}:${target.id}`);
    (found ?? (target.control === 'add' ? controls.current.get('find:') : undefined))?.focus();
  }, []);

  useLayoutEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    focusOn(target);
  }, [state, focusOn]);

  const focusAfterRender = useCallback((target: FocusTarget | null) => {
    focusAfter.current = target;
  }, []);

  return {
    control: (name, id) => (element) => {
      if (element) controls.current.set(`${name}:${id}`, element);
      else controls.current.delete(`${name}:${id}`);
    },
    focusAfterRender,
    focusNow: focusOn,
  };
}
