import type { EventState } from '../../domain/events';
import type { VoteSubmittedMessage } from '../../realtime/live-messages';
import { newsIn, updatedState, votedState, type LiveState, type LiveStatus } from './live-client';

/**
 * The browser's view of an event over SSE (`/api/events/{id}/stream`, docs/REALTIME.md#events):
 * each `event_updated` tells which question is shown now, and the shown question's own live
 * messages (`poll_updated`, `vote_submitted`) follow on the same stream, so the page needs no
 * second connection for them. Browser-only. The stream's first message is always the state now,
 * so a reconnect (with backoff, as for a poll) lands on the current question; a state older than
 * one already reported is skipped.
 */
export function followEvent(
  eventId: string,
  handlers: {
    onState(state: EventState): void;
    onStatus?(status: LiveStatus): void;
    /** The shown question's results, as its own stream would report them (question-feed.ts). */
    onQuestion?(state: LiveState): void;
  },
): () => void {
  let seq = -1;
  let question: LiveState | undefined;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const report = (arrived: LiveState) => {
    // A snapshot of another poll starts that question afresh: the presenter moved.
    const next = newsIn(question?.poll_id === arrived.poll_id ? question : undefined, arrived);
    if (!next) return;
    question = next;
    handlers.onQuestion?.(next);
  };

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
    current.addEventListener('poll_updated', (event) => report(updatedState(event as MessageEvent<string>)));
    current.addEventListener('vote_submitted', (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as VoteSubmittedMessage;
      if (question?.poll_id === message.poll_id) report(votedState(question, event as MessageEvent<string>, message));
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
