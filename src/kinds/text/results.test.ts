import { describe, expect, it } from 'vitest';
import type { AnswerGroupCount } from '../../domain/polls';
import { jsonWithResults } from '../results-json';
import { LeadingAnswers, resultsOrder, type CountedGroup } from './results';

/** A group named by its text, at `count`, first given at (seq, place). */
const group = (text: string, count: number, seq = 1, place = 0): CountedGroup => ({
  key: text.toLowerCase(),
  text,
  count,
  firstGiven: [seq, place],
});
/** What a batch says of a group it gave answers to. */
const touched = (
  base: CountedGroup,
  { shown = true, shownBefore = true }: { shown?: boolean; shownBefore?: boolean } = {},
): AnswerGroupCount => ({ ...base, shown, shownBefore });

describe('the order of a text poll’s results', () => {
  it('puts the most given first, then the first given: by seq, then by place in its batch', () => {
    const groups = [group('c', 2, 3, 0), group('a', 5, 9, 0), group('b', 2, 1, 4), group('d', 2, 1, 1)];
    expect(groups.sort(resultsOrder).map((g) => g.text)).toEqual(['a', 'd', 'b', 'c']);
  });
});

describe('the answers leading a text poll, as one process keeps them', () => {
  it('keeps at most its limit, the leaders, whatever it is given', () => {
    const groups = Array.from({ length: 10 }, (_, i) => group(`g${i}`, i % 4, 1, i));
    const leading = new LeadingAnswers(groups, 10, 3);
    expect(leading.results()).toEqual({
      answers: [
        { text: 'g3', count: 3 },
        { text: 'g7', count: 3 },
        { text: 'g2', count: 2 },
      ],
      distinct: 10,
    });
  });

  it('lets a group in when a batch gives it enough answers, and counts new groups as distinct', () => {
    const leading = new LeadingAnswers([group('a', 3), group('b', 2, 1, 1)], 5, 2);
    // "e" was outside the lead with 1; a batch takes it to 4. "f" is new.
    expect(leading.take([touched(group('e', 4, 1, 4)), touched(group('f', 1, 2, 0), { shownBefore: false })])).toBe(
      true,
    );
    expect(leading.results()).toEqual({
      answers: [
        { text: 'e', count: 4 },
        { text: 'a', count: 3 },
      ],
      distinct: 6,
    });
  });

  it('takes a group’s new most-used spelling from the batch', () => {
    const leading = new LeadingAnswers([group('Pizza', 2)], 1, 5);
    leading.take([touched({ ...group('pizza', 3), key: 'pizza' })]);
    expect(leading.results().answers).toEqual([{ text: 'pizza', count: 3 }]);
  });

  it('leaves out a group a batch flagged, and asks for a read when the lead may now miss one', () => {
    const full = new LeadingAnswers([group('a', 3), group('b', 2, 1, 1)], 5, 2);
    expect(full.take([touched(group('a', 4), { shown: false })])).toBe(false);

    const whole = new LeadingAnswers([group('a', 3), group('b', 2, 1, 1)], 2, 5);
    expect(whole.take([touched(group('a', 4), { shown: false })])).toBe(true);
    expect(whole.results()).toEqual({ answers: [{ text: 'b', count: 2 }], distinct: 1 });
  });

  it('counts a new group that does not show (held or hidden before given) nowhere', () => {
    const leading = new LeadingAnswers([group('a', 1)], 1, 5);
    expect(leading.take([touched(group('rude', 1, 2), { shown: false, shownBefore: false })])).toBe(true);
    expect(leading.results()).toEqual({ answers: [{ text: 'a', count: 1 }], distinct: 1 });
  });

  it('stays the same size through a flood of distinct answers, and hands out a new object each time', () => {
    const leading = new LeadingAnswers([], 0, 100);
    let last = leading.results();
    for (let batch = 0; batch < 200; batch++) {
      const groups = Array.from({ length: 500 }, (_, i) =>
        touched(group(`w${batch}-${i}`, 1 + ((batch * 7 + i) % 3), batch + 1, i), { shownBefore: false }),
      );
      expect(leading.take(groups)).toBe(true);
      const results = leading.results();
      expect(results).not.toBe(last);
      last = results;
    }
    expect(last.distinct).toBe(100_000);
    expect(last.answers).toHaveLength(100);
    expect(last.answers.every((answer) => answer.count === 3)).toBe(true);
    // The first groups given with the highest count lead: batch 0's.
    expect(last.answers[0]).toEqual({ text: 'w0-2', count: 3 });
  });
});

describe('the lead kept from batches alone', () => {
  it('matches a full recount of every group after each of 300 random batches', () => {
    // A seeded generator: the same batches every run, and a failure names its batch.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const all = new Map<string, CountedGroup>();
    const leading = new LeadingAnswers([], 0, 10);
    for (let seq = 1; seq <= 300; seq++) {
      const batch = new Map<string, AnswerGroupCount>();
      for (let place = 0; place < 1 + random(6); place++) {
        const key = `g${random(40)}`;
        const before = batch.get(key) ?? all.get(key);
        const counted = before
          ? { ...before, count: before.count + 1 }
          : { key, text: key, count: 1, firstGiven: [seq, place] as [number, number] };
        batch.set(key, { ...counted, shown: true, shownBefore: before !== undefined && all.has(key) });
      }
      for (const [key, counted] of batch) all.set(key, counted);
      expect(leading.take([...batch.values()]), `batch ${seq}`).toBe(true);
      const recount = [...all.values()].sort(resultsOrder).slice(0, 10);
      expect(leading.results(), `batch ${seq}`).toEqual({
        answers: recount.map(({ text, count }) => ({ text, count })),
        distinct: all.size,
      });
      // Written from the parts it keeps between seqs, its JSON is what JSON.stringify writes.
      const results = leading.results();
      expect(jsonWithResults({ results }), `batch ${seq}`).toBe(JSON.stringify({ results }));
    }
  });
});
