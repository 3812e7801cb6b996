/**
 * The ranking a voter is building, as a reducer: every change (a button, a key, a drop) goes
 * through `applyRankingMove`, which also says what screen readers hear about it (the ballot words
 * it in the page's language). Pure, so the moves and their announcements are tested without a browser.
 */

/**
 * What the live region says about a change: a message of the `RankingBallot.said` namespace
 * (messages/kinds) and its values, worded by the ballot in the page's language.
 */
type Announcement = {
  said: 'added' | 'full' | 'removed' | 'moved' | 'stays' | 'cancelled';
  values: Record<string, string | number>;
};

export type RankingState = {
  /** Option ids, most preferred first. */
  ranking: string[];
  /** What the live region says about the last change; null before the first. */
  announcement: Announcement | null;
  /** Counts announcements, so the same words said twice are read twice. */
  said: number;
};

export type RankingMove =
  | { type: 'add'; id: string }
  | { type: 'remove'; id: string }
  /** To a 0-based position, kept within the ranking: a button, a key or a drop. */
  | { type: 'move'; id: string; to: number }
  /** A drag given up (Escape): the ranking stays as it was; say so. */
  | { type: 'cancelled'; id: string }
  /** A ranking taken as it is, unannounced: what the selects held before the page came alive. */
  | { type: 'replace'; ranking: string[] };

export type RankingRules = {
  /** Each option's text, by id, for the announcements. */
  names: ReadonlyMap<string, string>;
  maxChoices: number;
};

export const EMPTY_RANKING: RankingState = { ranking: [], announcement: null, said: 0 };

export function applyRankingMove(state: RankingState, move: RankingMove, rules: RankingRules): RankingState {
  const say = (ranking: string[], said: Announcement['said'], values: Announcement['values']): RankingState => ({
    ranking,
    announcement: { said, values },
    said: state.said + 1,
  });
  const name = (id: string) => rules.names.get(id) ?? id;
  const { ranking } = state;

  switch (move.type) {
    case 'add': {
      if (!rules.names.has(move.id) || ranking.includes(move.id)) return state;
      if (ranking.length >= rules.maxChoices) return say(ranking, 'full', { max: rules.maxChoices });
      const next = [...ranking, move.id];
      return say(next, 'added', { name: name(move.id), rank: next.length, of: next.length });
    }
    case 'remove': {
      if (!ranking.includes(move.id)) return state;
      const next = ranking.filter((id) => id !== move.id);
      return say(next, 'removed', { name: name(move.id), left: next.length });
    }
    case 'move': {
      const from = ranking.indexOf(move.id);
      if (from === -1) return state;
      const to = Math.min(Math.max(move.to, 0), ranking.length - 1);
      if (to === from) return say(ranking, 'stays', { name: name(move.id), rank: from + 1, of: ranking.length });
      const next = ranking.filter((id) => id !== move.id);
      next.splice(to, 0, move.id);
      return say(next, 'moved', { name: name(move.id), rank: to + 1, of: next.length });
    }
    case 'cancelled': {
      const at = ranking.indexOf(move.id);
      if (at === -1) return state;
      return say(ranking, 'cancelled', { name: name(move.id), rank: at + 1, of: ranking.length });
    }
    case 'replace': {
      const known = move.ranking.filter((id, i) => rules.names.has(id) && move.ranking.indexOf(id) === i);
      return { ...state, ranking: known.slice(0, rules.maxChoices) };
    }
  }
}

/**
 * Where a dragged option lands: the position among the ranking whose slot its centre is over.
 * `centres` are the resting centres of every item, in order; `from` is the dragged one's index.
 */
export function dropIndex(centres: readonly number[], from: number, draggedCentre: number): number {
  let to = from;
  for (let i = from + 1; i < centres.length && draggedCentre > centres[i]!; i++) to = i;
  for (let i = from - 1; i >= 0 && draggedCentre < centres[i]!; i--) to = i;
  return to;
}

/** A drag under way: the dragged item's index, where it would land, how far it moved and the room it takes. */
export type DragPosition = { from: number; to: number; dy: number; shift: number };

/**
 * How far the item at `index` is drawn from its resting place while a drag is under way: the
 * dragged one follows the pointer, the ones it passed step aside by its height.
 */
export function dragOffset(drag: DragPosition | null, index: number): number {
  if (drag === null) return 0;
  if (index === drag.from) return drag.dy;
  if (drag.from < drag.to && index > drag.from && index <= drag.to) return -drag.shift;
  if (drag.to < drag.from && index >= drag.to && index < drag.from) return drag.shift;
  return 0;
}
