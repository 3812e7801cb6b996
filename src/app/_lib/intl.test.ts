import { createTranslator } from 'next-intl';
import { createElement, isValidElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translatorFor } from './intl';

const messages = {
  Results: {
    heading: 'Results',
    votes: '{count, plural, =0 {no votes} one {# vote} other {# votes}}',
    total: '<strong>{count}</strong> in all',
    nested: { deeper: 'Deep down' },
  },
  Other: { heading: 'Something else' },
};

const library = createTranslator({ locale: 'en', messages, namespace: 'Results', timeZone: 'UTC' });
const strong = (chunks: ReactNode) => createElement('strong', null, chunks);
const markup = (node: ReactNode) => renderToStaticMarkup(createElement('p', null, node));

describe('translators made once per process', () => {
  it('hands back the same translator for the same words, language and namespace, and another otherwise', () => {
    const t = translatorFor(messages, 'en', 'UTC', 'Results');
    expect(translatorFor(messages, 'en', 'UTC', 'Results')).toBe(t);
    expect(translatorFor(messages, 'en', 'UTC', 'Other')).not.toBe(t);
    expect(translatorFor(messages, 'de', 'UTC', 'Results')).not.toBe(t);
    expect(translatorFor({ ...messages }, 'en', 'UTC', 'Results')).not.toBe(t);
    expect(translatorFor(messages, 'en', 'UTC', 'Other')('heading')).toBe('Something else');
  });

  it('reads every message as next-intl does, the first time and every time after', () => {
    const t = translatorFor(messages, 'en', 'UTC', 'Results');
    for (let round = 0; round < 3; round++) {
      expect(t('heading')).toBe(library('heading'));
      expect(t('nested.deeper')).toBe('Deep down');
      for (const count of [0, 1, 2, 12345]) expect(t('votes', { count })).toBe(library('votes', { count }));
      expect(t('votes', { count: 12345 })).toBe('12,345 votes');
    }
  });

  it('keeps rich text made with the same tags, and makes it anew for other tags', () => {
    const t = translatorFor(messages, 'en', 'UTC', 'Results');
    const first = t.rich('total', { count: 7, strong });
    expect(t.rich('total', { count: 7, strong })).toBe(first);
    expect(markup(first)).toBe('<p><strong>7</strong> in all</p>');
    expect(markup(t.rich('total', { count: 8, strong }))).toBe('<p><strong>8</strong> in all</p>');
    const em = (chunks: ReactNode) => createElement('em', null, chunks);
    const other = t.rich('total', { count: 7, strong: em });
    expect(other).not.toBe(first);
    expect(markup(other)).toBe('<p><em>7</em> in all</p>');
  });

  it('never mistakes one call for another, whatever the text in its arguments', () => {
    const pair = { Results: { pair: '{a}|{b}' } };
    const t = translatorFor(pair, 'en', 'UTC', 'Results');
    expect(t('pair', { a: 'x\u0000b\u0000y', b: 'z' })).toBe('x\u0000b\u0000y|z');
    expect(t('pair', { a: 'x', b: 'y' })).toBe('x|y');
    expect(t('pair', { a: 'x', b: 'y\u0000b\u0000z' })).toBe('x|y\u0000b\u0000z');
  });

  it('leaves a date, an element or custom formats to next-intl every time', () => {
    const t = translatorFor(messages, 'en', 'UTC', 'Results');
    const element = createElement('b', null, 'x');
    const rich = t.rich('total', { count: element as never, strong });
    expect(Array.isArray(rich) || isValidElement(rich)).toBe(true);
    expect(t.rich('total', { count: element as never, strong })).not.toBe(rich);
  });

  it('answers a missing key with next-intl’s fallback, each time', () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      const t = translatorFor(messages, 'en', 'UTC', 'Results');
      expect(t('missing')).toBe('Results.missing');
      expect(t('missing')).toBe('Results.missing');
      expect(errors).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });

  it('stays right past the number of readings it keeps', () => {
    const t = translatorFor(messages, 'fr', 'UTC', 'Results');
    const french = createTranslator({ locale: 'fr', messages, namespace: 'Results', timeZone: 'UTC' });
    for (let count = 0; count < 2500; count += 1) expect(t('votes', { count })).toBe(french('votes', { count }));
    expect(t('votes', { count: 3 })).toBe('3 votes');
  });
});
