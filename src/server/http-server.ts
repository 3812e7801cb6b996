import http from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createApiApp, type ApiServices } from '../api/app';
import type { Config } from '../config';
import { describeError } from '../logger';
import { providePollcast, type PageServices } from './context';
import { applyPageSecurity } from './page-security';
import { doorOf } from './request-path';
import { passVoterOn, requestVoterOf } from './voter-address';
import type { VoterCookies } from './voter-cookie';

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
  PageServices & { config: Pick<Config, 'trustProxy' | 'dev'>; voterCookies: VoterCookies };

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
  const { pages } = options;
  const { config, log, voterCookies } = services;
  providePollcast(services);

  let draining = false;

  const server = http.createServer((req, res) => {
    if (draining) return refuseWhileDraining(res);

    const door = doorOf(req.url);
    // Any value a client sent is replaced: pages and the API learn the voter only from here.
    const voter = requestVoterOf(req, config.trustProxy, voterCookies);
    passVoterOn(req.headers, voter);
    if (door.door === 'api' || !pages) {
      req.url = door.url;
      if (voter.setCookie && handsOutVoterCookie(req.method, door.url)) res.setHeader('Set-Cookie', voter.setCookie);
      void api(req, res);
      return;
    }
    applyPageSecurity(req, res, config.dev);
    if (voter.setCookie) res.appendHeader('Set-Cookie', voter.setCookie);
    void Promise.resolve(pages.handle(req, res)).catch((error: unknown) => {
      log.error('page failed', describeError(error));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('pollcast could not render this page');
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (req, socket, head) => {
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
      // Closes the listener and every idle keep-alive connection; busy ones close after their answer.
      stopListening();
      beforeWait?.();
      // Nothing is tracked per request (it would cost every vote): the server's own count of
      // open connections falls to zero as answers go out, and idle ones are closed as they appear.
      const deadline = Date.now() + timeoutMs;
      let open = await openConnections(server);
      while (open > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        server.closeIdleConnections();
        open = await openConnections(server);
      }
      server.closeAllConnections();
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
const BALLOT_ROUTE = /^\/api\/polls\/(?!trending(?:\?|$))[^/?]+(\/vote)?(?:\?|$)/;

function handsOutVoterCookie(method: string | undefined, url: string): boolean {
  const match = BALLOT_ROUTE.exec(url);
  return match !== null && (match[1] ? method === 'POST' : method === 'GET');
}

function openConnections(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

function refuseWhileDraining(res: http.ServerResponse): void {
  const body = JSON.stringify({
    error: { code: 'service_unavailable', message: 'this server is restarting; try again', details: { retry: true } },
  });
  res.shouldKeepAlive = false;
  res.writeHead(503, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'retry-after': '1',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}
