import type http from 'node:http';
import { isEmbedPage } from '../domain/embed';
import type { Locale } from '../domain/locales';
import type { PlainPage } from './plain-page';
import { plainPageWords } from './plain-page-messages';

/**
 * Whether a request to a page is a form or server action sent from another site: a POST that is a
 * Next server action (the `Next-Action` header) or a form (multipart or urlencoded) whose Origin
 * is not the host it was sent to. Next refuses these itself (its check compares Origin with
 * X-Forwarded-Host, else Host) but answers 500, so we answer first, by the same comparison. A
 * request without Origin (no browser sends a cross-site form without it) goes on to Next.
 */
export function isCrossSiteForm(req: http.IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const { origin } = req.headers;
  if (origin === undefined) return false;
  // The media type alone, in any case: a charset or boundary parameter may follow it.
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const isForm = type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded';
  if (!isForm && req.headers['next-action'] === undefined) return false;
  const host = originHost(origin);
  return host === undefined || host !== targetHost(req.headers);
}

/** The host of an Origin header as Next reads it; undefined for `null` and whatever is no URL. */
function originHost(origin: string): string | undefined {
  if (!URL.canParse(origin)) return undefined;
  return new URL(origin).host;
}

/** The host a request was sent to: the first X-Forwarded-Host, else Host (as Next compares). */
function targetHost(headers: http.IncomingHttpHeaders): string | undefined {
  const forwarded = headers['x-forwarded-host'];
  const first = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim();
  return first || headers.host || undefined;
}

/** The page for a refused cross-site form: it says where the form came from, and leads back. */
export function refusedCrossSiteForm(req: http.IncomingMessage, locale: Locale): PlainPage {
  const pollPage = /^\/(?:polls|embed)\/[0-9A-Za-z-]+$/.exec(req.url?.split('?')[0] ?? '')?.[0];
  const t = plainPageWords(locale, 'CrossSiteForm');
  return {
    status: 403,
    locale,
    title: t('title'),
    message: t('message'),
    link: pollPage ? { href: pollPage, text: t('openPoll') } : { href: '/', text: t('seeOpenPolls') },
    framed: isEmbedPage(req.url),
  };
}
