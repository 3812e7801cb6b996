import { describe, expect, it } from 'vitest';
import type { ResultsVisibility } from '../../domain/polls';
import type { RankedResults } from '../../kinds/ranked/tally';
import type { TextResults } from '../../kinds/text/results';
import type { PollDetails } from '../../polls/poll-details';
import type { LiveState } from '../_client/live-client';
import {
  applyLiveState,
  applyVoteCounts,
  heldView,
  percentOf,
  shownFromDetails,
  type ShownResults,
} from './live-counts';

const shown: ShownResults = {
  seq: 5,
  revision: 0,
  total: 3,
  visibility: 'always',
  isActive: true,
  deleted: false,
  visible: true,
  counts: { a: 2, b: 1 },
};
const hidden: ShownResults = {
  seq: 5,
  revision: 0,
  total: 3,
  visibility: 'after_vote',
  isActive: true,
  deleted: false,
  visible: false,
};

type Extra = { is_active?: boolean; deleted?: boolean; visibility?: ResultsVisibility; visible?: boolean };
const state = (seq: number, a: number, b: number, extra: Extra = {}): LiveState => {
  const visible = extra.visible ?? true;
  return {
    poll_id: 'p',
    seq,
    revision: 0,
    total_votes: a + b,
    options: [
      { id: 'a', count: visible ? a : null },
      { id: 'b', count: visible ? b : null },
    ],
    is_active: extra.is_active ?? true,
    results_visibility: extra.visibility ?? 'always',
    results_visible: visible,
    ...(extra.deleted ? { deleted: true } : {}),
  };
};
const answer = (a: number | null, b: number | null, total: number) => ({
  new_counts: {
    total_votes: total,
    options: [
      { id: 'a', count: a },
      { id: 'b', count: b },
    ],
  },
  results_visible: a !== null,
});

describe('the results a viewer sees', () => {
  it('takes a newer live state', () => {
    expect(applyLiveState(shown, state(6, 3, 1))).toEqual({ ...shown, seq: 6, total: 4, counts: { a: 3, b: 1 } });
  });

  it('takes the revision of an edited poll, so the page reads its new texts, and never goes back', () => {
    const edited = applyLiveState(shown, { ...state(6, 2, 1), revision: 1 });
    expect(edited.revision).toBe(1);
    expect(applyLiveState(edited, state(6, 2, 1)).revision).toBe(1);
  });

  it('ignores a state older than the one shown, so counts never go back', () => {
    expect(applyLiveState(shown, state(4, 1, 0))).toBe(shown);
  });

  it('never lowers a count, even when a state with an equal seq carries less', () => {
    expect(applyLiveState(shown, state(5, 1, 1))).toMatchObject({ visible: true, counts: { a: 2, b: 1 } });
  });

  it('shows a poll closed, and a deleted poll as closed and deleted', () => {
    expect(applyLiveState(shown, state(6, 2, 1, { is_active: false })).isActive).toBe(false);
    const gone = applyLiveState(shown, state(7, 2, 1, { is_active: false, deleted: true }));
    expect(gone).toMatchObject({ isActive: false, deleted: true });
  });

  it('merges the counts a vote answer carries without moving any backwards', () => {
    const ahead: ShownResults = { ...shown, seq: 9, total: 10, counts: { a: 6, b: 4 } };
    expect(applyVoteCounts(ahead, answer(5, 3, 8))).toEqual(ahead);
    expect(applyVoteCounts(shown, answer(2, 2, 4))).toEqual({ ...shown, total: 4, counts: { a: 2, b: 2 } });
  });

  it('shows 0% rather than dividing by zero before the first vote', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 4)).toBe(25);
  });
});

