import { describe, expect, it } from 'vitest';
import { readingDirection, wordWidthEm } from './word-metrics';

describe('a word’s width in ems', () => {
  it('grows with the letters, wide letters counting more than narrow ones', () => {
    expect(wordWidthEm('mmmm')).toBeGreaterThan(wordWidthEm('iiii'));
    expect(wordWidthEm('pizza')).toBeGreaterThan(wordWidthEm('pizz'));
    expect(wordWidthEm('PIZZA')).toBeGreaterThan(wordWidthEm('pizza'));
  });

  it('counts a CJK character as a whole em, and an emoji a little more', () => {
    expect(wordWidthEm('寿司')).toBeCloseTo(2 * 1.06);
    expect(wordWidthEm('🍕')).toBeGreaterThan(wordWidthEm('寿'));
  });

  it('counts nothing for combining marks, invisible characters, or an emoji joined to the one before', () => {
    expect(wordWidthEm('pe\u0301che')).toBeCloseTo(wordWidthEm('peche'));
    expect(wordWidthEm('pi\u200bzza')).toBeCloseTo(wordWidthEm('pizza'));
    expect(wordWidthEm('👩\u200d👩\u200d👧')).toBeCloseTo(wordWidthEm('👩'));
  });

  it('is never zero, so even a word of marks has a place', () => {
    expect(wordWidthEm('\u0301')).toBeGreaterThan(0);
  });
});

describe('which way a word reads', () => {
  it('follows its first letter', () => {
    expect(readingDirection('שלום')).toBe('rtl');
    expect(readingDirection('مرحبا world')).toBe('rtl');
    expect(readingDirection('hello עולם')).toBe('ltr');
    expect(readingDirection('42 שלום')).toBe('rtl');
  });

  it('reads left to right when the word has no letter', () => {
    expect(readingDirection('42!')).toBe('ltr');
    expect(readingDirection('🍕')).toBe('ltr');
  });
});
