import { describe, expect, it } from 'vitest';
import { createPollSchema, listPollsQuerySchema, updatePollSchema } from './schemas';

describe('poll creation rules', () => {
  const valid = { title: 'Lunch?', options: ['Pizza', 'Sushi'] };

  it('trims text and turns blank optional fields into null', () => {
    const poll = createPollSchema.parse({ ...valid, title: '  Lunch?  ', description: '   ', category: '' });
    expect(poll).toMatchObject({ title: 'Lunch?', description: null, category: null });
  });

  it('needs 2 to 20 distinct options of 1 to 255 characters', () => {
    expect(createPollSchema.safeParse({ ...valid, options: ['a'] }).success).toBe(false);
    expect(
      createPollSchema.safeParse({ ...valid, options: Array.from({ length: 20 }, (_, i) => `${i}`) }).success,
    ).toBe(true);
    expect(
      createPollSchema.safeParse({ ...valid, options: Array.from({ length: 21 }, (_, i) => `${i}`) }).success,
    ).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, options: ['Yes', ' YES'] }).success).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, options: ['a', 'b'.repeat(256)] }).success).toBe(false);
  });

  it('accepts an end time only in the future', () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(createPollSchema.parse({ ...valid, expires_at: future }).expires_at?.toISOString()).toBe(future);
    expect(createPollSchema.safeParse({ ...valid, expires_at: '2000-01-01T00:00:00Z' }).success).toBe(false);
    expect(createPollSchema.safeParse({ ...valid, expires_at: '12/31/2099' }).success).toBe(false);
  });

  it('explains each refusal in words a person understands', () => {
    const result = createPollSchema.safeParse({ options: ['a'] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain('a poll needs at least 2 options');
  });
});

describe('poll management rules', () => {
  it('needs at least one change', () => {
    expect(updatePollSchema.safeParse({}).success).toBe(false);
    expect(updatePollSchema.safeParse({ is_active: false }).success).toBe(true);
    expect(updatePollSchema.safeParse({ expires_at: null }).success).toBe(true);
    expect(updatePollSchema.safeParse({ is_active: 'no' }).success).toBe(false);
  });
});

describe('listing rules', () => {
  it('defaults to page 1 of 20 and bounds the limit to 1..100', () => {
    expect(listPollsQuerySchema.parse({})).toEqual({ page: 1, limit: 20, category: undefined });
    expect(listPollsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(listPollsQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
  });
});
