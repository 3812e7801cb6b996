import { randomUUID } from 'node:crypto';

/**
 * What the request log and the request metrics say about a request (docs/OPERATIONS.md): a
 * request id that a proxy may set, and the route pattern rather than the raw path, so logs and
 * metric labels never carry ids, tokens or whatever a client put in a URL.
 */

/** Ids a proxy or client may choose: short, and only characters that cannot break a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The X-Request-Id the request came with when it is sane, a new one otherwise. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

/** API routes first, by their Hono pattern; then pages. Anything else is named by its kind only. */
const ROUTES: [RegExp, string][] = [
  [/^\/api\/polls\/?$/, '/api/polls'],
  [/^\/api\/polls\/trending\/?$/, '/api/polls/trending'],
  [/^\/api\/polls\/by-code\/[^/]+\/?$/, '/api/polls/by-code/:code'],
  [/^\/api\/polls\/[^/]+\/vote\/?$/, '/api/polls/:id/vote'],
  [/^\/api\/polls\/[^/]+\/stream\/?$/, '/api/polls/:id/stream'],
  [/^\/api\/polls\/[^/]+\/?$/, '/api/polls/:id'],
  [/^\/api\/health\/?$/, '/api/health'],
  [/^\/api\/openapi\.json$/, '/api/openapi.json'],
  [/^\/api\/ws$/, '/api/ws'],
  [/^\/api(\/|$)/, '/api/(unknown)'],
  [/^\/$/, '/'],
  [/^\/polls\/new\/?$/, '/polls/new'],
  [/^\/j(\/[^/]*)?\/?$/, '/j/:code'],
  [new RegExp(`^/polls/${UUID}/?$`), '/polls/:id'],
  [new RegExp(`^/polls/${UUID}/manage/?$`), '/polls/:id/manage'],
  [/^\/docs\/api\/?$/, '/docs/api'],
  [/^\/metrics$/, '/metrics'],
  [/^\/_next\//, '/_next/(asset)'],
];

/** The route pattern of a request target (its query ignored); "(page)" for any other page path. */
export function routeOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  for (const [pattern, route] of ROUTES) if (pattern.test(path)) return route;
  return '(page)';
}
