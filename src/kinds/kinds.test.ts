import { describe, expect, it } from 'vitest';
import { kindOf, maxChoicesOf } from '.';

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

  it('keeps a ballot to the chosen limit, or the kind’s default, and never past the options', () => {
    expect(maxChoicesOf('ranked', null, 4)).toBe(4);
    expect(maxChoicesOf('ranked', null, 6)).toBe(6);
    expect(maxChoicesOf('ranked', 3, 6)).toBe(3);
    expect(maxChoicesOf('ranked', 3, 2)).toBe(2);
    expect(maxChoicesOf('choice', undefined, 5)).toBe(1);
    expect(maxChoicesOf('choice', 3, 2)).toBe(2);
  });

  it('sums up only a ranked poll beyond its counts', () => {
    expect(kindOf('choice').summarize).toBeUndefined();
    const results = kindOf('ranked').summarize!(['a', 'b'], [{ ranking: ['b', 'a'], count: 2 }], 'seed');
    expect(results.winner).toBe('b');
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
