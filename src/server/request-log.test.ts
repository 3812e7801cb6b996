import { describe, expect, it } from 'vitest';
import { requestIdOf, routeOf } from './request-log';

describe('routeOf', () => {
  const id = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  it.each([
    ['/api/polls', '/api/polls'],
    ['/api/polls?limit=5&cursor=abc', '/api/polls'],
    ['/api/polls/trending', '/api/polls/trending'],
    [`/api/polls/${id}`, '/api/polls/:id'],
    [`/api/polls/${id}/vote`, '/api/polls/:id/vote'],
    [`/api/polls/${id}/stream?last_event_id=4`, '/api/polls/:id/stream'],
    ['/api/health', '/api/health'],
    ['/api/polls/by-code/K7P2QX', '/api/polls/by-code/:code'],
    ['/j/K7P2QX', '/j/:code'],
    ['/api/no/such/thing', '/api/(unknown)'],
    ['/', '/'],
    [`/polls/${id}`, '/polls/:id'],
    [`/polls/${id}/manage`, '/polls/:id/manage'],
    ['/polls/new', '/polls/new'],
    ['/_next/static/chunks/main.js', '/_next/(asset)'],
    ['/polls/anything-a-client-typed', '(page)'],
    ['/secret-token-in-a-path', '(page)'],
  ])('names %s by its pattern, %s', (url, route) => {
    expect(routeOf(url)).toBe(route);
  });
});

describe('requestIdOf', () => {
  it('keeps a sane id and makes a new one for anything else', () => {
    expect(requestIdOf('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const insane of [undefined, '', 'a b', 'x'.repeat(129), ['a', 'b'], 'new\nline', '"quoted"']) {
      const id = requestIdOf(insane);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
