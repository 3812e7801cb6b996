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
