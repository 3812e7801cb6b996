'use client';

import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { AddIcon, DownIcon, GripIcon, RemoveIcon, UpIcon } from './ranking-icons';
import type { RankedOption } from './ranked-option';
import { rankFieldName, readRankingFields } from './ranking-fields';
import { applyRankingMove, dragOffset, EMPTY_RANKING, type RankingMove, type RankingState } from './ranking-moves';
import { RankingSelects } from './ranking-selects';
import { useRankingDrag } from './use-ranking-drag';
import './ranked.css';

/**
 * A ranked ballot: the voter adds options in order of preference, most preferred first, up to
 * `maxChoices`, and reorders them by dragging (mouse, touch, pen), with the arrow buttons, or with
 * the arrow keys on a row's handle. Every change is announced in a polite live region. Until the
 * page's script runs (and without JavaScript) it is the numbered selects; both post `rank_1`,
 * `rank_2`, … to `action`, and a ranking started in the selects carries over.
 */

const TEXT = {
  legend: 'Rank the options',
  instructions: (max: number) =>
    max === 1
      ? 'Add your favourite option.'
      : `Add options in order of preference, your favourite first, up to ${max}. Drag a ranked option by its handle, or use its arrows, to change its rank.`,
  keys: 'On a ranked option’s handle: the up and down arrow keys move it, Home and End move it to the top or bottom, Delete removes it.',
  ranked: 'Your ranking',
  rankedCount: (ranked: number, max: number) => `${ranked} of ${max} ranked`,
  nothingRanked: 'Nothing ranked yet.',
  unranked: 'Not ranked',
  everyOptionRanked: 'Every option is ranked.',
  full: (max: number) => `You have ranked ${max}, the most this poll takes.`,
  handle: (name: string, rank: number, of: number) => `${name}, rank ${rank} of ${of}`,
  moveUp: (name: string) => `Move ${name} up`,
  moveDown: (name: string) => `Move ${name} down`,
  remove: (name: string) => `Remove ${name}`,
  add: 'Add ',
  submit: 'Vote',
  emptyBallot: 'Rank at least one option, then vote.',
};

export type RankingBallotProps = {
  options: readonly RankedOption[];
  /** How many options one ballot may rank. */
  maxChoices: number;
  /** No change and no vote: while a vote is being sent, or once the poll is closed. */
  disabled?: boolean;
  /** The ranking, most preferred first, when the voter votes with the page's script running. */
  onSubmit: (ranking: string[]) => void;
  /** Where the form posts `rank_1`, `rank_2`, … before the script runs and without JavaScript. */
  action?: (formData: FormData) => void | Promise<void>;
  /** More fields the form posts (a hidden poll id), and anything shown above the vote button. */
  children?: ReactNode;
};

/** Which control should have the focus after the next render: the focus follows a moved or removed row. */
type FocusTarget = { control: 'handle' | 'up' | 'down' | 'remove' | 'add'; id: string };

