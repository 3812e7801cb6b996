import { describe, expect, it } from 'vitest';
import { optionsMatching } from './ranking-find';

const options = ['Candidate 5 García', 'Candidate 50 Garcia-Whitfield', 'Candidate 15 Okafor', 'Ærø Island'].map(
  (option_text, i) => ({ id: String(i), option_text }),
);
const found = (typed: string) => optionsMatching(options, typed).map((option) => option.option_text);

describe('finding an option by typing', () => {
  it('keeps every option while nothing is typed', () => {
    expect(found('')).toHaveLength(4);
    expect(found('   ')).toHaveLength(4);
  });

  it('finds part of a word in any case, with or without its accents', () => {
    expect(found('garc')).toEqual(['Candidate 5 García', 'Candidate 50 Garcia-Whitfield']);
    expect(found('GARCÍA')).toEqual(['Candidate 5 García', 'Candidate 50 Garcia-Whitfield']);
    expect(found('okaf')).toEqual(['Candidate 15 Okafor']);
  });

  it('wants every word typed, in any order', () => {
    expect(found('garcia 50')).toEqual(['Candidate 50 Garcia-Whitfield']);
    expect(found('  whitfield   candidate ')).toEqual(['Candidate 50 Garcia-Whitfield']);
    expect(found('garcia okafor')).toEqual([]);
  });

  it('keeps letters that are not a letter and an accent', () => {
    expect(found('ærø')).toEqual(['Ærø Island']);
    expect(found('aero')).toEqual([]);
  });
});
