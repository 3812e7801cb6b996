import { describe, expect, it } from 'vitest';
import { destinationOf, isBuildFile } from './request-path';

describe('destinationOf', () => {
  it.each([
    ['/api/polls/x/vote', '/api/polls/x/vote'],
    ['/api', '/api'],
    ['/api?x=1', '/api?x=1'],
    ['/./api/polls', '/api/polls'],
    ['/x/../api/polls?a=b', '/api/polls?a=b'],
    ['//api/polls', '/api/polls'],
    ['/API/polls', '/api/polls'],
    ['/%61pi/polls', '/api/polls'],
    ['/%252e/api/polls', '/api/polls'],
    ['/\\api/polls', '/api/polls'],
    ['http://pollcast.test/api/polls', '/api/polls'],
    ['/polls/x/../../api/ws', '/api/ws'],
  ])('sends %s to the API as %s', (raw, url) => {
    expect(destinationOf(raw)).toEqual({ to: 'api', url });
  });

  it.each(['/', '/apix', '/polls/abc?vote=1', '/_next/static/chunks/a.js', '/polls/x?next=/./api', '/a/../b'])(
    'leaves %s to the pages as it came',
    (raw) => {
      expect(destinationOf(raw)).toEqual({ to: 'pages', url: raw });
    },
  );
});

describe('isBuildFile', () => {
  it('is a plainly spelled path under /_next/static/, with or without a query', () => {
    expect(isBuildFile('/_next/static/chunks/a1.js')).toBe(true);
    expect(isBuildFile('/_next/static/chunks/a1.js?v=1')).toBe(true);
  });

  it.each([
    '/',
    '/polls/new',
    '/_next/static',
    '/_next/image?url=x',
    '/_NEXT/static/chunks/a1.js',
    '//_next/static/chunks/a1.js',
    '/_next/static/./chunks/a1.js',
    '/_next/static/%2e/chunks/a1.js',
    '/_next/static/../../polls/new',
    '/_next/static\\..\\..\\polls/new',
    'http://host/_next/static/chunks/a1.js',
    undefined,
  ])('is not %s', (raw) => {
    expect(isBuildFile(raw)).toBe(false);
  });
});
