import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { escapeAttribute } from '../domain/embed';
import { directionOf, type Locale } from '../domain/locales';
import { contentSecurityPolicy, PAGE_HEADERS } from './page-security';

/**
 * The few pages our server answers itself, before Next renders anything (a form sent from another
 * site, too many wrong join codes): one short HTML document in the site's colours, with the page
 * security headers, a status that says what happened, and a link onward.
 */
export type PlainPage = {
  status: number;
  /** The visitor's language (src/server/page-locale.ts): the words are in it, and `<html lang dir>` says so. */
  locale: Locale;
  title: string;
  message: string;
  link: { href: string; text: string };
  /** Whether another site may show it in a frame (an answer to the embed page). */
  framed?: boolean;
  headers?: Record<string, string>;
};

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --text: #17191c; --muted: #4f5660; --accent: #1d4ed8; --accent-text: #ffffff;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.5; }
@media (prefers-color-scheme: dark) { :root { --bg: #111418; --text: #e8eaed; --muted: #aab2bd; --accent: #8ab4ff; --accent-text: #0b1020; } }
body { margin: 0; background: var(--bg); color: var(--text); }
main { max-width: 40rem; margin: 0 auto; padding: 3rem 1.25rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
p { color: var(--muted); margin: 0 0 1.5rem; }
a { display: inline-block; padding: 0.6rem 1.1rem; border-radius: 0.5rem; background: var(--accent); color: var(--accent-text);
  font-weight: 600; text-decoration: none; }
a:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
`;

export function sendPlainPage(res: http.ServerResponse, page: PlainPage): void {
  const nonce = randomBytes(16).toString('base64');
  const body = `<!DOCTYPE html>
<html lang="${page.locale}" dir="${directionOf(page.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttribute(page.title)} · pollcast</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeAttribute(page.title)}</h1>
<p>${escapeAttribute(page.message)}</p>
<a href="${escapeAttribute(page.link.href)}">${escapeAttribute(page.link.text)}</a>
</main>
</body>
</html>
`;
  res.writeHead(page.status, {
    ...PAGE_HEADERS,
    'content-security-policy': contentSecurityPolicy(nonce, false, page.framed ? 'anyone' : 'none'),
    ...(page.framed ? {} : { 'x-frame-options': 'DENY' }),
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...page.headers,
  });
  res.end(body);
}
