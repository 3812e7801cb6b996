import { describe, expect, it } from 'vitest';
import { applyLiveState, applyVoteCounts, percentOf, type ShownResults } from './live-counts';

const shown: ShownResults = { seq: 5, total: 3, counts: { a: 2, b: 1 }, isActive: true, deleted: false };
const state = (seq: number, a: number, b: number, extra: { is_active?: boolean; deleted?: boolean } = {}) => ({
  poll_id: 'p',
  seq,
  total_votes: a + b,
  options: [
    { id: 'a', count: a },
    { id: 'b', count: b },
  ],
  is_active: extra.is_active ?? true,
  ...(extra.deleted ? { deleted: true } : {}),
});

describe('the results a viewer sees', () => {
  it('takes a newer live state', () => {
    expect(applyLiveState(shown, state(6, 3, 1))).toEqual({ ...shown, seq: 6, total: 4, counts: { a: 3, b: 1 } });
  });

  it('ignores a state older than the one shown, so counts never go back', () => {
    expect(applyLiveState(shown, state(4, 1, 0))).toBe(shown);
  });

  it('never lowers a count, even when a state with an equal seq carries less', () => {
    expect(applyLiveState(shown, state(5, 1, 1)).counts).toEqual({ a: 2, b: 1 });
  });

  it('shows a poll closed, and a deleted poll as closed and deleted', () => {
    expect(applyLiveState(shown, state(6, 2, 1, { is_active: false })).isActive).toBe(false);
    const gone = applyLiveState(shown, state(7, 2, 1, { is_active: false, deleted: true }));
    expect(gone).toMatchObject({ isActive: false, deleted: true });
  });

  it('merges the counts a vote response carries without moving any backwards', () => {
    const ahead = { ...shown, seq: 9, total: 10, counts: { a: 6, b: 4 } };
    expect(
      applyVoteCounts(ahead, {
        total_votes: 8,
        options: [
          { id: 'a', count: 5 },
          { id: 'b', count: 3 },
        ],
      }),
    ).toEqual(ahead);
    expect(
      applyVoteCounts(shown, {
        total_votes: 4,
        options: [
          { id: 'a', count: 2 },
          { id: 'b', count: 2 },
        ],
      }),
    ).toEqual({
      ...shown,
      total: 4,
      counts: { a: 2, b: 2 },
    });
  });

  it('shows 0% rather than dividing by zero before the first vote', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 4)).toBe(25);
  });
});
