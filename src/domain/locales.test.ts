import { describe, expect, it } from 'vitest';
import { directionOf, pickLocale } from './locales';

const fromHeader = (acceptLanguage: string) => pickLocale({ acceptLanguage });

describe('the language a page is shown in', () => {
  it('takes the first language of Accept-Language that pollcast has', () => {
    expect(fromHeader('fr')).toBe('fr');
    expect(fromHeader('ja, es, de')).toBe('es');
    expect(fromHeader('  DE  ')).toBe('de');
  });

  it('reads a region or script tag as its language', () => {
    expect(fromHeader('de-AT')).toBe('de');
    expect(fromHeader('es-419,en;q=0.5')).toBe('es');
    expect(fromHeader('ar-EG')).toBe('ar');
    expect(fromHeader('fr_CA')).toBe('fr');
  });

  it('orders by quality value, and by place among equal ones', () => {
    expect(fromHeader('en;q=0.3, de;q=0.9, fr;q=0.5')).toBe('de');
    expect(fromHeader('fr;q=0.8, es;q=0.8')).toBe('fr');
    // No quality value is 1: above any stated one below it.
    expect(fromHeader('de;q=0.9, ar')).toBe('ar');
  });

  it('takes q=0 as "not this one"', () => {
    expect(fromHeader('de;q=0, fr;q=0.1')).toBe('fr');
    expect(fromHeader('es;q=0.0')).toBe('en');
  });

  it('skips what it cannot read or does not have, and falls back to English', () => {
    expect(fromHeader('ja, zh-CN;q=0.9')).toBe('en');
    expect(fromHeader('de;q=banana, fr;q=0.4')).toBe('fr');
    expect(fromHeader('de;q=2, es;q=0.2')).toBe('es');
    expect(fromHeader('*')).toBe('en');
    expect(fromHeader('')).toBe('en');
    expect(pickLocale({})).toBe('en');
  });

  it('puts ?lang over the cookie, and the cookie over Accept-Language', () => {
    const all = { query: 'ar', cookie: 'fr', acceptLanguage: 'de' };
    expect(pickLocale(all)).toBe('ar');
    expect(pickLocale({ ...all, query: undefined })).toBe('fr');
    expect(pickLocale({ ...all, query: undefined, cookie: undefined })).toBe('de');
  });

  it('passes over a ?lang or cookie it does not have', () => {
    expect(pickLocale({ query: 'xx', cookie: 'es', acceptLanguage: 'de' })).toBe('es');
    expect(pickLocale({ query: 'xx', cookie: 'klingon', acceptLanguage: 'de' })).toBe('de');
    expect(pickLocale({ query: 'DE-ch' })).toBe('de');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    for (const locale of ['en', 'de', 'es', 'fr'] as const) expect(directionOf(locale)).toBe('ltr');
  });
});
