import { describe, expect, it } from 'vitest';
import type { RankedResults } from '../../kinds/ranked/tally';
import type { TextResults } from '../../kinds/text/results';
import type { ShownResults } from './live-counts';
import {
  LEAD_GAP_MS,
  SUMMARY_EVERY_MS,
  paceAfterOwn,
  paceFrom,
  paceStep,
  standingOf,
  type Pace,
  type Standing,
  type Summary,
} from './live-summary';

const options = [
  { id: 'vim', text: 'Vim' },
  { id: 'emacs', text: 'Emacs' },
  { id: 'nano', text: 'Nano' },
];

function choice(counts: Record<string, number>, extra: Partial<ShownResults> = {}): ShownResults {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    seq: 1,
    revision: 0,
    total,
    visibility: 'always',
    isActive: true,
    deleted: false,
    visible: true,
    counts,
    ...extra,
  } as ShownResults;
}

const choiceStanding = (counts: Record<string, number>, countsShown = true) =>
  standingOf({ kind: 'choice', shown: choice(counts), options, countsShown, final: false });

/**
 * Plays standings arriving at the given times (ms), the pace's wake-ups included, and returns
 * what was said when: what the view's status region would read out.
 */
function play(start: Standing, arrivals: [number, Standing][], until: number): [number, Summary][] {
  let pace: Pace = paceFrom(start, 0);
  let current = start;
  let wake: number | null = null;
  const said: [number, Summary][] = [];
  const events = [...arrivals];
  const look = (now: number) => {
    const step = paceStep(pace, current, now);
    pace = step.pace;
    wake = step.wakeAt;
    if (step.say) said.push([now, step.say]);
  };
  for (;;) {
    const next = events[0];
    if (wake !== null && (!next || wake <= next[0]) && wake <= until) {
      look(wake);
    } else if (next && next[0] <= until) {
      events.shift();
      current = next[1];
      look(next[0]);
    } else {
      return said;
    }
  }
}

describe('standingOf', () => {
  it('names the leading answer with its share of the voters and the total', () => {
    expect(choiceStanding({ vim: 42, emacs: 30, nano: 28 })).toEqual({
      total: 100,
      lead: 'vim',
      summary: { kind: 'choice', names: ['Vim'], share: 0.42, total: 100, final: false },
    });
  });

  it('names every answer tied for the lead, a lead of its own', () => {
    const tied = choiceStanding({ vim: 4, emacs: 4, nano: 1 });
    expect(tied.lead).toBe('vim emacs');
    expect(tied.summary).toMatchObject({ names: ['Vim', 'Emacs'] });
  });

  it('says only the total where the counts are hidden from this viewer or on this screen', () => {
    const hidden = { ...choice({}), total: 7, visible: false } as ShownResults;
    for (const standing of [
      standingOf({ kind: 'choice', shown: hidden, options, countsShown: true, final: false }),
      choiceStanding({ vim: 5, emacs: 2 }, false),
    ]) {
      expect(standing).toEqual({ total: 7, lead: null, summary: { kind: 'total', total: 7, final: false } });
    }
  });

  it('has nothing to say before the first vote', () => {
    expect(choiceStanding({ vim: 0, emacs: 0 }).summary).toBeNull();
  });

  it('names the winner of a ranked count so far, with its share of the final round', () => {
    const results: RankedResults = {
      method: 'irv',
      winner: 'emacs',
      rounds: [
        { round: 1, tally: { vim: 4, emacs: 3, nano: 2 }, eliminated: ['nano'], exhausted: 0 },
        { round: 2, tally: { vim: 4, emacs: 5 }, eliminated: [], exhausted: 0 },
      ],
    };
    const shown = { ...choice({ vim: 4, emacs: 3, nano: 2 }), results } as ShownResults;
    expect(standingOf({ kind: 'ranked', shown, options, countsShown: true, final: true })).toEqual({
      total: 9,
      lead: 'emacs',
      summary: { kind: 'ranked', name: 'Emacs', share: 5 / 9, round: 2, total: 9, final: true },
    });
  });

  it('names the answers given most in an open-text poll', () => {
    const results: TextResults = {
      answers: [
        { text: 'pizza', count: 3 },
        { text: 'sushi', count: 3 },
        { text: 'salad', count: 1 },
      ],
      distinct: 3,
    };
    const shown = { ...choice({}), total: 5, counts: {}, results } as ShownResults;
    const standing = standingOf({ kind: 'text', shown, options: [], countsShown: true, final: false });
    expect(standing.summary).toEqual({ kind: 'text', answers: ['pizza', 'sushi'], given: 3, total: 5, final: false });
  });
});

