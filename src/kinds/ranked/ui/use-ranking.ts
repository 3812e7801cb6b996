import { useCallback, useEffect, useMemo, useReducer, useState, type RefObject } from 'react';
import type { RankedOption } from './ranked-option';
import { readRankingFields } from './ranking-fields';
import { applyRankingMove, EMPTY_RANKING, type RankingMove, type RankingState } from './ranking-moves';
import { useRankingFocus, type FocusTarget } from './use-ranking-focus';

/**
 * The ranking a voter builds on the ranking ballot, and every edit to it: add, remove, move by
 * button, key or drop. It starts from what the selects held before the page's script ran, and the
 * focus follows each edit (use-ranking-focus.ts).
 */
export function useRanking(options: readonly RankedOption[], max: number, form: RefObject<HTMLFormElement | null>) {
  const names = useMemo(() => new Map(options.map((option) => [option.id, option.option_text])), [options]);
  const [state, dispatch] = useReducer(
    (current: RankingState, move: RankingMove) => applyRankingMove(current, move, { names, maxChoices: max }),
    EMPTY_RANKING,
  );
  const { ranking } = state;
  const [hydrated, setHydrated] = useState(false);
  const [emptyTried, setEmptyTried] = useState(false);
  const focus = useRankingFocus(state);
  const { focusAfterRender } = focus;

  useEffect(() => {
    // What the voter chose in the selects before the script ran is kept.
    if (form.current) dispatch({ type: 'replace', ranking: readRankingFields(new FormData(form.current), max) });
    setHydrated(true);
    // Again only if the most a ballot may rank changes: the ranking is then read from its own fields, cut to the new most.
  }, [form, max]);

  const change = useCallback(
    (move: RankingMove, target: FocusTarget | null) => {
      focusAfterRender(target);
      setEmptyTried(false);
      dispatch(move);
    },
    [focusAfterRender],
  );

  const drop = useCallback(
    (id: string, to: number) => change({ type: 'move', id, to }, { control: 'handle', id }),
    [change],
  );
  const cancelDrag = useCallback((id: string) => change({ type: 'cancelled', id }, null), [change]);

  const unranked = options.filter((option) => !ranking.includes(option.id));
  const full = ranking.length >= max;

  /** After a removal the focus goes to the row that took its place, else the one above, else back to its Add button. */
  function remove(id: string, control: 'handle' | 'remove') {
    const at = ranking.indexOf(id);
    const next = ranking[at + 1] ?? ranking[at - 1];
    change({ type: 'remove', id }, next ? { control, id: next } : { control: 'add', id });
  }

  /** `shown`: the options on screen, those not ranked or the ones found by typing. */
  function add(id: string, shown: readonly RankedOption[] = unranked) {
    change({ type: 'add', id }, full ? null : focusAfterAdding(id, shown, unranked));
  }

  /** A vote with nothing ranked: say so, and put the focus on the first option to add. */
  function refuseEmpty() {
    setEmptyTried(true);
    const first = unranked[0];
    if (first) focus.focusNow({ control: 'add', id: first.id });
  }

  return {
    state,
    names,
    hydrated,
    emptyTried,
    unranked,
    full,
    control: focus.control,
    change,
    drop,
    cancelDrag,
    add,
    remove,
    refuseEmpty,
  };
}

/**
 * After an addition the focus stays in the options shown, on the next one; after the last found
 * by typing, in the field to find another; after the last of all, on its new row.
 */
function focusAfterAdding(id: string, shown: readonly RankedOption[], unranked: readonly RankedOption[]): FocusTarget {
  const at = shown.findIndex((option) => option.id === id);
  const next = shown[at + 1] ?? shown[at - 1];
  if (next) return { control: 'add', id: next.id };
  return shown.length < unranked.length ? { control: 'find', id: '' } : { control: 'handle', id };
}
