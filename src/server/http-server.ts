import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net, { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createApiApp } from '../api/app';
import type { ApiServices } from '../api/api-env';
import { bearerTokenOf } from '../api/bearer-token';
import { sendJson } from '../api/node-json';
import { createVoteDoor, voteDoorPollId } from '../api/vote-door';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { describeError } from '../logger';
import type { ConnectionGuard } from './connection-guard';
import { providePollcast, type PageServices } from './context';
import { applyPageSecurity, isCrossSiteForm, refusedCrossSiteForm } from './page-security';
import { sendPlainPage } from './plain-page';
import { requestIdOf, routeOf } from './request-log';
import { doorOf } from './request-path';
import { refusedJoinCodePage } from './join-code-page';
import { passVoterOn, requestVoterOf, voterAddressOf } from '../voters/voter-address';
import type { VoterCookies } from '../voters/voter-cookie';

/**
 * One process, one port, two front doors (docs/ARCHITECTURE.md): every spelling of an /api
 * path goes to Hono, WebSocket upgrades to our own handler, everything else to Next's request
 * handler when pages are on. The voter (address and browser cookie) is resolved here, once, for
 * both doors.
 */

export type PageHandler = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
  /** Next's development server (hot reload); production pages never take upgrades. */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
};

export type RunningServer = {
  server: http.Server;
  port: number;
  /** True from the start of a graceful stop: new requests are answered 503. */
  readonly draining: boolean;
  /**
   * Stops taking connections, answers 503 to requests that arrive on open ones, and waits
   * (up to `timeoutMs`) for every request already received to be answered; then closes all.
   * `beforeWait` runs once listening stopped, to end long-lived streams that would never finish.
   * `unanswered`: connections still open when the time ran out.
   */
  drain(timeoutMs: number, beforeWait?: () => void): Promise<{ unanswered: number }>;
  close(): Promise<void>;
};

/** What our server uses: the API's services, what pages reach through context.ts, and two settings. */
export type ServerServices = ApiServices &
  PageServices & {
    config: Pick<Config, 'trustProxy' | 'dev' | 'logLevel' | 'metricsToken'>;
    voterCookies: VoterCookies;
    metrics: Pick<Metrics, 'enabled' | 'request'>;
    renderMetrics: Metrics['render'];
    sockets: ConnectionGuard;
  };

