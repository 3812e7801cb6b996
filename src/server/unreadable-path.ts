import type { Locale } from '../domain/locales';
import type { PlainPage } from './plain-page';
import { plainPageWords } from './plain-page-messages';

/**
 * Whether a page's path cannot be read as text: a percent escape that is not UTF-8 (`/polls/%ff`,
 * a link cut off mid-character). Next decodes a dynamic segment with decodeURIComponent and answers
 * such a path 500; no page has such an address, so we say so first. The query is not read here:
 * Next reads a bad escape there as the text it is, and the pages answer it.
 */
export function isUnreadablePath(rawUrl: string | undefined): boolean {
  const path = (rawUrl ?? '/').split(/[?#]/, 1)[0]!;
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * The 400 page for an address no page can have: it says the link was damaged, and leads home. Not
 * for frames, even under /embed/: only an embed page's plain address may be framed (domain/embed.ts).
 */
export function refusedUnreadablePath(locale: Locale): PlainPage {
  const t = plainPageWords(locale, 'UnreadablePath');
  return {
    status: 400,
    locale,
    title: t('title'),
    message: t('message'),
    link: { href: '/', text: t('home') },
  };
}
