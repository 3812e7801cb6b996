import type { ServerResponse } from 'node:http';
import { admitOrThrow, type LiveConnections } from './live-connections';
import { httpChunk, type LiveFrame } from './live-frames';
import type { ViewerChannel, Watcher } from './viewer-channel';
import type { EventHub } from './event-hub';
import type { ViewerHub } from './viewer-hub';

/**
 * `GET /api/polls/{id}/stream` and `GET /api/events/{id}/stream` (docs/REALTIME.md). Under our server it writes straight to Node's
 * response, which is the cheapest path and gives real socket backpressure; mounted where
 * there is no Node response (a Next route handler) it answers with a web stream instead.
 */

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};
/** Sets the reconnect delay of a plain EventSource; live-client.ts uses its own backoff. */
const PREAMBLE = Buffer.from('retry: 3000\n\n');
const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');
const KEEP_ALIVE_CHUNK = httpChunk(KEEP_ALIVE);
/** Written before a stream ends because this server stops: a plain EventSource comes back (elsewhere) at once. */
const COME_BACK_SOON = Buffer.from('retry: 250\n\n');
/** Bytes a web-stream viewer may have waiting before it counts as slow. */
const WEB_STREAM_BUFFER = 64 * 1024;

type Hub = Pick<ViewerHub, 'watch'>;

/** What the API read from the request: this module takes no framework's request object. */
export type StreamRequest = {
  pollId: string;
  /** `Last-Event-ID`, or `?last_event_id=` (a new EventSource cannot set the header). */
  lastEventId?: string;
  /** Node's response when our server carries the request; absent in a Next route handler. */
  outgoing?: ServerResponse;
  /** Resolved by the API, which owns the identity rule; unknown, only the global cap applies. */
  voterAddress?: string | undefined;
  /** Whose eyes (admin, voter), for polls that hide their counts; a stranger's when absent. */
  watcher?: Watcher;
};

/**
 * `connections` puts the stream under the live-connection caps; a refusal is thrown before
 * anything is written.
 */
export async function streamPoll(request: StreamRequest, hub: Hub, connections?: LiveConnections): Promise<Response> {
  const { pollId, watcher } = request;
  const resumeFrom = parseEventId(request.lastEventId);
  return stream(request, (channel) => hub.watch(pollId, channel, resumeFrom, watcher), connections);
}

/**
 * `GET /api/events/{id}/stream`: the event's state first, then its changes and the shown
 * question's live messages (src/realtime/event-hub.ts). No resume: a follower who comes back
 * always starts from the state now, so `Last-Event-ID` is not read.
 */
export async function streamEvent(
  request: Omit<StreamRequest, 'pollId' | 'lastEventId'> & { eventId: string },
  events: Pick<EventHub, 'follow'>,
  connections?: LiveConnections,
): Promise<Response> {
  return stream(request, (channel) => events.follow(request.eventId, channel, request.watcher), connections);
}

type Start = (channel: ViewerChannel) => { ready: Promise<void>; leave(): void };

async function stream(
  request: Pick<StreamRequest, 'outgoing' | 'voterAddress'>,
  start: Start,
  connections: LiveConnections | undefined,
): Promise<Response> {
  const release = connections ? admitOrThrow(connections, request.voterAddress) : () => {};
  try {
    return request.outgoing ? await streamToNode(request.outgoing, start, release) : await streamToWeb(start, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** A resumable event id is the poll's seq; anything else means "no resume". */
function parseEventId(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

async function streamToNode(res: ServerResponse, start: Start, release: () => void): Promise<Response> {
  const channel = new NodeSseChannel(res);
  const watch = start(channel);
  const leave = () => {
    watch.leave();
    release();
  };
  res.once('close', leave);
  try {
    await watch.ready;
  } catch (error) {
    res.off('close', leave);
    throw error;
  }
  channel.begin();
  return alreadySent();
}

/**
 * Tells @hono/node-server that the response was written here. Its light Response stands in for the
 * web one and takes a shortcut that writes the head without looking at this header; reading
 * `body` turns it into the web Response whose path honours it.
 */
function alreadySent(): Response {
  const response = new Response(null, { headers: { 'x-hono-already-sent': '1' } });
  void response.body;
  return response;
}

/**
 * After the head and the preamble (written through `res`), frames go straight to the socket,
 * already framed as chunks: `res.write` frames every write anew and defers the socket write to the
 * next tick (it corks per write), so a fan-out to 10,000 viewers spent most of its cost after the
 * pacer had measured it, and votes starved (docs/BENCHMARKS.md, P3). Backpressure is the socket's.
 * An HTTP/1.0 client gets no chunked body: its bytes go unframed, as Node would send them.
 */
class NodeSseChannel implements ViewerChannel {
  private started = false;

  constructor(private readonly res: ServerResponse) {}

  begin(): void {
    if (this.started || this.res.destroyed) return;
    this.started = true;
    this.res.writeHead(200, SSE_HEADERS);
    this.res.write(PREAMBLE);
  }

  send(frame: LiveFrame): void {
    this.begin();
    this.write(frame.sse, frame.sseChunk);
  }

  private write(bytes: Buffer, chunk: Buffer): void {
    const socket = this.res.socket;
    if (this.res.destroyed || !socket || socket.destroyed) return;
    socket.write(this.res.chunkedEncoding ? chunk : bytes);
  }

  get congested(): boolean {
    return this.res.socket?.writableNeedDrain ?? false;
  }

  onceDrained(listener: () => void): () => void {
    const socket = this.res.socket;
    if (!socket) return () => undefined;
    socket.once('drain', listener);
    return () => socket.off('drain', listener);
  }

  keepAlive(): void {
    this.begin();
    this.write(KEEP_ALIVE, KEEP_ALIVE_CHUNK);
  }

  end(reason?: 'restart'): void {
    this.begin();
    if (reason === 'restart' && !this.res.destroyed) this.res.write(COME_BACK_SOON);
    this.res.end();
  }
}

async function streamToWeb(start: Start, release: () => void): Promise<Response> {
  const channel = new WebSseChannel();
  const watch = start(channel);
  channel.onCancel = () => {
    watch.leave();
    release();
  };
  channel.onEnd = release;
  await watch.ready;
  return new Response(channel.readable, { headers: SSE_HEADERS });
}

class WebSseChannel implements ViewerChannel {
  onCancel?: () => void;
  onEnd?: () => void;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private drained = new Set<() => void>();
  private open = true;
  readonly readable = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        this.controller = controller;
        controller.enqueue(PREAMBLE);
      },
      // Called when the reader wants more, i.e. the queue drained below its mark.
      pull: () => {
        const listeners = [...this.drained];
        this.drained.clear();
        for (const listener of listeners) listener();
      },
      cancel: () => {
        this.open = false;
        this.drained.clear();
        this.onCancel?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: WEB_STREAM_BUFFER }),
  );

  send(frame: LiveFrame): void {
    if (this.open) this.controller.enqueue(frame.sse);
  }

  get congested(): boolean {
    return (this.controller.desiredSize ?? 0) <= 0;
  }

  onceDrained(listener: () => void): () => void {
    this.drained.add(listener);
    return () => this.drained.delete(listener);
  }

  keepAlive(): void {
    if (this.open) this.controller.enqueue(KEEP_ALIVE);
  }

  end(reason?: 'restart'): void {
    if (!this.open) return;
    this.open = false;
    if (reason === 'restart') this.controller.enqueue(COME_BACK_SOON);
    this.controller.close();
    this.onEnd?.();
  }
}
