import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createApiApp } from '../api/app';
import type { ApiServices } from '../api/api-env';
import { createVoteDoor, voteDoorPollId } from '../api/vote-door';
import type { Config } from '../config';
import type { Pollcast } from '../pollcast';
import { describeError } from '../logger';
import { createMetricsScrape, isMetricsPath } from './metrics-scrape';
import { drainServer, refuseWhileDraining } from './drain';
import { providePollcast, type PageServices } from './context';
import { applyPageSecurity, isCrossSiteForm, refusedCrossSiteForm } from './page-security';
import { sendPlainPage } from './plain-page';
import { createRequestLog } from './request-log';
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
    metrics: Pick<Pollcast['metrics'], 'enabled' | 'request'>;
    renderMetrics: Pollcast['renderMetrics'];
    sockets: Pollcast['sockets'];
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
  const { config, log, voterCookies, sockets } = services;
  providePollcast(services);
  const serveMetrics = createMetricsScrape(services);
  const logRequest = createRequestLog(services);

  let draining = false;

  const server = http.createServer((req, res) => {
    const socket = req.socket;
    sockets.requestStarted(socket, res);
    res.once('close', () => sockets.requestEnded(socket));
    // Every answer carries the request's id, and the log line and metrics follow it once it is sent.
    logRequest(req, res);
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
    drain(timeoutMs, beforeWait) {
      draining = true;
      return drainServer(server, closed, sockets, timeoutMs, beforeWait);
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

/** A request whose address already holds CONNECTIONS_PER_ADDRESS sockets: answered, then its socket closes. */
function refuseOverShare(res: http.ServerResponse): void {
  const body = JSON.stringify({
    error: {
      code: 'rate_limited',
      message: 'too many open connections from this address; close some and retry',
      details: { retry_after: OVER_SHARE_RETRY_SECONDS },
    },
  });
  res.shouldKeepAlive = false;
  res.writeHead(429, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(OVER_SHARE_RETRY_SECONDS),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

const OVER_SHARE_RETRY_SECONDS = 5;
const OVER_SHARE_UPGRADE =
  `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${OVER_SHARE_RETRY_SECONDS}\r\n` +
  'Content-Length: 0\r\n\r\n';
