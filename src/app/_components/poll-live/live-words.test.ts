import { NextIntlClientProvider } from 'next-intl';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import ar from '../../../../messages/live/ar.json';
import de from '../../../../messages/live/de.json';
import en from '../../../../messages/live/en.json';
import es from '../../../../messages/live/es.json';
import fr from '../../../../messages/live/fr.json';
import { LOCALES, type Locale } from '../../../domain/locales';
import type { Summary } from '../../_lib/live-summary';
import { useSummaryText } from './live-words';

const MESSAGES: Record<Locale, typeof en> = { en, de, es, fr, ar };

function Said({ summary }: { summary: Summary }) {
  return createElement('p', null, useSummaryText()(summary));
}

/** What the status region says of `summary` in `locale`, without the marks that isolate poll text. */
function said(summary: Summary, locale: Locale = 'en'): string {
  const markup = renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      messages: MESSAGES[locale],
      timeZone: 'UTC',
      children: createElement(Said, { summary }),
    }),
  );
  return markup
    .replace(/^<p>|<\/p>$/g, '')
    .replace(/[\u2068\u2069]/g, '')
    .replace(/&quot;/g, '"');
}

const SUMMARIES: Summary[] = [
  { kind: 'total', total: 1, final: false },
  { kind: 'total', total: 1_204, final: true },
  { kind: 'choice', names: ['Vim'], share: 0.42, total: 120, final: false },
  { kind: 'choice', names: ['Vim'], share: 0.42, total: 120, final: true },
  { kind: 'choice', names: ['Vim', 'Emacs'], share: 0.4, total: 10, final: false },
  { kind: 'choice', names: ['A', 'B', 'C', 'D'], share: 0.25, total: 4, final: true },
  { kind: 'ranked', name: 'Soup', share: 0.6, round: 2, total: 5, final: false },
  { kind: 'ranked', name: 'Soup', share: 0.6, round: 2, total: 5, final: true },
  { kind: 'text', answers: ['pizza'], given: 1, total: 3, final: false },
  { kind: 'text', answers: ['pizza', 'sushi'], given: 12, total: 40, final: false },
];

describe('summaries in words', () => {
  it('says each kind’s leader, share and total in English', () => {
    expect(SUMMARIES.map((summary) => said(summary))).toEqual([
      '1 vote cast so far.',
      '1,204 votes cast in all.',
      '“Vim” leads with 42%, 120 votes.',
      '“Vim” won with 42%, 120 votes.',
      '“Vim” and “Emacs” are tied at 40% each, 10 votes.',
      '4 answers tied at 25% each, 4 votes.',
      '“Soup” leads the count with 60% in round 2, 5 ballots.',
      '“Soup” won the count with 60% in round 2, 5 ballots.',
      'Top answer: “pizza”, given once; 3 votes.',
      'Top answers: “pizza” and “sushi”, given 12 times each; 40 votes.',
    ]);
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))(
    'says every summary in %s, numbers as the language writes them',
    (locale) => {
      const percent = new Intl.NumberFormat(locale, { style: 'percent' }).format(0.42);
      const all = SUMMARIES.map((summary) => said(summary, locale));
      expect(all[2]).toContain(percent);
      expect(all[2]).toContain('Vim');
      for (const text of all) {
        expect(text).not.toMatch(/[{}]|Live\.summary/);
        expect(text.length).toBeGreaterThan(10);
      }
      // Arabic names two votes in its dual, not with a number.
      if (locale === 'ar') expect(said({ kind: 'total', total: 2, final: false }, 'ar')).toBe('صوتان حتى الآن.');
    },
  );
});
