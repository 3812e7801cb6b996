import http from 'node:http';
import type { Socket } from 'node:net';
import type { ApiServices } from '../api/api-env';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { ConnectionGuard } from './connection-guard';
import { providePageServices, type PageServices } from '../app/_lib/page-services.server';
import { drainServer, refuseWhileDraining } from './drain';
import { createRequestLog } from './request-log';
import { createRouting, type PageHandler, type UpgradeHandler } from './routing';
import type { VoterCookies } from '../voters/voter-cookie';

/**
 * One process, one port for the API and the pages (docs/ARCHITECTURE.md). The HTTP server itself: it
 * counts every socket (connection-guard.ts), gives each request its id and log line
 * (request-log.ts), answers 503 while it drains (drain.ts), and hands the rest to the routing
 * (routing.ts), which decides where each request goes.
 */

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
  options: { port: number; host: string; pages?: PageHandler; onUpgrade?: UpgradeHandler },
): Promise<RunningServer> {
  const { sockets } = services;
  providePageServices(services);
  let draining = false;
  const logRequest = createRequestLog(services);
  const { pages, onUpgrade } = options;
  const routing = createRouting(services, { pages, onUpgrade, isDraining: () => draining });

  const server = http.createServer((req, res) => {
    const socket = req.socket;
    sockets.requestStarted(socket, res);
    res.once('close', () => sockets.requestEnded(socket));
    // Every answer carries the request's id, and the log line and metrics follow it once it is sent.
    logRequest(req, res);
    if (draining) return refuseWhileDraining(res);
    routing.request(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket: Socket) => sockets.accept(socket));
  server.on('upgrade', (req, socket: Socket, head) => routing.upgrade(req, socket, head));
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
