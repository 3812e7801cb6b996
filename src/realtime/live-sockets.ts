import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { toAppError } from '../api/errors';
import type { Config } from '../config';
import { AppError } from '../domain/errors';
import { describeError } from '../logger';
import { requestVoterOf, voterOf, type RequestVoter } from '../voters/voter-address';
import type { Pollcast } from '../pollcast';
import { admitOrThrow } from './live-connections';
import type { LiveFrame } from './live-frames';
import { parseMessage, type ClientMessage } from './live-socket-requests';
import type { ViewerChannel, Watcher } from './viewer-channel';
import type { Watch } from './viewer-hub';

/**
 * `/api/ws` (docs/REALTIME.md): one socket, many polls. Viewing goes through the ViewerHub like SSE;
 * a vote takes the HTTP vote path (castVote) as the voter who opened the socket.
 */

export const MAX_MESSAGE_BYTES = 4 * 1024;
export const MAX_POLLS_PER_SOCKET = 50;
/**
 * The message budget of one socket, a token bucket: a page subscribes a few polls and votes now
 * and then, far inside it; a client that floods is closed with 1008 instead of making every
 * message a database read.
 */
export const MESSAGE_BURST = 50;
export const MESSAGES_PER_SECOND = 20;
/** Past either, the socket is not read until its handlers finish or its peer reads what we sent. */
export const MAX_IN_FLIGHT = 4;
export const MAX_BUFFERED_BYTES = 64 * 1024;

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

/** What the WebSocket endpoint uses of a running pollcast. */
export type LiveSocketsServices = Pick<Pollcast, 'hub' | 'castVote' | 'log' | 'connections' | 'voterCookies'> & {
  polls: Pick<Pollcast['polls'], 'authorize'>;
  config: Pick<Config, 'trustProxy'>;
};

