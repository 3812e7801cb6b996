import type { EventState } from '../../domain/events';
import type { LiveStatus } from './live-client';

/**
 * The browser's view of an event over SSE (`/api/events/{id}/stream`, docs/REALTIME.md#events):
 * each `event_updated` tells which question is shown now. Browser-only. The stream's first
 * message is always the state now, so a reconnect (with backoff, as for a poll) lands on the
 * current question; a state older than one already reported is skipped.
 */
export function followEvent(
  eventId: string,
  handlers: { onState(state: EventState): void; onStatus?(status: LiveStatus): void },
): () => void {
  let seq = -1;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const connect = () => {
    retry = undefined;
    handlers.onStatus?.(failures > 0 ? 'reconnecting' : 'connecting');
    const current = new EventSource(`/api/events/${encodeURIComponent(eventId)}/stream`);
    source = current;
    current.onopen = () => {
      failures = 0;
      handlers.onStatus?.('live');
    };
    current.addEventListener('event_updated', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as EventState;
      if (state.seq < seq) return;
      seq = state.seq;
      handlers.onState(state);
    });
    current.onerror = () => {
      if (source !== current || stopped) return;
      current.close();
      source = undefined;
      failures++;
      handlers.onStatus?.('reconnecting');
      const ceiling = Math.min(30_000, 1_000 * 2 ** (failures - 1));
      retry = setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
    };
  };

  connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    source?.close();
    handlers.onStatus?.('closed');
  };
}
