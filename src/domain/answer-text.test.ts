import { describe, expect, it } from 'vitest';
import { answerTextSchema } from './schemas';

/** The rules of one answer of an open-text poll (answerTextSchema in schemas.ts). */

const messagesOf = (input: unknown) => {
  const result = answerTextSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('one answer of an open-text poll', () => {
  it('takes a word or a short phrase as typed, trimmed and in NFC', () => {
    expect(answerTextSchema.parse('Pizza')).toBe('Pizza');
    expect(answerTextSchema.parse('  ice cream \u00a0')).toBe('ice cream');
    expect(answerTextSchema.parse('pe\u0302che')).toBe('p\u00eache');
    expect(answerTextSchema.parse('Yes!!!')).toBe('Yes!!!');
  });

  it('takes answers in right-to-left scripts and emoji built with joiners', () => {
    expect(answerTextSchema.parse('שלום')).toBe('שלום');
    expect(answerTextSchema.parse('مرحبا بالعالم')).toBe('مرحبا بالعالم');
    expect(answerTextSchema.parse('👩\u200d💻')).toBe('👩\u200d💻');
    expect(answerTextSchema.parse('🏳️\u200d🌈')).toBe('🏳️\u200d🌈');
  });

  it('takes 1 to 40 characters, counted after trimming', () => {
    expect(answerTextSchema.parse('a')).toBe('a');
    expect(answerTextSchema.parse('x'.repeat(40))).toBe('x'.repeat(40));
    expect(answerTextSchema.parse(` ${'x'.repeat(40)} `)).toBe('x'.repeat(40));
    expect(messagesOf('x'.repeat(41))).toEqual(['each answer must be at most 40 characters']);
    expect(messagesOf('')).toEqual(['each answer must not be empty']);
    expect(messagesOf('   ')).toEqual(['each answer must not be empty']);
  });

  it('refuses an answer nobody can see', () => {
    for (const blank of ['\u200b', '\u2800', '\u00ad', '\ufe0f', '\u3164', '\u200b \u2060'])
      expect(messagesOf(blank), JSON.stringify(blank)).toEqual(['each answer must contain visible characters']);
  });

  it('refuses control characters, line breaks included', () => {
    for (const bad of ['a\u0000b', 'a\nb', 'a\tb', 'a\rb', '\u001b[31mred', 'a\u007f', 'a\u0085b'])
      expect(messagesOf(bad), JSON.stringify(bad)).toEqual(['each answer must not contain control characters']);
  });

  it('refuses text the database cannot store', () => {
    expect(messagesOf('a\ud800b')).toEqual(['each answer must be valid Unicode text']);
    expect(messagesOf(42)).toEqual(['each answer must be text']);
    expect(messagesOf(null)).toEqual(['each answer must be text']);
  });

  it.each([
    ['left-to-right embedding', '\u202a'],
    ['right-to-left embedding', '\u202b'],
    ['pop directional formatting', '\u202c'],
    ['left-to-right override', '\u202d'],
    ['right-to-left override', '\u202e'],
    ['left-to-right isolate', '\u2066'],
    ['right-to-left isolate', '\u2067'],
    ['first strong isolate', '\u2068'],
    ['pop directional isolate', '\u2069'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['Arabic letter mark', '\u061c'],
  ])('refuses a %s, which could reorder the answers drawn after it', (_name, control) => {
    const expected = [
      'each answer must not contain text direction controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM)',
    ];
    expect(messagesOf(`pizza${control}`)).toEqual(expected);
    expect(messagesOf(`${control}azzip`)).toEqual(expected);
    expect(messagesOf(`piz${control}za`)).toEqual(expected);
    expect(messagesOf(control)).toEqual(expected);
  });

  it('keeps the invisible characters that scripts need inside an answer', () => {
    expect(answerTextSchema.parse('می\u200cخواهم')).toBe('می\u200cخواهم');
  });
});
