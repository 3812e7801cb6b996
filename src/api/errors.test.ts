import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, DependencyError, isDependencyError } from '../domain/errors';
import { isDatabaseOutage, toAppError } from '../db/caught-errors';
import { httpStatusOf } from './errors';

describe('error mapping', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('already_voted', 'x', { option_id: 'o' });
    expect(toAppError(error)).toBe(error);
    expect(httpStatusOf(error)).toBe(409);
  });

  it('turns a schema failure into 400 invalid_request with the first message', () => {
    const result = z.object({ n: z.number({ error: 'n must be a number' }) }).safeParse({ n: 'x' });
    const mapped = toAppError(result.error);
    expect(mapped.code).toBe('invalid_request');
    expect(httpStatusOf(mapped)).toBe(400);
    expect(mapped.message).toBe('n must be a number');
  });

  it('turns a lost database connection into 503 naming the database', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query', { cause: refused });
    expect(isDatabaseOutage(wrapped)).toBe(true);
    const mapped = toAppError(wrapped);
    expect(mapped).toBeInstanceOf(DependencyError);
    expect(httpStatusOf(mapped)).toBe(503);
    expect(mapped.message).toContain('database');
  });

  it('recognises errors made by a second copy of the domain module, as Next.js loads one', async () => {
    const copyPath = '../domain/errors.ts?copy';
    const copy = (await import(/* @vite-ignore */ copyPath)) as typeof import('../domain/errors');
    expect(copy.AppError).not.toBe(AppError);

    const conflict = new copy.AppError('already_voted', 'x', { option_id: 'o' });
    expect(conflict).not.toBeInstanceOf(AppError);
    expect(toAppError(conflict)).toBe(conflict);
    expect(httpStatusOf(toAppError(conflict))).toBe(409);
    expect(httpStatusOf(toAppError(copy.pollNotFound()))).toBe(404);

    const down = toAppError(new copy.DependencyError('redis'));
    expect(httpStatusOf(down)).toBe(503);
    expect(isDependencyError(down)).toBe(true);
    expect(isDependencyError(conflict)).toBe(false);
  });

  it('recognises a schema failure by its shape, whichever copy of zod made it', () => {
    const issues = [{ code: 'custom', path: ['n'], message: 'n is wrong' }];
    const foreign = Object.assign(new Error('invalid'), { name: 'ZodError', issues });
    const mapped = toAppError(foreign);
    expect(httpStatusOf(mapped)).toBe(400);
    expect(mapped.message).toBe('n is wrong');
  });

  it('turns a full disk, an overloaded server and a read-only one into 503', () => {
    for (const code of ['53100', '53200', '53300', '53400', '57014', '25006', '57P03', '08006']) {
      const cause = Object.assign(new Error('server said no'), { code, severity: 'ERROR' });
      const mapped = toAppError(new Error('Failed query: select 1\nparams: ', { cause }));
      expect(httpStatusOf(mapped), code).toBe(503);
    }
    expect(httpStatusOf(toAppError(new Error('Query read timeout')))).toBe(503);
  });

  it("does not let a value inside drizzle's message decide what an error is", () => {
    const cause = Object.assign(new Error('duplicate key value'), { code: '23505', severity: 'ERROR' });
    const wrapped = new Error('Failed query: insert into polls values ($1)\nparams: Connection terminated', { cause });
    expect(isDatabaseOutage(wrapped)).toBe(false);
    expect(httpStatusOf(toAppError(wrapped))).toBe(500);
  });

  it('hides anything else behind 500 internal_error without its text', () => {
    const mapped = toAppError(new Error('relation "secret" does not exist'));
    expect(httpStatusOf(mapped)).toBe(500);
    expect(mapped.message).not.toContain('secret');
  });
});
