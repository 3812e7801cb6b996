import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, DependencyError } from '../domain/errors';
import { isDatabaseOutage, toAppError } from './errors';

describe('error mapping', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('already_voted', 'x', { option_id: 'o' });
    expect(toAppError(error)).toBe(error);
    expect(error.status).toBe(409);
  });

  it('turns a schema failure into 400 invalid_request with the first message', () => {
    const result = z.object({ n: z.number({ error: 'n must be a number' }) }).safeParse({ n: 'x' });
    const mapped = toAppError(result.error);
    expect(mapped.code).toBe('invalid_request');
    expect(mapped.status).toBe(400);
    expect(mapped.message).toBe('n must be a number');
  });

  it('turns a lost database connection into 503 naming the database', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query', { cause: refused });
    expect(isDatabaseOutage(wrapped)).toBe(true);
    const mapped = toAppError(wrapped);
    expect(mapped).toBeInstanceOf(DependencyError);
    expect(mapped.status).toBe(503);
    expect(mapped.message).toContain('database');
  });

  it('hides anything else behind 500 internal_error without its text', () => {
    const mapped = toAppError(new Error('relation "secret" does not exist'));
    expect(mapped.status).toBe(500);
    expect(mapped.message).not.toContain('secret');
  });
});
