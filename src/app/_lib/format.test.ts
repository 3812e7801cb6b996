import { createFormatter, createTranslator, type Messages } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../domain/locales';
import ar from '../../../messages/poll/ar.json';
import de from '../../../messages/poll/de.json';
import en from '../../../messages/poll/en.json';
import { endedText, percentText, timeLeftText, votesText, type FormatWords } from './format';

/** The words a page in `locale` has, as next-intl hands them to a component. */
function wordsIn(locale: Locale): FormatWords {
  const messages: Messages = { en, de, ar }[locale as 'en' | 'de' | 'ar'];
  return {
    t: createTranslator({ locale, messages, namespace: 'Format' }),
    format: createFormatter({ locale, timeZone: 'UTC' }),
  };
}

describe('time left and vote wording', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const inMs = (ms: number) => new Date(now + ms).toISOString();
  const english = wordsIn('en');

  it('says how long a poll has left in its two largest units', () => {
    expect(timeLeftText(english, inMs(2 * 86_400_000 + 3 * 3_600_000), now)).toBe('Ends in 2 days, 3 hours');
    expect(timeLeftText(english, inMs(3_600_000 + 20 * 60_000 + 5_000), now)).toBe('Ends in 1 hour, 20 minutes');
    expect(timeLeftText(english, inMs(4 * 60_000 + 12_000), now)).toBe('Ends in 4 minutes, 12 seconds');
    expect(timeLeftText(english, inMs(9_500), now)).toBe('Ends in 9 seconds');
  });

  it('says a poll has ended, or has no end time', () => {
    expect(timeLeftText(english, inMs(0), now)).toBe('Ended');
    expect(timeLeftText(english, null, now)).toBe('No end time');
  });

  it('says when a poll ended: in UTC from the server, in the reader’s own zone in the browser', () => {
    expect(endedText(english, '2026-12-04T18:14:30.000Z', 'server')).toBe('Ended Dec 4, 2026, 6:14 PM UTC');
    const local = new Intl.DateTimeFormat('en', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(endedText(english, '2026-12-04T18:14:30.000Z', 'browser')).toBe(
      `Ended ${local.format(Date.parse('2026-12-04T18:14:30Z'))}`,
    );
  });

  it('counts votes in words', () => {
    expect(votesText(english, 1)).toBe('1 vote');
    expect(votesText(english, 12345)).toBe('12,345 votes');
  });

  it('speaks German: its words, its plurals, its numbers and dates', () => {
    const german = wordsIn('de');
    expect(timeLeftText(german, inMs(86_400_000 + 3_600_000), now)).toBe('Noch 1 Tag, 1 Stunde');
    expect(timeLeftText(german, inMs(2 * 86_400_000 + 3 * 3_600_000), now)).toBe('Noch 2 Tage, 3 Stunden');
    expect(endedText(german, '2026-12-04T18:14:30.000Z', 'server')).toBe('Beendet am 4. Dez. 2026, 18:14 UTC');
    expect(votesText(german, 1)).toBe('1 Stimme');
    expect(votesText(german, 12345)).toBe('12.345 Stimmen');
    expect(percentText(german.format, 200 / 3)).toBe('67\u00a0%');
  });

  it('speaks Arabic with each of its six plural forms', () => {
    const arabic = wordsIn('ar');
    const number = new Intl.NumberFormat('ar');
    expect([0, 1, 2, 3, 11, 100].map((count) => votesText(arabic, count))).toEqual([
      'لا أصوات',
      'صوت واحد',
      'صوتان',
      `${number.format(3)} أصوات`,
      `${number.format(11)} صوتًا`,
      `${number.format(100)} صوت`,
    ]);
    expect(timeLeftText(arabic, inMs(2 * 3_600_000 + 11 * 60_000), now)).toBe(
      `الوقت المتبقي: ساعتان و${number.format(11)} دقيقة`,
    );
  });
});
