import { describe, expect, it } from 'vitest';
import { kindOf } from '.';

const OPTIONS = [
  { id: 'a', option_text: 'Pizza' },
  { id: 'b', option_text: 'Sushi' },
  { id: 'c', option_text: 'Tacos' },
];

describe('the kinds of ballot', () => {
  it('lets a choice ballot choose one option by default, and a ranked ballot rank them all', () => {
    expect(kindOf('choice').defaultMaxChoices(5)).toBe(1);
    expect(kindOf('ranked').defaultMaxChoices(5)).toBe(5);
    expect(kindOf('choice').optionLimits).toEqual({ min: 2, max: 20 });
    expect(kindOf('ranked').optionLimits).toEqual({ min: 2, max: 50 });
  });

  it('sums up a ranked poll from its rankings and a text poll from its answers, a choice poll not beyond its counts', () => {
    expect(kindOf('choice').results).toBeUndefined();
    const source = kindOf('ranked').results;
    expect(source?.from).toBe('rankings');
    if (source?.from !== 'rankings') return;
    expect(source.summarize(['a', 'b'], [{ ranking: ['b', 'a'], count: 2 }], 'seed').winner).toBe('b');
    expect(kindOf('text').results).toEqual({ from: 'answers' });
  });

  it('exports a choice ballot as 1 or 0 under each option', () => {
    const table = kindOf('choice').exportTable(OPTIONS, 2);
    expect(table.header).toEqual(['Pizza', 'Sushi', 'Tacos']);
    expect(table.cells(1, ['c', 'a'])).toEqual(['1', '0', '1']);
    expect(() => table.cells(2, ['z'])).toThrow(RangeError);
  });

  it('exports a ranked ballot as its number and each rank’s option text, blank past its last rank', () => {
    const table = kindOf('ranked').exportTable(OPTIONS, 3);
    expect(table.header).toEqual(['ballot', 'rank 1', 'rank 2', 'rank 3']);
    expect(table.cells(7, ['c', 'a'])).toEqual(['7', 'Tacos', 'Pizza', '']);
  });
});

describe('the text kind', () => {
  const text = kindOf('text');
  const refusal = (values: string[], maxChoices = 3) => {
    try {
      text.ballotOf(values, maxChoices);
    } catch (error) {
      return (error as { code: string; message: string; details?: unknown }).message;
    }
    return undefined;
  };

  it('takes answers, no options, one per ballot by default', () => {
    expect([text.ballotField, text.values, text.ordered]).toEqual(['answers', 'answers', false]);
    expect(text.optionLimits).toEqual({ min: 0, max: 0 });
    expect(text.defaultMaxChoices(0)).toBe(1);
  });

  it('keeps a ballot’s answers in their order, trimmed and in NFC', () => {
    expect(text.ballotOf([' Tea ', 'Cafe\u0301'], 2)).toEqual(['Tea', 'Caf\u00e9']);
  });

  it('refuses no answer, too many, a refused text and two answers of one group', () => {
    expect(refusal([])).toBe('write at least one answer');
    expect(refusal(['a', 'b'], 1)).toBe('this poll takes one answer per ballot');
    expect(refusal(['a', 'b', 'c', 'd'])).toBe('this poll takes at most 3 answers per ballot');
    expect(refusal(['fine', 'x\u202ey'])).toMatch(/direction controls/);
    expect(refusal(['Ice cream', 'ICECREAM!'])).toBe(
      'answers must be different from each other (answers 1 and 2 read the same)',
    );
  });

  it('sees the same groups in any order as the same ballot, and nothing else', () => {
    expect(text.sameBallot(['Ice cream', 'Tea'], ['tea.', 'icecream'])).toBe(true);
    expect(text.sameBallot(['Ice cream', 'Tea'], ['Ice cream'])).toBe(false);
    expect(text.sameBallot(['pêche'], ['peche'])).toBe(false);
    expect(text.earlierBallot(['Tea'])).toEqual({ answers: ['Tea'] });
  });

  it('stores each answer with its group and, where the poll filters, whether it is flagged', () => {
    expect(text.storedAnswers!(['Shit!', 'Sun'], true)).toEqual([
      { text: 'Shit!', key: 'shit', flagged: true },
      { text: 'Sun', key: 'sun', flagged: false },
    ]);
    expect(text.storedAnswers!(['Shit!'], false)[0]?.flagged).toBe(false);
  });

  it('exports a ballot as answer 1 … answer N, blank past its last answer', () => {
    const table = text.exportTable([], 3);
    expect(table.header).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect(table.cells(1, ['Tea'])).toEqual(['Tea', '', '']);
  });
});
