import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { destinationOf } from './request-path';

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

/** What the request log and the request metrics use of the running pollcast. */
export type RequestLogServices = {
  config: Pick<Config, 'logLevel'>;
  log: Logger;
  metrics: Pick<Metrics, 'enabled' | 'request'>;
};

/**
 * Gives every request its id (and its answer the same X-Request-Id header); once the answer is
 * sent or the client left, writes the request's log line and metrics, when either is on.
 */
export function createRequestLog({ config, log, metrics }: RequestLogServices) {
  const logRequests = config.logLevel === 'debug' || config.logLevel === 'info';
  const observed = logRequests || metrics.enabled;
  return function logRequest(req: IncomingMessage, res: ServerResponse): void {
    const requestId = requestIdOf(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (!observed) return;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(destinationOf(target).url);
      // 0 when the client went away before an answer was written.
      const status = res.headersSent ? res.statusCode : 0;
      metrics.request(method, route, status, seconds);
      if (logRequests) {
        log.info('request', { request_id: requestId, method, route, status, duration_ms: round(seconds * 1000) });
      }
    });
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
