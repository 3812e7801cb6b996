import { describe, expect, it } from 'vitest';
import { isOpenAt } from './polls';

describe('when a poll takes votes', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('takes votes while active with no end time', () => {
    expect(isOpenAt({ is_active: true, expires_at: null }, now)).toBe(true);
  });

  it('stops at its end time, to the millisecond', () => {
    expect(isOpenAt({ is_active: true, expires_at: '2026-06-01T12:00:00.001Z' }, now)).toBe(true);
    expect(isOpenAt({ is_active: true, expires_at: '2026-06-01T12:00:00.000Z' }, now)).toBe(false);
  });

  it('takes none once closed, whatever the end time', () => {
    expect(isOpenAt({ is_active: false, expires_at: null }, now)).toBe(false);
    expect(isOpenAt({ is_active: false, expires_at: '2099-01-01T00:00:00Z' }, now)).toBe(false);
  });
});
