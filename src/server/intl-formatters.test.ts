import { describe, expect, it } from 'vitest';
import { keepIntlFormatters } from './intl-formatters';

/** A copy of the Intl constructors to swap, so the test leaves the process's own alone. */
function intlCopy() {
  return {
    DateTimeFormat: Intl.DateTimeFormat as unknown,
    NumberFormat: Intl.NumberFormat as unknown,
    PluralRules: Intl.PluralRules as unknown,
    RelativeTimeFormat: Intl.RelativeTimeFormat as unknown,
    ListFormat: Intl.ListFormat as unknown,
  };
}

describe('keepIntlFormatters', () => {
  it('gives back the formatter made before for the same language and options', () => {
    const intl = intlCopy();
    keepIntlFormatters(intl);
    const NumberFormat = intl.NumberFormat as typeof Intl.NumberFormat;
    const percent = new NumberFormat('de', { style: 'percent' });
    expect(new NumberFormat('de', { style: 'percent' })).toBe(percent);
    expect(percent.format(0.42)).toMatch(/^42\s%$/u);
    expect(new NumberFormat('de')).not.toBe(percent);
    expect(new NumberFormat('ar', { style: 'percent' })).not.toBe(percent);
    const PluralRules = intl.PluralRules as typeof Intl.PluralRules;
    expect(new PluralRules('ar').select(3)).toBe('few');
    expect(new PluralRules('ar', { type: 'ordinal' })).not.toBe(new PluralRules('ar'));
  });

  it('still makes real formatters: instanceof, static methods, errors and calls without new', () => {
    const intl = intlCopy();
    keepIntlFormatters(intl);
    const DateTimeFormat = intl.DateTimeFormat as typeof Intl.DateTimeFormat;
    const made = new DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
    expect(made).toBeInstanceOf(Intl.DateTimeFormat);
    expect(made).toBeInstanceOf(DateTimeFormat);
    expect(made.format(new Date(Date.UTC(2026, 11, 6)))).toBe('Dec 6, 2026');
    expect(DateTimeFormat.name).toBe('DateTimeFormat');
    expect(DateTimeFormat.supportedLocalesOf(['de', 'zz'])).toEqual(['de']);
    expect(() => new DateTimeFormat('en', { timeZone: 'Not/AZone' })).toThrow(RangeError);
    // A refused language is refused every time, not kept.
    expect(() => new DateTimeFormat('en', { timeZone: 'Not/AZone' })).toThrow(RangeError);
    expect(DateTimeFormat('fr', { timeZone: 'UTC' }).format(new Date(0))).toBe('01/01/1970');
    expect(() => new (intl.NumberFormat as typeof Intl.NumberFormat)(null as never)).toThrow(TypeError);
    expect(new (intl.NumberFormat as typeof Intl.NumberFormat)(undefined).format(1234.5)).toMatch(/1.?234.5/);
  });

  it('leaves subclasses their own instances', () => {
    const intl = intlCopy();
    keepIntlFormatters(intl);
    class Loud extends (intl.NumberFormat as typeof Intl.NumberFormat) {
      shout(value: number) {
        return `${this.format(value)}!`;
      }
    }
    const loud = new Loud('en');
    expect(loud.shout(3)).toBe('3!');
    expect(new Loud('en')).not.toBe(loud);
  });

  it('keeps at most the limit of each kind, letting the least recently used go', () => {
    const intl = intlCopy();
    keepIntlFormatters(intl, 2);
    const NumberFormat = intl.NumberFormat as typeof Intl.NumberFormat;
    const en = new NumberFormat('en');
    const de = new NumberFormat('de');
    expect(new NumberFormat('en')).toBe(en);
    new NumberFormat('fr');
    expect(new NumberFormat('en')).toBe(en);
    expect(new NumberFormat('de')).not.toBe(de);
  });

  it('swaps each constructor once, however often it is called', () => {
    const intl = intlCopy();
    keepIntlFormatters(intl);
    const once = intl.NumberFormat;
    keepIntlFormatters(intl);
    expect(intl.NumberFormat).toBe(once);
  });
});
