import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { toAppError } from '../api/errors';
import { AppError } from '../domain/errors';
import { resolveVoterIp } from '../domain/voter';
import type { Pollcast } from '../pollcast';
import type { LiveFrame } from './live-frames';
import type { ViewerChannel, Watch } from './viewer-hub';

/**
 * `/api/ws` (DESIGN §5): one socket, many polls. Viewing goes through the ViewerHub like SSE;
 * a vote takes the HTTP vote path (castVote) as the voter who opened the socket.
 */

export const MAX_MESSAGE_BYTES = 4 * 1024;
export const MAX_POLLS_PER_SOCKET = 50;

const pollId = z.string({ error: 'poll_id must be text' }).max(64, 'poll_id is too long');
const requestId = z.union([z.string().max(100), z.number()], { error: 'request_id must be text or a number' });

const clientMessageSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('subscribe'), poll_id: pollId }),
    z.object({ type: z.literal('unsubscribe'), poll_id: pollId }),
    z.object({ type: z.literal('refresh'), poll_id: pollId }),
    z.object({
      type: z.literal('vote'),
      poll_id: pollId,
      option_id: z.string({ error: 'option_id must be text' }).max(64, 'option_id is too long'),
      request_id: requestId,
    }),
  ],
  { error: 'type must be subscribe, unsubscribe, refresh or vote' },
);
type ClientMessage = z.infer<typeof clientMessageSchema>;

export type LiveSocketsOptions = {
  /** How often peers are pinged; one missed pong drops them. */
  pingIntervalMs?: number;
};

export type LiveSockets = {
  /** For listen()'s onUpgrade: true when the request was ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stats(): { sockets: number };
  close(): void;
};

export function createLiveSockets(pollcast: Pollcast, options: LiveSocketsOptions = {}): LiveSockets {
  const { hub, castVote, config, log } = pollcast;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false });
  const sessions = new Map<WebSocket, { alive: boolean; close(): void }>();
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

  function accept(ws: WebSocket, req: IncomingMessage, socket: Socket): void {
    const voterIp = resolveVoterIp(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'] as string | undefined,
      config.trustProxy,
    );
    const watches = new Map<string, Watch>();
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
      if (appError.code === 'internal_error') log.error('live socket request failed', { error: String(error) });
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

    async function handle(message: ClientMessage): Promise<void> {
      const id = message.poll_id;
      switch (message.type) {
        case 'subscribe': {
          const existing = watches.get(id);
          if (existing) return existing.refresh();
          if (watches.size >= MAX_POLLS_PER_SOCKET) {
            throw new AppError('invalid_request', `one socket can watch at most ${MAX_POLLS_PER_SOCKET} polls`);
          }
          const forget = () => {
            if (watches.get(id) === watch) watches.delete(id);
          };
          const watch = hub.watch(id, channelFor(forget));
          watches.set(id, watch);
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
          return;
        case 'refresh': {
          const watch = watches.get(id);
          if (watch) return watch.refresh();
          const frame = await hub.snapshot(id);
          if (ws.readyState === WebSocket.OPEN) ws.send(frame.ws, { binary: false });
          return;
        }
        case 'vote': {
          if (!voterIp) throw new AppError('invalid_request', 'the client address could not be determined');
          const result = await castVote({ pollId: id, optionId: message.option_id, voterIp });
          reply({ type: 'vote_result', request_id: message.request_id, poll_id: id, ...result });
          return;
        }
      }
    }

    ws.on('message', (data, isBinary) => {
      const parsed = parseMessage(data, isBinary);
      if (!parsed.ok) return replyError(parsed.error, parsed.context);
      const context: Record<string, unknown> = { poll_id: parsed.message.poll_id };
      if (parsed.message.type === 'vote') context.request_id = parsed.message.request_id;
      handle(parsed.message).catch((error: unknown) => replyError(error, context));
    });
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('error', (error) => log.debug('live socket error', { error: String(error) }));
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
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, req, socket as Socket));
      return true;
    },
    stats: () => ({ sockets: sessions.size }),
    close() {
      for (const [ws, session] of sessions) {
        session.close();
        ws.terminate();
      }
      sessions.clear();
      if (pinger) clearInterval(pinger);
      pinger = undefined;
      server.close();
    },
  };
}

type Parsed = { ok: true; message: ClientMessage } | { ok: false; error: AppError; context: Record<string, unknown> };

function parseMessage(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, error: new AppError('invalid_request', 'send text messages'), context: {} };
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return { ok: false, error: new AppError('invalid_request', 'messages must be JSON'), context: {} };
  }
  const result = clientMessageSchema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const context: Record<string, unknown> = {};
  const requestIdOf = (json as { request_id?: unknown } | null)?.request_id;
  if (typeof requestIdOf === 'string' || typeof requestIdOf === 'number') context.request_id = requestIdOf;
  return { ok: false, error: toAppError(result.error), context };
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
