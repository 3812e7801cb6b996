import type { ResultsVisibility } from '../../domain/polls';
import type { PollResults } from '../../kinds/kind';
import { isNewer, type PollUpdatedMessage, type VoteSubmittedMessage } from '../../realtime/live-messages';
import {
  eventSourceWithHeaders,
  type EventSourceConstructor,
  type EventSourceLike,
  type LiveEvent,
} from './event-source';

/**
 * The browser's view of one poll's live results over SSE (docs/REALTIME.md). Browser-only: no Node.
 * It reconnects by itself (exponential backoff with jitter), resumes from the last event id,
 * and never reports a state older than one it already reported.
 */

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';
export type LiveState = {
  poll_id: string;
  seq: number;
  total_votes: number;
  /** `count` is null while the poll hides its results from this viewer. */
  options: { id: string; count: number | null }[];
  is_active: boolean;
  results_visibility: ResultsVisibility;
  results_visible: boolean;
  /** A ranked poll's instant-runoff count; null while the poll hides it from this viewer, absent for other kinds. */
  results?: PollResults | null;
  /** Grows with every edit of the poll's texts: the page reloads the poll when it moves. */
  revision: number;
  /**
   * How many watch the poll now, on every instance (recounted about once a second); absent until
   * a message carries it (a server from before the count never sends it).
   */
  viewers?: number;
  deleted?: boolean;
};

export type WatchOptions = {
  baseUrl?: string;
  /** Defaults to the browser's EventSource; tests in Node pass their own. */
  EventSource?: EventSourceConstructor;
  /** Reconnect delay: about `initialMs` at first, doubling per failure up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * The poll's admin token: the stream then shows counts whatever the poll hides. It travels as
   * an Authorization header (over fetch, since EventSource cannot send headers), never in the URL.
   */
  adminToken?: string;
};

export type LiveHandlers = { onState(state: LiveState): void; onStatus?(status: LiveStatus): void };

/**
 * Where a poll's live states come from: its own stream (watchPoll), or the stream of the event
 * that shows it (question-feed.ts), so a phone following an event holds one connection, not two.
 */
export type WatchLive = (pollId: string, handlers: LiveHandlers) => () => void;

/** Watches one poll over SSE (EventSource) with reconnect, exponential backoff with jitter, and resume via Last-Event-ID; never reports a state older than one already reported. Returns a function that stops watching. */
export function watchPoll(pollId: string, handlers: LiveHandlers, options: WatchOptions = {}): () => void {
  const Source = eventSourceFor(options);
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const pollPath = `${base}/api/polls/${encodeURIComponent(pollId)}`;

  const setStatus = statusReporter(handlers);
  let state: LiveState | undefined;
  let source: EventSourceLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const report = (arrived: LiveState) => {
    const next = newsIn(state, arrived);
    if (!next) return;
    state = next;
    handlers.onState(next);
    if (next.deleted) stop();
  };

  const connect = () => {
    retry = undefined;
    setStatus(state || failures > 0 ? 'reconnecting' : 'connecting');
    // A new EventSource cannot send Last-Event-ID itself, so the id rides in the query.
    const current = new Source(state ? `${pollPath}/stream?last_event_id=${state.seq}` : `${pollPath}/stream`);
    source = current;
    let opened = false;

    current.onopen = () => {
      opened = true;
      failures = 0;
      setStatus('live');
    };
    current.addEventListener('poll_updated', (event) => report(updatedState(event)));
    current.addEventListener('vote_submitted', (event) => {
      const message = JSON.parse(event.data) as VoteSubmittedMessage;
      if (state) report(votedState(state, event, message));
    });
    // We reconnect ourselves (the browser's own retry has no backoff and gives up on HTTP errors).
    current.onerror = () => {
      if (source !== current) return;
      current.close();
      source = undefined;
      failures++;
      setStatus('reconnecting');
      if (opened) return scheduleRetry();
      void pollIsGone(pollPath).then((gone) => {
        if (stopped || source) return;
        if (!gone) return scheduleRetry();
        if (state) report({ ...state, is_active: false, deleted: true });
        stop();
      });
    };
  };

  const scheduleRetry = () => {
    if (stopped || retry) return;
    retry = setTimeout(connect, retryDelay(failures, backoff));
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (retry) clearTimeout(retry);
    retry = undefined;
    source?.close();
    source = undefined;
    setStatus('closed');
  };

  connect();
  return stop;
}

/** Tells `onStatus` of each change of status, never twice the same in a row. */
function statusReporter(handlers: { onStatus?(status: LiveStatus): void }): (next: LiveStatus) => void {
  let status: LiveStatus | undefined;
  return (next) => {
    if (next === status) return;
    status = next;
    handlers.onStatus?.(next);
  };
}

function eventSourceFor(options: WatchOptions): EventSourceConstructor {
  if (options.EventSource) return options.EventSource;
  return options.adminToken !== undefined
    ? eventSourceWithHeaders({ authorization: `Bearer ${options.adminToken}` })
    : (globalThis.EventSource as unknown as EventSourceConstructor);
}

/** What to report after `state` now that `arrived` came: undefined when it is no news. */
export function newsIn(state: LiveState | undefined, arrived: LiveState): LiveState | undefined {
  const sameSeq = state !== undefined && arrived.seq === state.seq;
  // At one seq a viewer may also come to see the counts (its ballot was found after the frame went out).
  const revealed = sameSeq && arrived.results_visible && !state?.results_visible;
  if (isNewer(arrived, state) || (arrived.deleted && !state?.deleted) || revealed) return arrived;
  // At one seq a frame may also bring a new count of viewers: that alone is taken from it.
  if (!state || !sameSeq || arrived.viewers === undefined || arrived.viewers === state.viewers) return undefined;
  return { ...state, viewers: arrived.viewers };
}

export function updatedState(event: LiveEvent): LiveState {
  const message = JSON.parse(event.data) as PollUpdatedMessage;
  return {
    poll_id: message.poll_id,
    seq: seqOf(event, message.seq),
    total_votes: message.total_votes,
    options: message.options,
    is_active: message.is_active,
    results_visibility: message.results_visibility,
    results_visible: message.results_visible,
    ...(message.results === undefined ? {} : { results: message.results }),
    revision: message.revision,
    ...(message.viewers === undefined ? {} : { viewers: message.viewers }),
    ...(message.deleted ? { deleted: true } : {}),
  };
}

/** One vote moved one count: the state before it, with that count and the total. */
export function votedState(state: LiveState, event: LiveEvent, message: VoteSubmittedMessage): LiveState {
  return {
    ...state,
    seq: seqOf(event, message.seq),
    total_votes: message.total_votes,
    options: state.options.map((o) => (o.id === message.option_id ? { id: o.id, count: message.new_count } : o)),
    ...(message.viewers === undefined ? {} : { viewers: message.viewers }),
  };
}

/** A stream that never opened may mean the poll was deleted meanwhile: then stop retrying. */
function pollIsGone(pollPath: string): Promise<boolean> {
  return fetch(pollPath, { headers: { accept: 'application/json' } }).then(
    (response) => response.status === 404,
    () => false,
  );
}

/** About `initialMs` after the first failure, doubling per failure up to `maxMs`, with jitter: half fixed, half random. */
function retryDelay(failures: number, { initialMs, maxMs }: { initialMs: number; maxMs: number }): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function seqOf(event: LiveEvent, fallback: number): number {
  const id = Number(event.lastEventId);
  return event.lastEventId !== '' && Number.isSafeInteger(id) ? id : fallback;
}