describe('the pace of summaries', () => {
  const start = choiceStanding({ vim: 2, emacs: 1 });

  it('says nothing of the standing the view opened on', () => {
    expect(play(start, [[500, start]], 60_000)).toEqual([]);
  });

  it('sums up a burst of votes at most once every 10 s, ending on the latest', () => {
    // Vim keeps the lead while a vote comes every 250 ms for 25 s: 100 votes.
    const arrivals: [number, Standing][] = Array.from({ length: 100 }, (_, i) => [
      250 * (i + 1),
      choiceStanding({ vim: 3 + i, emacs: 1 }),
    ]);
    const said = play(start, arrivals, 60_000);
    const times = said.map(([at]) => at);
    expect(times).toEqual([SUMMARY_EVERY_MS, 2 * SUMMARY_EVERY_MS, 3 * SUMMARY_EVERY_MS]);
    expect(said.at(-1)?.[1]).toMatchObject({ names: ['Vim'], total: 103 });
  });

  it('says a change of lead at once, but never within 3 s of the last thing said', () => {
    const emacsLeads = choiceStanding({ vim: 2, emacs: 3 });
    expect(play(start, [[LEAD_GAP_MS + 1, emacsLeads]], 60_000)).toEqual([[LEAD_GAP_MS + 1, emacsLeads.summary]]);
    // A lead passed back and forth at every vote: one summary per gap, not one per vote.
    const seesaw: [number, Standing][] = Array.from({ length: 40 }, (_, i) => [
      100 * (i + 1),
      choiceStanding(i % 2 === 0 ? { vim: 2 + i, emacs: 3 + i } : { vim: 4 + i, emacs: 3 + i }),
    ]);
    const said = play(start, seesaw, 60_000);
    for (const [i, [at]] of said.entries()) if (i > 0) expect(at - said[i - 1]![0]).toBeGreaterThanOrEqual(LEAD_GAP_MS);
    expect(said.length).toBeLessThanOrEqual(2);
  });

  it('waits the full 10 s after the viewer’s own announcement that summed the results up', () => {
    const later = choiceStanding({ vim: 3, emacs: 1 });
    const pace = paceAfterOwn(paceFrom(start, 0), 20_000, later);
    expect(paceStep(pace, later, 20_001)).toEqual({ say: null, pace, wakeAt: null });
    const more = choiceStanding({ vim: 4, emacs: 1 });
    expect(paceStep(pace, more, 20_500).wakeAt).toBe(20_000 + SUMMARY_EVERY_MS);
    expect(paceStep(pace, more, 30_000).say).toEqual(more.summary);
  });

  it('has nothing to say when the counts go out of sight, nor when they come back unchanged', () => {
    const hiddenHere: Standing = { total: start.total, lead: null, summary: { kind: 'total', total: 3, final: false } };
    expect(
      play(
        start,
        [
          [5_000, hiddenHere],
          [9_000, start],
        ],
        60_000,
      ),
    ).toEqual([]);
  });

  it('never names a leader while the counts are hidden, only the total as it grows', () => {
    const hiddenAt = (total: number) =>
      ({ ...start, total, lead: null, summary: { kind: 'total', total, final: false } }) as Standing;
    const said = play(
      hiddenAt(3),
      [
        [1_000, hiddenAt(4)],
        [2_000, hiddenAt(5)],
      ],
      60_000,
    );
    expect(said).toEqual([[SUMMARY_EVERY_MS, { kind: 'total', total: 5, final: false }]]);
  });
});