describe('results the poll hides from this viewer', () => {
  it('follows the total while the counts stay hidden, with no counts made up', () => {
    const next = applyLiveState(hidden, state(6, 3, 1, { visibility: 'after_vote', visible: false }));
    expect(next).toEqual({ ...hidden, seq: 6, total: 4 });
    expect(next).not.toHaveProperty('counts');
  });

  it('shows the counts once a live state brings them (the creator revealed them, the poll closed)', () => {
    expect(applyLiveState(hidden, state(6, 3, 1, { visibility: 'always' }))).toEqual({
      ...hidden,
      seq: 6,
      total: 4,
      visibility: 'always',
      visible: true,
      counts: { a: 3, b: 1 },
    });
    expect(applyLiveState(hidden, state(6, 3, 1, { visibility: 'after_vote', is_active: false }))).toMatchObject({
      isActive: false,
      visible: true,
      counts: { a: 3, b: 1 },
    });
  });

  it('shows the counts a vote answer brings, and only the total when it brings none', () => {
    expect(applyVoteCounts(hidden, answer(3, 1, 4))).toEqual({
      ...hidden,
      total: 4,
      visible: true,
      counts: { a: 3, b: 1 },
    });
    expect(applyVoteCounts({ ...hidden, visibility: 'creator' }, answer(null, null, 4))).toEqual({
      ...hidden,
      visibility: 'creator',
      total: 4,
    });
  });

  it('hides the counts again when the creator hides them or reopens a poll that showed them on closing', () => {
    const revealed = applyLiveState(hidden, state(6, 3, 1, { visibility: 'always' }));
    expect(applyLiveState(revealed, state(7, 3, 1, { visibility: 'creator', visible: false }))).toEqual({
      ...hidden,
      seq: 7,
      total: 4,
      visibility: 'creator',
    });
    const closed = applyLiveState(
      { ...hidden, visibility: 'after_close' },
      state(6, 3, 1, { visibility: 'after_close', is_active: false }),
    );
    expect(closed.visible).toBe(true);
    const reopened = applyLiveState(closed, state(7, 3, 1, { visibility: 'after_close', visible: false }));
    expect(reopened).toEqual({ ...hidden, seq: 7, total: 4, visibility: 'after_close', isActive: true });
  });

  it('keeps the counts a vote answer showed when an older state without them arrives afterwards', () => {
    const voted = applyVoteCounts(hidden, answer(3, 2, 5));
    expect(applyLiveState(voted, state(6, 3, 1, { visibility: 'after_vote', visible: false }))).toEqual({
      ...hidden,
      seq: 6,
      total: 5,
      visible: true,
      counts: { a: 3, b: 2 },
    });
  });

  it('never reads a hidden count as zero', () => {
    const partial: LiveState = {
      ...state(6, 3, 1),
      options: [
        { id: 'a', count: 3 },
        { id: 'b', count: null },
      ],
    };
    expect(applyLiveState(hidden, partial).visible).toBe(false);
    expect(applyLiveState(shown, partial)).toMatchObject({ visible: true, counts: { a: 2, b: 1 } });
  });
});

describe('the results a page starts from', () => {
  const details = (visible: boolean): PollDetails => ({
    poll: {
      id: 'p',
      title: 'Lunch?',
      description: null,
      kind: 'choice',
      filter_profanity: false,
      category: null,
      created_at: '2030-01-01T00:00:00.000Z',
      expires_at: null,
      is_active: true,
      total_votes: 3,
      voter_identity: 'address',
      max_choices: 1,
      code: 'ABC234',
      listed: false,
      results_visibility: 'creator',
    },
    options: [
      { id: 'a', option_text: 'Yes', vote_count: visible ? 2 : null },
      { id: 'b', option_text: 'No', vote_count: visible ? 1 : null },
    ],
    stats: { total_votes: 3, option_count: 2, seq: 5, revision: 0 },
    voter: { has_voted: false, option_id: null, option_ids: [] },
    results_visible: visible,
  });

  it('shows the counts the server sent to a viewer who may see them', () => {
    expect(shownFromDetails(details(true))).toEqual({ ...shown, visibility: 'creator' });
  });

  it('shows only the total to a viewer the poll hides its counts from', () => {
    expect(shownFromDetails(details(false))).toEqual({ ...hidden, visibility: 'creator' });
  });
});