export function createLiveSockets(services: LiveSocketsServices, options: LiveSocketsOptions = {}): LiveSockets {
  const { hub, castVote, config, log, connections, voterCookies, polls } = services;
  const burst = options.messageBurst ?? MESSAGE_BURST;
  const refillPerMs = (options.messagesPerSecond ?? MESSAGES_PER_SECOND) / 1000;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false });
  const sessions = new Map<WebSocket, { alive: boolean; close(): void }>();
  /** Upgrades that came without a voter cookie, and the one minted for each: it rides on the 101. */
  const mintedCookies = new WeakMap<IncomingMessage, string>();
  server.on('headers', (headers, req) => {
    const setCookie = mintedCookies.get(req);
    if (setCookie) headers.push(`Set-Cookie: ${setCookie}`);
  });
  let pinger: NodeJS.Timeout | undefined;

  function startPinging(): void {
    if (pinger) return;
    pinger = setInterval(() => {
      for (const [ws, session] of sessions) {
        if (!session.alive) ws.terminate();
        else {
          session.alive = false;
          ws.ping();
        }
      }
    }, options.pingIntervalMs ?? 30_000);
    pinger.unref();
  }

  function accept(ws: WebSocket, requestVoter: RequestVoter, socket: Socket): void {
    const watches = new Map<string, Watch>();
    /** The polls this socket watches with their admin token: it sees their counts whatever they hide. */
    const asAdmin = new Set<string>();
    const voter = voterOf(requestVoter);
    /** Whose eyes: the admin's only after the token was checked (404 or 401 otherwise). */
    const watcherFor = async (id: string, token: string | undefined): Promise<Watcher> => {
      if (token === undefined) return { admin: false, voter };
      await polls.authorize(id, token);
      return { admin: true, voter };
    };
    const session = {
      alive: true,
      close() {
        for (const watch of watches.values()) watch.leave();
        watches.clear();
      },
    };
    sessions.set(ws, session);
    startPinging();

    const reply = (message: Record<string, unknown>) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    };
    const replyError = (error: unknown, context: Record<string, unknown> = {}) => {
      const appError = toAppError(error);
      if (appError.code === 'internal_error') log.error('live socket request failed', describeError(error));
      reply({ type: 'error', ...context, code: appError.code, message: appError.message, details: appError.details });
    };

    /** `onEnd` runs when the poll was deleted: its last update went out; the socket stays for other polls. */
    const channelFor = (onEnd: () => void): ViewerChannel => ({
      send: (frame: LiveFrame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame.ws, { binary: false });
      },
      get congested() {
        return socket.writableNeedDrain;
      },
      onceDrained: (listener) => {
        socket.once('drain', listener);
        return () => socket.off('drain', listener);
      },
      end: onEnd,
    });

    /**
     * Each refresh is a database read, so while one of a poll runs, more of that poll are merged
     * into a single rerun after it: the client still ends up with the state as of its last ask.
     */
    const refreshing = new Map<string, { again: boolean }>();
    async function refresh(id: string, token?: string): Promise<void> {
      const running = refreshing.get(id);
      if (running) {
        running.again = true;
        return;
      }
      const state = { again: false };
      refreshing.set(id, state);
      try {
        do {
          state.again = false;
          const watch = watches.get(id);
          if (watch) await watch.refresh();
          else {
            const frame = await hub.snapshot(id, await watcherFor(id, token));
            if (ws.readyState === WebSocket.OPEN) ws.send(frame.ws, { binary: false });
          }
        } while (state.again && ws.readyState === WebSocket.OPEN);
      } finally {
        refreshing.delete(id);
      }
    }

    async function handle(message: ClientMessage): Promise<void> {
      const id = message.poll_id;
      switch (message.type) {
        case 'subscribe': {
          const existing = watches.get(id);
          // Subscribing again refreshes; with a token the socket did not have for this poll, it watches anew as admin.
          if (existing && (message.admin_token === undefined || asAdmin.has(id))) return refresh(id);
          const watcher = await watcherFor(id, message.admin_token);
          if (existing) {
            existing.leave();
            watches.delete(id);
          }
          if (watches.size >= MAX_POLLS_PER_SOCKET) {
            throw new AppError('invalid_request', `one socket can watch at most ${MAX_POLLS_PER_SOCKET} polls`);
          }
          const forget = () => {
            if (watches.get(id) === watch) {
              watches.delete(id);
              asAdmin.delete(id);
            }
          };
          const watch = hub.watch(id, channelFor(forget), undefined, watcher);
          watches.set(id, watch);
          if (watcher.admin) asAdmin.add(id);
          else asAdmin.delete(id);
          try {
            await watch.ready;
          } catch (error) {
            forget();
            throw error;
          }
          return;
        }
        case 'unsubscribe':
          watches.get(id)?.leave();
          watches.delete(id);
          asAdmin.delete(id);
          return;
        case 'refresh':
          return refresh(id, message.admin_token);
        case 'vote': {
          if (!voter) throw new AppError('invalid_request', 'the client address could not be determined');
          const { option_ids: optionIds, ranked } = message;
          const result = await castVote({ pollId: id, optionIds, ranked, voter });
          reply({ type: 'vote_result', request_id: message.request_id, poll_id: id, ...result });
          return;
        }
      }
    }

    let tokens = burst;
    let filledAt = performance.now();
    const withinBudget = (): boolean => {
      const now = performance.now();
      tokens = Math.min(burst, tokens + (now - filledAt) * refillPerMs);
      filledAt = now;
      if (tokens < 1) return false;
      tokens--;
      return true;
    };

    let inFlight = 0;
    let awaitingDrain = false;
    /**
     * Reading less is the only backpressure a peer feels: paused, its messages wait in its own
     * TCP buffers rather than as promises and queued frames in our memory.
     */
    const regulate = (): void => {
      if (ws.readyState !== WebSocket.OPEN) return;
      const backedUp = ws.bufferedAmount > MAX_BUFFERED_BYTES && socket.writableNeedDrain;
      if (backedUp && !awaitingDrain) {
        awaitingDrain = true;
        socket.once('drain', () => {
          awaitingDrain = false;
          regulate();
        });
      }
      const busy = backedUp || inFlight >= MAX_IN_FLIGHT;
      if (busy && !ws.isPaused) ws.pause();
      else if (!busy && ws.isPaused) ws.resume();
    };

    ws.on('message', (data, isBinary) => {
      // ws keeps emitting what it had already read after pause() or close(); a closing socket gets no answers.
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!withinBudget()) {
        // Resumed so that the peer's close frame can still be read and the close completes.
        ws.resume();
        ws.close(1008, 'message rate limit exceeded');
        return;
      }
      const parsed = parseMessage(data, isBinary);
      if (!parsed.ok) return replyError(parsed.error, parsed.context);
      const context: Record<string, unknown> = { poll_id: parsed.message.poll_id };
      if (parsed.message.type === 'vote') context.request_id = parsed.message.request_id;
      inFlight++;
      regulate();
      handle(parsed.message)
        .catch((error: unknown) => replyError(error, context))
        .finally(() => {
          inFlight--;
          regulate();
        });
    });
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('error', (error) => log.debug('live socket error', describeError(error)));
    ws.on('close', () => {
      session.close();
      sessions.delete(ws);
      if (sessions.size === 0 && pinger) {
        clearInterval(pinger);
        pinger = undefined;
      }
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
      let release: () => void;
      try {
        release = admitOrThrow(connections, voter.address);
      } catch (error) {
        refuse(socket, toAppError(error));
        return true;
      }
      // The TCP socket closes on every path (refused handshake, close, terminate, error), so the slot always returns.
      socket.once('close', release);
      if (voter.setCookie) mintedCookies.set(req, voter.setCookie);
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, voter, socket as Socket));
      return true;
    },
    stats: () => ({ sockets: sessions.size }),
    /** Closes every socket with 1012 (service restart): clients reconnect at once, to another instance. */
    close() {
      for (const [ws, session] of sessions) {
        session.close();
        ws.close(1012, 'server restarting');
      }
      sessions.clear();
      if (pinger) clearInterval(pinger);
      pinger = undefined;
      server.close();
    },
  };
}

/** Answers an upgrade with a plain HTTP error, before any WebSocket exists. */
function refuse(socket: Duplex, error: AppError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const retryAfter = error.details?.retry_after;
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
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
