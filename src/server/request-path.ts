/**
 * Where a request goes (the API or the pages), decided on the path as the most lenient router
 * behind us could read it. Next normalises `/./api`, `/x/../api`, `//api`, `%2e` dot segments and
 * absolute-form targets before routing, so a check on the raw text let such spellings reach the
 * API through Next, past our identity and limits. Here every spelling that any reader could take
 * for an API path goes to the API, rewritten to one canonical form.
 */

export type Destination = { to: 'api' | 'pages'; url: string };

/** The API's prefix, as a path segment. */
const API_PREFIX = '/api';

/** A path with nothing a normaliser could rewrite: no dot segments, doubled slashes, escapes or backslashes. */
function isPlain(path: string): boolean {
  return path.startsWith('/') && !/\/\.|\/\/|%|\\/.test(path);
}

const API_PATH = /^\/api(?:[/?#]|$)/;
const API_PATH_ANY_CASE = /^\/api(?:[/?#]|$)/i;

export function destinationOf(rawUrl: string | undefined): Destination {
  const raw = rawUrl ?? '/';
  // The common case, every vote included, is decided on the raw text.
  if (isPlain(raw.split(/[?#]/, 1)[0]!)) {
    if (API_PATH.test(raw)) return { to: 'api', url: raw };
    if (!API_PATH_ANY_CASE.test(raw)) return { to: 'pages', url: raw };
  }
  const { path, query } = splitTarget(raw);
  const segments = canonicalSegments(path);
  const canonical = `/${segments.map(encodeURIComponent).join('/')}`;
  if (canonical === API_PREFIX || canonical.startsWith(`${API_PREFIX}/`)) return { to: 'api', url: canonical + query };
  return { to: 'pages', url: raw };
}

/**
 * A file of the build (`/_next/static/…`), spelled plainly. Next serves some odd spellings of one
 * (`/./`, `%2e`) and reads others as a page (`/_next/static/../../polls/new`); only the plain one
 * is surely a file.
 */
export function isBuildFile(rawUrl: string | undefined): boolean {
  const path = (rawUrl ?? '/').split(/[?#]/, 1)[0]!;
  return isPlain(path) && path.startsWith('/_next/static/');
}

/** Splits a request target into path and `?query`, reading absolute-form targets (`http://host/x`) too. */
function splitTarget(raw: string): { path: string; query: string } {
  let target = raw;
  if (!target.startsWith('/')) {
    try {
      const url = new URL(target);
      target = url.pathname + url.search;
    } catch {
      target = `/${target}`;
    }
  }
  const mark = target.search(/[?#]/);
  if (mark === -1) return { path: target, query: '' };
  const query = target[mark] === '?' ? target.slice(mark).split('#')[0]! : '';
  return { path: target.slice(0, mark), query };
}

/**
 * Lower case, percent-decoded (repeatedly, as layered decoders would), backslashes read as
 * slashes, empty and `.` segments dropped, `..` resolved.
 */
function canonicalSegments(path: string): string[] {
  let text = path;
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      break;
    }
    if (decoded === text) break;
    text = decoded;
  }
  const out: string[] = [];
  for (const segment of text.replace(/\\/g, '/').toLowerCase().split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}
