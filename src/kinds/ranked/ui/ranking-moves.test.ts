import { describe, expect, it } from 'vitest';
import { kindWords } from '../../../../tests/support/kind-messages';
import {
  applyRankingMove,
  dragOffset,
  dropIndex,
  EMPTY_RANKING,
  type RankingMove,
  type RankingState,
} from './ranking-moves';

const names = new Map([
  ['m', 'Mango'],
  ['k', 'Kiwi'],
  ['p', 'Papaya'],
  ['l', 'Lime'],
]);

/** What the live region says of a state's last change, in English unless told. */
function said(state: RankingState, locale: Parameters<typeof kindWords>[1] = 'en'): string {
  const t = kindWords('RankingBallot', locale);
  return state.announcement ? t(`said.${state.announcement.said}`, state.announcement.values) : '';
}

/** The state after these moves from an empty ranking, with at most `maxChoices` ranked. */
function after(moves: RankingMove[], maxChoices = 3): RankingState {
  return moves.reduce((state, move) => applyRankingMove(state, move, { names, maxChoices }), EMPTY_RANKING);
}

const threeRanked: RankingMove[] = [
  { type: 'add', id: 'm' },
  { type: 'add', id: 'k' },
  { type: 'add', id: 'p' },
];

describe('building a ranking', () => {
  it('adds options at the bottom, in the order chosen, and says where', () => {
    const state = after(threeRanked.slice(0, 2));
    expect(state.ranking).toEqual(['m', 'k']);
    expect(said(state)).toBe('Kiwi added at rank 2 of 2');
  });

  it('refuses an option beyond the most a ballot may rank, and says why', () => {
    const state = after([...threeRanked, { type: 'add', id: 'l' }]);
    expect(state.ranking).toEqual(['m', 'k', 'p']);
    expect(said(state)).toBe('You have ranked 3, the most this poll takes. Remove one to add another');
  });

  it('ignores an option already ranked or not in the poll', () => {
    const state = after([{ type: 'add', id: 'm' }]);
    expect(applyRankingMove(state, { type: 'add', id: 'm' }, { names, maxChoices: 3 })).toBe(state);
    expect(applyRankingMove(state, { type: 'add', id: 'x' }, { names, maxChoices: 3 })).toBe(state);
  });

  it('moves an option to a rank and announces it as "Mango moved to rank 2 of 3"', () => {
    const state = after([...threeRanked, { type: 'move', id: 'm', to: 1 }]);
    expect(state.ranking).toEqual(['k', 'm', 'p']);
    expect(said(state)).toBe('Mango moved to rank 2 of 3');
  });

  it('moves down as well as up, past several options at once', () => {
    expect(after([...threeRanked, { type: 'move', id: 'm', to: 2 }]).ranking).toEqual(['k', 'p', 'm']);
    expect(after([...threeRanked, { type: 'move', id: 'p', to: 0 }]).ranking).toEqual(['p', 'm', 'k']);
  });

  it('keeps a move within the ranking and says the option stays at the top or bottom', () => {
    const up = after([...threeRanked, { type: 'move', id: 'm', to: -1 }]);
    expect(up.ranking).toEqual(['m', 'k', 'p']);
    expect(said(up)).toBe('Mango stays at rank 1 of 3');
    const down = after([...threeRanked, { type: 'move', id: 'p', to: 7 }]);
    expect(down.ranking).toEqual(['m', 'k', 'p']);
    expect(said(down)).toBe('Papaya stays at rank 3 of 3');
  });

  it('counts every announcement, so the same words said twice are read twice', () => {
    const once = after([...threeRanked, { type: 'move', id: 'm', to: -1 }]);
    const twice = applyRankingMove(once, { type: 'move', id: 'm', to: -1 }, { names, maxChoices: 3 });
    expect(said(twice)).toBe(said(once));
    expect(twice.said).toBe(once.said + 1);
  });

  it('removes an option and says how many are left ranked', () => {
    const state = after([...threeRanked, { type: 'remove', id: 'k' }]);
    expect(state.ranking).toEqual(['m', 'p']);
    expect(said(state)).toBe('Kiwi removed; 2 ranked');
    expect(
      said(
        after([
          { type: 'add', id: 'l' },
          { type: 'remove', id: 'l' },
        ]),
      ),
    ).toBe('Lime removed; nothing is ranked');
  });

  it('says a cancelled drag left the option where it was', () => {
    const state = after([...threeRanked, { type: 'cancelled', id: 'k' }]);
    expect(state.ranking).toEqual(['m', 'k', 'p']);
    expect(said(state)).toBe('Move cancelled; Kiwi is back at rank 2 of 3');
  });

  it('takes a ranking from the selects without announcing it, dropping repeats, strangers and extras', () => {
    const state = after([{ type: 'replace', ranking: ['k', 'x', 'k', 'm', 'p', 'l'] }]);
    expect(state.ranking).toEqual(['k', 'm', 'p']);
    expect(state.announcement).toBeNull();
  });

  it('says each change in the page’s language, the option’s name as written', () => {
    const moved = after([...threeRanked, { type: 'move', id: 'p', to: 0 }]);
    expect(said(moved, 'de')).toBe('Papaya auf Platz 1 von 3 verschoben');
    expect(said(moved, 'fr')).toBe('Papaya passe au rang 1 sur 3');
    expect(said(moved, 'es')).toBe('Papaya pasa al puesto 1 de 3');
    expect(said(moved, 'ar')).toBe('نُقل Papaya إلى المرتبة 1 من 3');
    const removed = after([...threeRanked, { type: 'remove', id: 'k' }]);
    expect(said(removed, 'ar')).toBe('أُزيل Kiwi؛ بقي خياران مرتّبان');
    expect(said(after([...threeRanked, { type: 'add', id: 'l' }]), 'de')).toBe(
      'Sie haben 3 Optionen eingeordnet, mehr nimmt diese Umfrage nicht an. Entfernen Sie eine, um eine andere hinzuzufügen',
    );
  });
});

describe('where a dragged option lands', () => {
  // Four items 50 pixels apart.
  const centres = [25, 75, 125, 175];

  it('stays in its slot until its centre passes a neighbour’s centre', () => {
    expect(dropIndex(centres, 1, 74)).toBe(1);
    expect(dropIndex(centres, 1, 126)).toBe(2);
    expect(dropIndex(centres, 1, 24)).toBe(0);
  });

  it('goes past several items and stops at either end', () => {
    expect(dropIndex(centres, 0, 500)).toBe(3);
    expect(dropIndex(centres, 3, -500)).toBe(0);
  });
});

describe('how items are drawn during a drag', () => {
  it('draws the dragged item where the pointer took it and the others in their places', () => {
    const drag = { from: 1, to: 1, dy: 12, shift: 50 };
    expect([0, 1, 2, 3].map((index) => dragOffset(drag, index))).toEqual([0, 12, 0, 0]);
  });

  it('steps the items it passed going down up by its height', () => {
    const drag = { from: 0, to: 2, dy: 110, shift: 50 };
    expect([0, 1, 2, 3].map((index) => dragOffset(drag, index))).toEqual([110, -50, -50, 0]);
  });

  it('steps the items it passed going up down by its height', () => {
    const drag = { from: 3, to: 1, dy: -100, shift: 50 };
    expect([0, 1, 2, 3].map((index) => dragOffset(drag, index))).toEqual([0, 50, 50, -100]);
  });

  it('draws nothing out of place when no drag is under way', () => {
    expect(dragOffset(null, 2)).toBe(0);
  });
});