describe('a ranked poll’s count', () => {
  /** A count over `a + b` ballots, all in one round, won by whichever has more. */
  const runoff = (a: number, b: number): RankedResults => ({
    method: 'irv',
    rounds: [{ round: 1, tally: { a, b }, eliminated: [], exhausted: 0 }],
    winner: a > b ? 'a' : 'b',
  });
  const ranked = (seq: number, a: number, b: number, extra: Extra = {}): LiveState => {
    const live = state(seq, a, b, extra);
    return { ...live, results: live.results_visible ? runoff(a, b) : null };
  };

  it('comes with the counts of a live state and follows the newer one', () => {
    const first = applyLiveState(shown, ranked(6, 3, 1));
    expect(first).toMatchObject({ visible: true, results: runoff(3, 1) });
    expect(applyLiveState(first, ranked(7, 3, 4))).toMatchObject({ results: runoff(3, 4) });
  });

  it('keeps the count over more ballots, whichever of a vote answer and a live state comes last', () => {
    const live = applyLiveState(shown, ranked(6, 3, 1));
    const voted = applyVoteCounts(live, { ...answer(3, 2, 5), results: runoff(3, 2) });
    expect(voted).toMatchObject({ results: runoff(3, 2) });
    expect(applyLiveState(voted, ranked(6, 3, 1))).toMatchObject({ results: runoff(3, 2) });
    expect(
      applyVoteCounts(applyLiveState(shown, ranked(7, 4, 2)), { ...answer(3, 2, 5), results: runoff(3, 2) }),
    ).toMatchObject({ results: runoff(4, 2) });
  });

  it('is hidden exactly when the counts are, and goes with them', () => {
    const stillHidden = applyLiveState(hidden, ranked(6, 3, 1, { visibility: 'after_vote', visible: false }));
    expect(stillHidden).not.toHaveProperty('results');
    const revealed = applyLiveState(hidden, ranked(6, 3, 1, { visibility: 'always' }));
    expect(revealed).toMatchObject({ visible: true, results: runoff(3, 1) });
    const hiddenAgain = applyLiveState(revealed, ranked(7, 3, 1, { visibility: 'creator', visible: false }));
    expect(hiddenAgain).toEqual({ ...hidden, seq: 7, total: 4, visibility: 'creator' });
  });
});

describe('an open-text poll’s answers', () => {
  const cloud = (...answers: [string, number][]): TextResults => ({
    answers: answers.map(([text, count]) => ({ text, count })),
    distinct: answers.length,
  });
  /** A text poll has no options: its live states carry the total and the answers. */
  const written = (seq: number, total: number, results: TextResults | null): LiveState => ({
    poll_id: 'p',
    seq,
    revision: 0,
    total_votes: total,
    options: [],
    is_active: true,
    results_visibility: 'always',
    results_visible: results !== null,
    results,
  });
  const none: ShownResults = { ...shown, total: 0, counts: {} };
  const voteAnswer = (total: number, results: TextResults) => ({
    new_counts: { total_votes: total, options: [] },
    results_visible: true,
    results,
  });

  it('follows each newer live state, also when an answer left it (the creator hid it)', () => {
    const two = applyLiveState(none, written(6, 3, cloud(['pizza', 2], ['sushi', 1])));
    expect(two).toMatchObject({ visible: true, total: 3, results: cloud(['pizza', 2], ['sushi', 1]) });
    expect(applyLiveState(two, written(7, 3, cloud(['sushi', 1])))).toMatchObject({ results: cloud(['sushi', 1]) });
    expect(applyLiveState(two, written(5, 2, cloud(['pizza', 2])))).toBe(two);
  });

  it('takes a vote answer’s answers unless the shown ones are over more ballots', () => {
    const live = applyLiveState(none, written(6, 3, cloud(['pizza', 3])));
    const voted = applyVoteCounts(live, voteAnswer(4, cloud(['pizza', 4])));
    expect(voted).toMatchObject({ total: 4, results: cloud(['pizza', 4]) });
    const late = applyVoteCounts(
      applyLiveState(none, written(8, 6, cloud(['pizza', 5], ['tacos', 1]))),
      voteAnswer(4, cloud(['pizza', 4])),
    );
    expect(late).toMatchObject({ total: 6, results: cloud(['pizza', 5], ['tacos', 1]) });
  });

  it('is hidden exactly when the counts are', () => {
    const hiddenText = applyLiveState(
      { ...hidden, total: 0 },
      { ...written(6, 2, null), results_visibility: 'after_vote' },
    );
    expect(hiddenText).not.toHaveProperty('results');
    expect(hiddenText.visible).toBe(false);
  });
});

describe('a paused view', () => {
  it('keeps the results it held while later votes arrive, the poll’s state moving on', () => {
    const later = applyLiveState(shown, state(9, 7, 4, { is_active: false }));
    expect(heldView(shown, later)).toEqual({ ...shown, isActive: false });
  });

  it('holds the latest instead once the counts are hidden from or revealed to this viewer', () => {
    const hiddenNow = applyLiveState(shown, state(9, 3, 1, { visibility: 'creator', visible: false }));
    expect(heldView(shown, hiddenNow)).toBeNull();
    const revealed = applyLiveState(hidden, state(9, 3, 1));
    expect(heldView(hidden, revealed)).toBeNull();
  });
});
