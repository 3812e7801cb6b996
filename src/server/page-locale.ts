import type http from 'node:http';
import {
  isLocale,
  LOCALE_COOKIE,
  LOCALE_HEADER,
  pickLocale,
  WORDS_IN_HTML_HEADER,
  type Locale,
} from '../domain/locales';
import type { TrustedProxies } from '../domain/voter';
import { cameOverHttps } from '../voters/voter-cookie';

/**
 * The language of a page (src/domain/locales.ts), picked once here and handed to Next in
 * LOCALE_HEADER, like the voter: any value a client sent is replaced; with it, whether the page's
 * words go in its HTML (WORDS_IN_HTML_HEADER). And the language switcher's
 * form, `POST /language`, which works without JavaScript: it remembers the choice in a cookie and
 * sends the browser back to the page it came from.
 */

export function passLocaleOn(req: http.IncomingMessage): Locale {
  const locale = pickLocale({
    query: queryLanguage(req.url),
    cookie: cookieValue(req.headers.cookie, LOCALE_COOKIE),
    acceptLanguage: req.headers['accept-language'],
  });
  req.headers[LOCALE_HEADER] = locale;
  req.headers[WORDS_IN_HTML_HEADER] = answeredWithHtml(req) ? '1' : '0';
  return locale;
}

/** Next answers with HTML unless asked for an RSC payload (`RSC: 1`) or a server action by script. */
function answeredWithHtml(req: http.IncomingMessage): boolean {
  return req.headers.rsc !== '1' && req.headers['next-action'] === undefined;
}

function queryLanguage(url: string | undefined): string | undefined {
  const query = url?.split('?')[1];
  return query === undefined ? undefined : (new URLSearchParams(query).get('lang') ?? undefined);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

const LANGUAGE_SWITCH_PATH = '/language';

export function isLanguageSwitch(req: http.IncomingMessage): boolean {
  return req.method === 'POST' && req.url?.split('?')[0] === LANGUAGE_SWITCH_PATH;
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;
const MAX_FORM_BYTES = 4_096;

/**
 * `lang=de&back=/polls/…`: sets the cookie (an unknown language changes nothing) and answers 303
 * to `back` when it is a path of this site, else to the home page.
 */
export async function switchLanguage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  trusted: TrustedProxies,
): Promise<void> {
  const form = new URLSearchParams(await readSmallBody(req));
  const lang = form.get('lang');
  const headers: Record<string, string> = { location: sameSitePath(form.get('back')), 'cache-control': 'no-store' };
  if (isLocale(lang)) {
    const secure = cameOverHttps(req, trusted) ? '; Secure' : '';
    headers['set-cookie'] = `${LOCALE_COOKIE}=${lang}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax${secure}`;
  }
  res.writeHead(303, { ...headers, 'content-length': '0' });
  res.end();
}

/** A path on this site ("/polls/x?y"); anything else, such as "//evil.example" or "https://…", is "/". */
function sameSitePath(back: string | null): string {
  if (!back || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  return /^[\x21-\x7e]*$/.test(back) ? back : '/';
}

async function readSmallBody(req: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_FORM_BYTES) return '';
  }
  return text;
}
