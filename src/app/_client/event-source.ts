/**
 * What the live client needs of an EventSource (the browser's, or one a test passes in), and an
 * EventSource over fetch for a stream that needs request headers, which the browser's cannot send.
 * Browser-only: no Node.
 */

export type LiveEvent = { data: string; lastEventId: string };
export type EventSourceLike = {
  onopen: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  addEventListener(type: string, listener: (event: LiveEvent) => void): void;
  close(): void;
};
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/**
 * An EventSource over fetch, for a stream that needs request headers. It reads the parts of the
 * event-stream format our server writes (event, data, id, comments) and reports any failure or
 * end as an error, after which watchPoll reconnects as it does for EventSource.
 */
export function eventSourceWithHeaders(headers: Record<string, string>): EventSourceConstructor {
  return class FetchEventSource implements EventSourceLike {
    onopen: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private readonly listeners = new Map<string, ((event: LiveEvent) => void)[]>();
    private readonly aborter = new AbortController();

    constructor(url: string) {
      // After the constructor returns, so the caller can set its handlers first.
      void Promise.resolve().then(() => this.read(url));
    }

    addEventListener(type: string, listener: (event: LiveEvent) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }

    close(): void {
      this.aborter.abort();
    }

    private async read(url: string): Promise<void> {
      try {
        const response = await fetch(url, {
          headers: { accept: 'text/event-stream', ...headers },
          cache: 'no-store',
          signal: this.aborter.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        this.onopen?.({});
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        let event = { type: 'message', data: [] as string[], id: '' };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += value;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const raw of lines) {
            const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
            if (line === '') {
              if (event.data.length > 0) {
                const data = event.data.join('\n');
                for (const listener of this.listeners.get(event.type) ?? []) listener({ data, lastEventId: event.id });
              }
              event = { type: 'message', data: [], id: event.id };
              continue;
            }
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const text = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event.type = text;
            else if (field === 'data') event.data.push(text);
            else if (field === 'id') event.id = text;
          }
        }
        throw new Error('the stream ended');
      } catch {
        if (!this.aborter.signal.aborted) this.onerror?.({});
      }
    }
  };
}
