import { describe, expect, it } from 'vitest';
import { isUnreadablePath, refusedUnreadablePath } from './unreadable-path';

describe('a page address that cannot be read', () => {
  it('is one whose path holds an escape that is not UTF-8', () => {
    for (const url of ['/polls/%ff', '/polls/%E0%A4%A', '/j/%C0%AF', '/%', '/embed/x%zz?theme=dark']) {
      expect(isUnreadablePath(url), url).toBe(true);
    }
    for (const url of [
      undefined,
      '/',
      '/polls/new',
      '/polls/a%2Db',
      '/polls/%C3%A9',
      '/polls/new?from=%ff',
      '/x#%ff',
    ]) {
      expect(isUnreadablePath(url), url).toBe(false);
    }
  });

  it('is answered 400 in the visitor language, leading home', () => {
    const page = refusedUnreadablePath('ar');
    expect([page.status, page.locale, page.link.href]).toEqual([400, 'ar', '/']);
    expect(page.title).toBe('هذا العنوان تالف');
  });
});
