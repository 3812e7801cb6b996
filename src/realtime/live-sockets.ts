import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config';
import { requestVoterOf, type RequestVoter } from '../voters/voter-address';
import type { VoterCookies } from '../voters/voter-cookie';
import { refusalError, type LiveConnections, type Refusal } from './live-connections';
import { LiveSocketSession, type SessionServices } from './live-socket-session';

/**
 * `/api/ws` (docs/REALTIME.md): one socket, many polls. This is the endpoint: the handshake
 * (path, origin, connection budget, voter cookie), the sockets' pings and the stop; each
 * socket's session is in live-socket-session.ts.
 */

export const MAX_MESSAGE_BYTES = 4 * 1024;
/**
 * The message budget of one socket, a token bucket: a page subscribes a few polls and votes now
 * and then, far inside it; a client that floods is closed with 1008 instead of making every
 * message a database read.
 */
export const MESSAGE_BURST = 50;
const MESSAGES_PER_SECOND = 20;

export type LiveSocketsOptions = {
  /** How often peers are pinged; one missed pong drops them. */
  pingIntervalMs?: number;
  /** The message budget (defaults MESSAGE_BURST, MESSAGES_PER_SECOND). */
  messageBurst?: number;
  messagesPerSecond?: number;
};

export type LiveSockets = {
  /** For listen()'s onUpgrade: true when the request was ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): { sockets: number };
  close(): void;
};

/** What the WebSocket endpoint uses of a running pollcast: its sessions' services, and the handshake's. */
export type LiveSocketsServices = SessionServices & {
  connections: LiveConnections;
  voterCookies: VoterCookies;
  config: Pick<Config, 'trustProxy'>;
};

export function createLiveSockets(services: LiveSocketsServices, options: LiveSocketsOptions = {}): LiveSockets {
  const { config, connections, voterCookies } = services;
  const budget = {
    burst: options.messageBurst ?? MESSAGE_BURST,
    perSecond: options.messagesPerSecond ?? MESSAGES_PER_SECOND,
  };
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false });
  const sessions = new Map<WebSocket, { alive: boolean; session: LiveSocketSession }>();
  /** Upgrades that came without a voter cookie, and the one minted for each: it rides on the 101. */
  const mintedCookies = new WeakMap<IncomingMessage, string>();
  server.on('headers', (headers, req) => {
    const setCookie = mintedCookies.get(req);
    if (setCookie) headers.push(`Set-Cookie: ${setCookie}`);
  });
  const pings = pinger(sessions, options.pingIntervalMs ?? 30_000);

  function accept(ws: WebSocket, voter: RequestVoter, socket: Socket): void {
    const entry = { alive: true, session: new LiveSocketSession(ws, socket, voter, services, budget) };
    sessions.set(ws, entry);
    pings.start();
    ws.on('pong', () => {
      entry.alive = true;
    });
    ws.on('close', () => {
      entry.session.close();
      sessions.delete(ws);
      if (sessions.size === 0) pings.stop();
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/api/ws') return false;
      if (!sameSite(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      const voter = requestVoterOf(req, config.trustProxy, voterCookies);
      const admission = connections.admit(voter.address);
      if (typeof admission !== 'function') {
        refuse(socket, admission);
        return true;
      }
      // The TCP socket closes on every path (refused handshake, close, terminate, error), so the slot always returns.
      socket.once('close', admission);
      if (voter.setCookie) mintedCookies.set(req, voter.setCookie);
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, voter, socket as Socket));
      return true;
    },
    stats: () => ({ sockets: sessions.size }),
    /** Closes every socket with 1012 (service restart): clients reconnect at once, to another instance. */
    close() {
      for (const [ws, { session }] of sessions) {
        session.close();
        ws.close(1012, 'server restarting');
      }
      sessions.clear();
      pings.stop();
      server.close();
    },
  };
}

/** Pings the open sockets while there are any: one that missed the last pong is dropped. */
function pinger(sockets: Map<WebSocket, { alive: boolean }>, intervalMs: number) {
  let timer: NodeJS.Timeout | undefined;
  return {
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        for (const [ws, entry] of sockets) {
          if (!entry.alive) ws.terminate();
          else {
            entry.alive = false;
            ws.ping();
          }
        }
      }, intervalMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/**
 * A refused handshake is an HTTP answer, given before any WebSocket exists: the statuses the API
 * gives the same refusals of an SSE stream (429 `rate_limited`, 503 `service_unavailable`).
 */
const REFUSAL_STATUS = { address_full: 429, server_full: 503 } as const;

function refuse(socket: Duplex, refusal: Refusal): void {
  const error = refusalError(refusal);
  const status = REFUSAL_STATUS[refusal];
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const retryAfter = error.details?.retry_after;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      (typeof retryAfter === 'number' ? `Retry-After: ${retryAfter}\r\n` : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    // Refusals come when descriptors are scarce: a peer that never closes its side must not keep one.
    () => socket.destroy(),
  );
}

/**
 * A browser page of another site must not vote as its visitor (the WebSocket cousin of CSRF):
 * when a browser sends Origin, it must name this host. Other clients send none.
 */
function sameSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === req.headers.host || host === req.headers['x-forwarded-host'];
}