export function RankingBallot({
  options,
  maxChoices,
  disabled = false,
  onSubmit,
  action,
  children,
}: RankingBallotProps) {
  const max = Math.max(1, Math.min(maxChoices, options.length));
  const names = useMemo(() => new Map(options.map((option) => [option.id, option.option_text])), [options]);
  const [state, dispatch] = useReducer(
    (current: RankingState, move: RankingMove) => applyRankingMove(current, move, { names, maxChoices: max }),
    EMPTY_RANKING,
  );
  const { ranking } = state;
  const [hydrated, setHydrated] = useState(false);
  const [emptyTried, setEmptyTried] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const controls = useRef(new Map<string, HTMLElement>());
  const focusAfter = useRef<FocusTarget | null>(null);
  const ids = useId();

  useEffect(() => {
    // What the voter chose in the selects before the script ran is kept.
    if (form.current) dispatch({ type: 'replace', ranking: readRankingFields(new FormData(form.current), max) });
    setHydrated(true);
    // Again only if the most a ballot may rank changes: the ranking is then read from its own fields, cut to the new most.
  }, [max]);

  useLayoutEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    controls.current.get(`${target.control}:${target.id}`)?.focus();
  }, [state]);

  const control = (name: FocusTarget['control'], id: string) => (element: HTMLElement | null) => {
    if (element) controls.current.set(`${name}:${id}`, element);
    else controls.current.delete(`${name}:${id}`);
  };

  const change = useCallback((move: RankingMove, focus: FocusTarget | null) => {
    focusAfter.current = focus;
    setEmptyTried(false);
    dispatch(move);
  }, []);

  const onDrop = useCallback(
    (id: string, to: number) => change({ type: 'move', id, to }, { control: 'handle', id }),
    [change],
  );
  const onCancel = useCallback((id: string) => change({ type: 'cancelled', id }, null), [change]);
  const { drag, startDrag } = useRankingDrag(list, ranking, onDrop, onCancel);

  const unranked = options.filter((option) => !ranking.includes(option.id));
  const full = ranking.length >= max;

  /** After a removal the focus goes to the row that took its place, else the one above, else back to its Add button. */
  function remove(id: string, control: 'handle' | 'remove') {
    const at = ranking.indexOf(id);
    const next = ranking[at + 1] ?? ranking[at - 1];
    change({ type: 'remove', id }, next ? { control, id: next } : { control: 'add', id });
  }

  /** After an addition the focus stays in the options not ranked, on the next one; after the last, on its new row. */
  function add(id: string) {
    if (full) return change({ type: 'add', id }, null);
    const at = unranked.findIndex((option) => option.id === id);
    const next = unranked[at + 1] ?? unranked[at - 1];
    change({ type: 'add', id }, next ? { control: 'add', id: next.id } : { control: 'handle', id });
  }

  function onHandleKey(event: KeyboardEvent<HTMLButtonElement>, id: string, index: number) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const to: Record<string, number> = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: ranking.length - 1 };
    if (event.key in to) {
      event.preventDefault();
      change({ type: 'move', id, to: to[event.key]! }, { control: 'handle', id });
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      remove(id, 'handle');
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (disabled) return;
    if (ranking.length === 0) {
      setEmptyTried(true);
      const first = unranked[0];
      if (first) controls.current.get(`add:${first.id}`)?.focus();
      return;
    }
    onSubmit([...ranking]);
  }

  return (
    <form ref={form} className="ranking-ballot" method="post" action={action} onSubmit={hydrated ? submit : undefined}>
      {children}
      {!hydrated ? (
        <RankingSelects options={options} maxChoices={max} disabled={disabled} />
      ) : (
        <fieldset disabled={disabled} aria-describedby={`${ids}-instructions`}>
          <legend>{TEXT.legend}</legend>
          <p className="hint" id={`${ids}-instructions`}>
            {TEXT.instructions(max)}
          </p>

          <div className="ranking-heading">
            <span className="label" id={`${ids}-ranked`}>
              {TEXT.ranked}
            </span>
            <span className="hint">{TEXT.rankedCount(ranking.length, max)}</span>
          </div>
          {ranking.length === 0 && <p className="ranking-empty">{TEXT.nothingRanked}</p>}
          <ol
            ref={list}
            className={`ranking-list${drag ? ' is-sorting' : ''}`}
            aria-labelledby={`${ids}-ranked`}
            hidden={ranking.length === 0}
          >
            {ranking.map((id, index) => {
              const name = names.get(id) ?? id;
              const offset = dragOffset(drag, index);
              return (
                <li
                  key={id}
                  data-option-id={id}
                  className={`ranking-item${drag?.id === id ? ' is-dragged' : ''}`}
                  style={offset === 0 ? undefined : { transform: `translateY(${offset}px)` }}
                  onPointerDown={disabled ? undefined : (event) => startDrag(event, id)}
                >
                  <button
                    type="button"
                    className="ranking-handle"
                    data-drag-handle=""
                    ref={control('handle', id)}
                    aria-label={TEXT.handle(name, index + 1, ranking.length)}
                    aria-describedby={`${ids}-keys`}
                    onKeyDown={(event) => onHandleKey(event, id, index)}
                  >
                    <GripIcon />
                    <span className="ranking-rank">{index + 1}</span>
                  </button>
                  <span className="ranking-text">{name}</span>
                  <span className="ranking-buttons">
                    <button
                      type="button"
                      className="icon-button"
                      ref={control('up', id)}
                      aria-disabled={index === 0}
                      onClick={() => change({ type: 'move', id, to: index - 1 }, { control: 'up', id })}
                    >
                      <UpIcon />
                      <span className="visually-hidden">{TEXT.moveUp(name)}</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      ref={control('down', id)}
                      aria-disabled={index === ranking.length - 1}
                      onClick={() => change({ type: 'move', id, to: index + 1 }, { control: 'down', id })}
                    >
                      <DownIcon />
                      <span className="visually-hidden">{TEXT.moveDown(name)}</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      ref={control('remove', id)}
                      onClick={() => remove(id, 'remove')}
                    >
                      <RemoveIcon />
                      <span className="visually-hidden">{TEXT.remove(name)}</span>
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
          <p className="hint ranking-keys" id={`${ids}-keys`}>
            {TEXT.keys}
          </p>

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
                    onClick={() => add(option.id)}
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
          {ranking.map((id, index) => (
            <input key={id} type="hidden" name={rankFieldName(index + 1)} value={id} />
          ))}
        </fieldset>
      )}
      <p className="visually-hidden" role="status">
        <span key={state.said}>{state.announcement}</span>
      </p>
      {emptyTried && (
        <p className="field-error" role="alert">
          {TEXT.emptyBallot}
        </p>
      )}
      <p className="row">
        <button type="submit" disabled={disabled}>
          {TEXT.submit}
        </button>
      </p>
    </form>
  );
}
