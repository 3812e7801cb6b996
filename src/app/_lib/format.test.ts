import { describe, expect, it } from 'vitest';
import { endedText, timeLeftText, votesText } from './format';

describe('time left and vote wording', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const inMs = (ms: number) => new Date(now + ms).toISOString();

  it('says how long a poll has left, coarser the further away its end is', () => {
    expect(timeLeftText(inMs(2 * 86_400_000 + 3 * 3_600_000), now)).toBe('Ends in 2 d 3 h');
    expect(timeLeftText(inMs(3_600_000 + 20 * 60_000 + 5_000), now)).toBe('Ends in 1 h 20 min');
    expect(timeLeftText(inMs(4 * 60_000 + 12_000), now)).toBe('Ends in 4 min 12 s');
    expect(timeLeftText(inMs(9_500), now)).toBe('Ends in 9 s');
  });

  it('says a poll has ended, or has no end time', () => {
    expect(timeLeftText(inMs(0), now)).toBe('Ended');
    expect(timeLeftText(null, now)).toBe('No end time');
  });

  it('says when a poll ended: in UTC from the server, in the reader’s own zone in the browser', () => {
    expect(endedText('2026-12-04T18:14:30.000Z', 'server')).toBe('Ended 4 Dec 2026, 18:14 UTC');
    const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    expect(endedText('2026-12-04T18:14:30.000Z', 'browser')).toBe(
      `Ended ${local.format(Date.parse('2026-12-04T18:14:30Z'))}`,
    );
  });

  it('counts votes in words', () => {
    expect(votesText(1)).toBe('1 vote');
    expect(votesText(12345)).toBe('12,345 votes');
  });
});
