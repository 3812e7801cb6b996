import http from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createApiApp } from '../api/app';
import type { Pollcast } from '../pollcast';
import { resolveVoterIp } from '../domain/voter';
import { providePollcast, VOTER_IP_HEADER } from './context';
import { applyPageSecurity } from './page-security';

/**
 * One process, one port, two front doors (DESIGN §1a): /api/* goes to Hono, WebSocket
 * upgrades on /api/ws to ws, everything else to Next's request handler when pages are on.
 */

export type PageHandler = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
};

export type RunningServer = { server: http.Server; port: number; close(): Promise<void> };

export async function listen(
  pollcast: Pollcast,
  options: {
    port: number;
    host: string;
    pages?: PageHandler;
    onUpgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  },
): Promise<RunningServer> {
  const api = getRequestListener(createApiApp(pollcast).fetch);
  const pages = options.pages;
  providePollcast(pollcast);

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || !pages) {
      void api(req, res);
      return;
    }
    // Pages (and their no-JavaScript vote form) learn the voter from this header, never from the client.
    req.headers[VOTER_IP_HEADER] =
      resolveVoterIp(
        req.socket.remoteAddress,
        req.headers['x-forwarded-for'] as string | undefined,
        pollcast.config.trustProxy,
      ) ?? '';
    applyPageSecurity(req, res, pollcast.config.dev);
    void Promise.resolve(pages.handle(req, res)).catch((error: unknown) => {
      pollcast.log.error('page failed', { url, error: String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('pollcast could not render this page');
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (req, socket, head) => {
    if (options.onUpgrade?.(req, socket, head)) return;
    if (pages?.upgrade && !(req.url ?? '').startsWith('/api/')) return pages.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
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

  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
