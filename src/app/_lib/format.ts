import { useTranslations } from '../_lib/intl';
import { useFormatter } from './intl';

/**
 * Wording shared by server-rendered pages and live components, so both always agree, in the page's
 * language: the words from messages/poll (namespace `Format`), numbers, lists and dates from Intl.
 */

/**
 * The page's words for these texts and its formatter: `useFormatWords()` in a component;
 * `getTranslations('Format')` and `getFormatter()` in an async server component.
 */
export type FormatWords = {
  t: ReturnType<typeof useTranslations<'Format'>>;
  format: ReturnType<typeof useFormatter>;
};

export function useFormatWords(): FormatWords {
  return { t: useTranslations('Format'), format: useFormatter() };
}

/** The two largest units of a time left: "2 days, 3 hours", "4 minutes, 12 seconds", "9 seconds". */
function durationText({ format }: FormatWords, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units = [
    { unit: 'day', value: Math.floor(seconds / 86_400) },
    { unit: 'hour', value: Math.floor((seconds % 86_400) / 3_600) },
    { unit: 'minute', value: Math.floor((seconds % 3_600) / 60) },
    { unit: 'second', value: seconds % 60 },
  ];
  const first = units.findIndex((part) => part.value > 0);
  const shown = first === -1 ? units.slice(-1) : units.slice(first, first + 2);
  return format.list(
    shown.map(({ unit, value }) => format.number(value, { style: 'unit', unit, unitDisplay: 'long' })),
    { type: 'unit', style: 'long' },
  );
}

export function msLeft(expiresAt: string | null, now = Date.now()): number | null {
  return expiresAt === null ? null : new Date(expiresAt).getTime() - now;
}

/** "Ends in 3 hours, 20 minutes", "Ended" or "No end time". */
export function timeLeftText(words: FormatWords, expiresAt: string | null, now = Date.now()): string {
  const left = msLeft(expiresAt, now);
  if (left === null) return words.t('noEndTime');
  if (left <= 0) return words.t('ended');
  return words.t('endsIn', { duration: durationText(words, left) });
}

/**
 * "Ended Dec 4, 2026, 6:14 PM": when a poll's end time came, in the page's language, and in the
 * reader's time zone once the browser renders it; the server, which doesn't know it, says UTC.
 */
export function endedText(words: FormatWords, expiresAt: string, reader: 'browser' | 'server'): string {
  return words.t('endedAt', { time: endTimeText(words, expiresAt, reader) });
}

/** "Ends Dec 4, 2026, 6:14 PM": the end time still ahead, said once instead of counted down (live updates paused). */
export function endsAtText(words: FormatWords, expiresAt: string, reader: 'browser' | 'server'): string {
  return words.t('endsAt', { time: endTimeText(words, expiresAt, reader) });
}

function endTimeText({ format }: FormatWords, expiresAt: string, reader: 'browser' | 'server'): string {
  return format.dateTime(new Date(expiresAt), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(reader === 'browser'
      ? { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }
      : { timeZone: 'UTC', timeZoneName: 'short' }),
  });
}

/** "1 vote", "12,345 votes", in the page's language and its plural forms. */
export function votesText(words: FormatWords, count: number): string {
  return words.t('votes', { count });
}

/** "67%", "67 %", as the language writes a share (0 to 100) rounded to a whole percent. */
export function percentText(format: FormatWords['format'], percent: number): string {
  return format.number(percent / 100, { style: 'percent', maximumFractionDigits: 0 });
}