export async function listen(
  services: ServerServices,
  options: {
    port: number;
    host: string;
    pages?: PageHandler;
    onUpgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  },
): Promise<RunningServer> {
  const api = getRequestListener(createApiApp(services).fetch);
  const answerVote = createVoteDoor(services);
  const { pages } = options;
  const { config, log, voterCookies, metrics, sockets } = services;
  providePollcast(services);
  const logRequests = config.logLevel === 'debug' || config.logLevel === 'info';
  const metricsToken = config.metricsToken && digest(config.metricsToken);

  let draining = false;

  const server = http.createServer((req, res) => {
    // Every answer carries the request's id, and the log line and metrics follow it once it is sent.
    const requestId = requestIdOf(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    const socket = req.socket;
    sockets.requestStarted(socket, res);
    const observed = logRequests || metrics.enabled;
    const started = observed ? performance.now() : 0;
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    res.once('close', () => {
      sockets.requestEnded(socket);
      if (!observed) return;
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(doorOf(target).url);
      // 0 when the client went away before an answer was written.
      const status = res.headersSent ? res.statusCode : 0;
      metrics.request(method, route, status, seconds);
      if (logRequests) {
        log.info('request', { request_id: requestId, method, route, status, duration_ms: round(seconds * 1000) });
      }
    });
    if (draining) return refuseWhileDraining(res);
    if (isMetricsPath(req.url)) return void serveMetrics(req, res);

    const door = doorOf(req.url);
    // Any value a client sent is replaced: pages and the API learn the voter only from here.
    const voter = requestVoterOf(req, config.trustProxy, voterCookies);
    if (!sockets.attribute(socket, voter.address)) return refuseOverShare(res);
    passVoterOn(req.headers, voter);
    if (door.door === 'api' || !pages) {
      req.url = door.url;
      if (voter.setCookie && handsOutVoterCookie(req.method, door.url)) res.setHeader('Set-Cookie', voter.setCookie);
      const votedPoll = voteDoorPollId(req.method, door.url);
      if (votedPoll) return void answerVote(req, res, votedPoll, voter);
      void api(req, res);
      return;
    }
    if (isCrossSiteForm(req)) return sendPlainPage(res, refusedCrossSiteForm(req));
    applyPageSecurity(req, res, config.dev);
    if (voter.setCookie) res.appendHeader('Set-Cookie', voter.setCookie);
    const page = refusedJoinCodePage(req, services.polls, voter.address).then((refusal) =>
      refusal ? sendPlainPage(res, refusal) : pages.handle(req, res),
    );
    void page.catch((error: unknown) => {
      log.error('page failed', describeError(error));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('pollcast could not render this page');
    });
  });
  /** Prometheus' scrape: refused unless METRICS_TOKEN is set and sent as a bearer token. */
  async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!metricsToken) return refuse(res, 404, 'not_found', 'metrics are off; set METRICS_TOKEN to turn them on');
    const sent = bearerTokenOf(req.headers.authorization);
    if (!sent || !timingSafeEqual(digest(sent), metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return refuse(res, 401, 'unauthorized', 'send METRICS_TOKEN as a bearer token');
    }
    try {
      const { body, contentType } = await services.renderMetrics();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      log.error('metrics failed', describeError(error));
      refuse(res, 500, 'internal_error', 'the metrics could not be read');
    }
  }

  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket: Socket) => sockets.accept(socket));
  server.on('upgrade', (req, socket: Socket, head) => {
    sockets.upgraded(socket);
    if (!draining && !sockets.attribute(socket, voterAddressOf(req, config.trustProxy))) {
      return void socket.end(OVER_SHARE_UPGRADE, () => socket.destroy());
    }
    if (!draining && options.onUpgrade?.(req, socket, head)) return;
    if (!draining && pages?.upgrade && doorOf(req.url).door === 'pages') return pages.upgrade(req, socket, head);
    socket.end(`HTTP/1.1 ${draining ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const stopListening = () => {
    if (server.listening) server.close();
  };

  return {
    server,
    port,
    get draining() {
      return draining;
    },
    async drain(timeoutMs, beforeWait) {
      draining = true;
      // Stops taking connections but leaves the open ones be (http.Server.close would also close
      // the idle ones, racing a request a client may be sending on one: a reset, no answer).
      // Each socket closes after its next answer (503, Connection: close) or once it sat idle.
      if (server.listening) net.Server.prototype.close.call(server);
      beforeWait?.();
      const deadline = Date.now() + timeoutMs;
      let open = sockets.closeIdle(IDLE_BEFORE_CLOSE_MS);
      while (open > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        open = sockets.closeIdle(IDLE_BEFORE_CLOSE_MS);
      }
      sockets.closeAll();
      server.closeAllConnections();
      server.close();
      await closed;
      return { unanswered: open };
    },
    async close() {
      stopListening();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The API answers that read or cast the caller's ballot carry a voter cookie minted for a browser that had none. */
const BALLOT_ROUTE = /^\/api\/polls\/(?!trending(?:\?|$))(?:by-code\/)?[^/?]+(\/vote)?(?:\?|$)/;

function handsOutVoterCookie(method: string | undefined, url: string): boolean {
  const match = BALLOT_ROUTE.exec(url);
  return match !== null && (match[1] ? method === 'POST' : method === 'GET');
}

/** `/metrics` exactly (a query allowed): the scrape path, outside the API and the pages. */
function isMetricsPath(url: string | undefined): boolean {
  return url === '/metrics' || url?.startsWith('/metrics?') === true;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/**
 * How long a socket must have been idle before a graceful stop closes it: a client that keeps its
 * connection busy sends its next request sooner and gets its 503 with `Connection: close`.
 */
const IDLE_BEFORE_CLOSE_MS = 1_000;

/** A request whose address already holds CONNECTIONS_PER_ADDRESS sockets: answered, then its socket closes. */
function refuseOverShare(res: http.ServerResponse): void {
  const body = {
    error: {
      code: 'rate_limited',
      message: 'too many open connections from this address; close some and retry',
      details: { retry_after: OVER_SHARE_RETRY_SECONDS },
    },
  };
  res.shouldKeepAlive = false;
  sendJson(res, 429, body, {
    'retry-after': String(OVER_SHARE_RETRY_SECONDS),
    'cache-control': 'no-store',
    connection: 'close',
  });
}

const OVER_SHARE_RETRY_SECONDS = 5;
const OVER_SHARE_UPGRADE =
  `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${OVER_SHARE_RETRY_SECONDS}\r\n` +
  'Content-Length: 0\r\n\r\n';

function refuseWhileDraining(res: http.ServerResponse): void {
  const body = {
    error: { code: 'service_unavailable', message: 'this server is restarting; try again', details: { retry: true } },
  };
  res.shouldKeepAlive = false;
  sendJson(res, 503, body, { 'retry-after': '1', 'cache-control': 'no-store', connection: 'close' });
}
