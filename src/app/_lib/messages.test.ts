import { createFormatter, createTranslator, type Messages } from 'next-intl';
import { createElement, Fragment, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import ar from '../../../messages/poll/ar.json';
import de from '../../../messages/poll/de.json';
import en from '../../../messages/poll/en.json';
import fr from '../../../messages/poll/fr.json';
import { voteNoticeText, type NoticeWords } from './messages';

/** A notice as a page in `locale` renders it; each ballot text sits in its own <bdi dir="auto">. */
function noticeIn(
  locale: 'en' | 'de' | 'fr' | 'ar',
  ...args: Parameters<typeof voteNoticeText> extends [NoticeWords, ...infer Rest] ? Rest : never
): string {
  const messages: Messages = { en, de, fr, ar }[locale];
  const words: NoticeWords = {
    t: createTranslator({ locale, messages, namespace: 'VoteNotice' }),
    format: createFormatter({ locale }),
  };
  const node: ReactNode = voteNoticeText(words, ...args);
  return renderToStaticMarkup(createElement(Fragment, null, node))
    .replaceAll('<bdi dir="auto">', '[')
    .replaceAll('</bdi>', ']');
}

describe('vote notices', () => {
  it('name the options voted for, listed and quoted as each language does', () => {
    expect(noticeIn('en', 'counted', { votedFor: ['Tabs'] })).toBe('Your vote for “[Tabs]” was counted.');
    expect(noticeIn('en', 'counted', { votedFor: ['A', 'B', 'C'] })).toBe(
      'Your vote for “[A]”, “[B]”, and “[C]” was counted.',
    );
    expect(noticeIn('de', 'counted', { votedFor: ['A', 'B'] })).toBe('Ihre Stimme für „[A]“ und „[B]“ wurde gezählt.');
    expect(noticeIn('fr', 'already_voted', { votedFor: ['A', 'B'] })).toBe(
      'Vous avez déjà voté pour «\u00a0[A]\u00a0» et «\u00a0[B]\u00a0».',
    );
    expect(noticeIn('ar', 'counted', { votedFor: ['A', 'B'] })).toBe('احتُسب صوتك لـ«[A]» و«[B]».');
    expect(noticeIn('en', 'counted')).toBe('Your vote was counted.');
  });

  it('say a ranking in its order', () => {
    expect(noticeIn('en', 'counted', { votedFor: ['Deck', 'Cellar', 'Barn'], ranked: true })).toBe(
      'Your ranking was counted: “[Deck]”, then “[Cellar]”, then “[Barn]”.',
    );
    expect(noticeIn('de', 'already_voted', { votedFor: ['A', 'B'], ranked: true })).toBe(
      'Sie haben bereits abgestimmt, mit der Rangfolge „[A]“, dann „[B]“.',
    );
    expect(noticeIn('en', 'missing_choice', { ranked: true })).toBe('Rank at least one option first.');
  });

  it('say written answers with the plural they take', () => {
    expect(noticeIn('en', 'counted', { votedFor: ['Pizza'], written: true })).toBe(
      'Your answer “[Pizza]” was counted.',
    );
    expect(noticeIn('en', 'counted', { votedFor: ['Pizza', 'Sushi'], written: true })).toBe(
      'Your answers “[Pizza]” and “[Sushi]” were counted.',
    );
    expect(noticeIn('ar', 'counted', { votedFor: ['بيتزا', 'Sushi'], written: true })).toBe(
      'احتُسبت إجابتاك «[بيتزا]» و«[Sushi]».',
    );
    expect(noticeIn('ar', 'counted', { votedFor: ['أ', 'ب', 'ج'], written: true })).toBe(
      'احتُسبت إجاباتك «[أ]» و«[ب]» و«[ج]».',
    );
    expect(noticeIn('en', 'missing_choice', { written: true })).toBe('Write an answer first.');
  });

  it('say how long to wait in the language’s own units', () => {
    expect(noticeIn('en', 'rate_limited', { retryAfter: 30 })).toBe(
      'Too many votes from your network. Try again in 30 seconds.',
    );
    expect(noticeIn('de', 'rate_limited', { retryAfter: 1 })).toBe(
      'Zu viele Stimmen aus Ihrem Netzwerk. Versuchen Sie es in 1 Sekunde noch einmal.',
    );
    expect(noticeIn('en', 'rate_limited')).toBe('Too many votes from your network. Try again in a minute.');
  });
});
