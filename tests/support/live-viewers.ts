import http from 'node:http';
import WebSocket from 'ws';

/** Live viewers for tests, over real sockets: an SSE reader, a WebSocket client, an EventSource. */

export type SseEvent = { id?: string; event: string; data: string };

/** Reads `text/event-stream` bytes as they arrive; comment lines (keep-alives) are skipped. */
export class SseParser {
  private buffer = '';
  private id: string | undefined;
  private event = 'message';
  private data: string[] = [];

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (line === '') {
        if (this.data.length > 0) events.push({ id: this.id, event: this.event, data: this.data.join('\n') });
        this.event = 'message';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.id = value;
      else if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return events;
  }
}

/** Messages seen so far, and a way to wait (bounded) until one of them matches. */
class Inbox<T> {
  readonly items: T[] = [];
  private waiters = new Set<() => void>();

  add(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) waiter();
  }

  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  waitFor(match: (items: T[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (match(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!match(this.items)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(this.items.slice(-3))}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

export type SseViewer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, for a response that is not a stream (an error). */
  body: string;
  /** Everything the stream carried, as sent (fields the parser does not report, such as `retry:`, included). */
  raw: string;
  events: SseEvent[];
  ended: boolean;
  waitFor(match: (events: SseEvent[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): void;
};

/** Opens `GET /api/polls/{id}/stream` and resolves once the status line arrived. */
export function openSseViewer(
  baseUrl: string,
  pollId: string,
  headers: Record<string, string> = {},
): Promise<SseViewer> {
  return openSseStream(`${baseUrl}/api/polls/${pollId}/stream`, headers);
}

/** Opens any event stream (an event's: `/api/events/{id}/stream`) and resolves once the status line arrived. */
export function openSseStream(url: string, headers: Record<string, string> = {}): Promise<SseViewer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const inbox = new Inbox<SseEvent>();
      const parser = new SseParser();
      const viewer: SseViewer = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: '',
        raw: '',
        events: inbox.items,
        ended: false,
        waitFor: (match, what, timeoutMs) => inbox.waitFor(match, what, timeoutMs),
        waitForEnd: (timeoutMs) => inbox.waitFor(() => viewer.ended, 'the stream to end', timeoutMs),
        close: () => request.destroy(),
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        viewer.raw += chunk;
        if (viewer.status !== 200) viewer.body += chunk;
        else for (const event of parser.push(chunk)) inbox.add(event);
        inbox.wake();
      });
      const ended = () => {
        viewer.ended = true;
        inbox.wake();
      };
      response.on('end', ended);
      response.on('close', ended);
      response.on('error', ended);
      resolve(viewer);
    });
    request.on('error', reject);
  });
}

export type SocketViewer = {
  ws: WebSocket;
  messages: Record<string, any>[];
  send(message: unknown): void;
  sendRaw(data: string | Buffer): void;
  waitFor(match: (messages: Record<string, any>[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

/** Connects to `/api/ws`; `ws` options (headers, autoPong) pass through. */
export function openSocketViewer(baseUrl: string, options: WebSocket.ClientOptions = {}): Promise<SocketViewer> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws`, options);
  const inbox = new Inbox<Record<string, any>>();
  ws.on('message', (data) => inbox.add(JSON.parse(String(data))));
  ws.on('close', () => inbox.wake());
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      resolve({
        ws,
        messages: inbox.items,
        send: (message) => ws.send(JSON.stringify(message)),
        sendRaw: (data) => ws.send(data),
        waitFor: (match, what, timeoutMs) => inbox.waitFor(match, what, timeoutMs),
        close: () =>
          new Promise<void>((done) => {
            if (ws.readyState === WebSocket.CLOSED) return done();
            ws.once('close', () => done());
            ws.close();
          }),
      });
    });
  });
}

/**
 * Enough of the browser's EventSource for live-client.ts in Node (Node 20 has none): it opens
 * once, dispatches named events with their ids, and reports any end as an error without
 * reconnecting, which the client then does itself.
 */
export class NodeEventSource {
  static opened = 0;
  onopen: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private listeners = new Map<string, ((event: { data: string; lastEventId: string }) => void)[]>();
  private request: http.ClientRequest;
  private closed = false;

  constructor(url: string) {
    NodeEventSource.opened++;
    const parser = new SseParser();
    let lastEventId = '';
    const fail = () => {
      if (this.closed) return;
      this.closed = true;
      this.onerror?.({});
    };
    this.request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return fail();
      }
      this.onopen?.({});
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const event of parser.push(chunk)) {
          if (event.id !== undefined) lastEventId = event.id;
          for (const listener of this.listeners.get(event.event) ?? []) {
            if (!this.closed) listener({ data: event.data, lastEventId });
          }
        }
      });
      response.on('end', fail);
      response.on('close', fail);
    });
    this.request.on('error', fail);
  }

  addEventListener(type: string, listener: (event: { data: string; lastEventId: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.request.destroy();
  }
}
