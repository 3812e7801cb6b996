import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import { toAppError } from '../db/caught-errors';
import { AppError } from '../domain/errors';
import type { Voter } from '../domain/voter';
import { describeError, type Logger } from '../logger';
import type { PollService } from '../polls/poll-service';
import { voterOf, type RequestVoter } from '../voters/voter-address';
import type { CastVote } from '../votes/cast-vote';
import type { LiveFrame } from './live-frames';
import { SocketEvents, type EventSessionServices } from './live-socket-events';
import { parseMessage, type ClientMessage } from './live-socket-requests';
import type { ViewerChannel, Watcher } from './viewer-channel';
import type { ViewerHub, Watch } from './viewer-hub';

/**
 * One socket of `/api/ws` (docs/REALTIME.md), from its handshake to its close: the polls it
 * watches (through the ViewerHub, like SSE), its votes (castVote, as the voter who opened it),
 * its message budget, and how fast it is read.
 */

const MAX_POLLS_PER_SOCKET = 50;
/** Past either, the socket is not read until its handlers finish or its peer reads what we sent. */
const MAX_IN_FLIGHT = 4;
const MAX_BUFFERED_BYTES = 64 * 1024;

/** What one socket's session uses of a running pollcast. */
export type SessionServices = EventSessionServices & {
  hub: Pick<ViewerHub, 'watch' | 'snapshot'>;
  castVote: CastVote;
  log: Logger;
  polls: Pick<PollService, 'authorize'>;
};

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export type MessageBudget = { burst: number; perSecond: number };

type VoteMessage = Extract<ClientMessage, { type: 'vote' }>;

export class LiveSocketSession {
  private readonly watches = new Map<string, Watch>();
  /** The polls this socket watches with their admin token: it sees their counts whatever they hide. */
  private readonly asAdmin = new Set<string>();
  /**
   * Each refresh is a database read, so while one of a poll runs, more of that poll are merged
   * into a single rerun after it: the client still ends up with the state as of its last ask.
   */
  private readonly refreshing = new Map<string, { again: boolean }>();
  private readonly voter: Voter | undefined;
  private readonly events: SocketEvents;
  private readonly withinBudget: () => boolean;
  private inFlight = 0;
  private awaitingDrain = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Socket,
    requestVoter: RequestVoter,
    private readonly services: SessionServices,
    budget: MessageBudget,
  ) {
    this.voter = voterOf(requestVoter);
    this.events = new SocketEvents(services, this.voter, (onEnd) => this.channelFor(onEnd));
    this.withinBudget = tokenBucket(budget);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('error', (error) => services.log.debug('live socket error', describeError(error)));
  }

  /** Leaves every poll and event the socket watches. */
  close(): void {
    for (const watch of this.watches.values()) watch.leave();
    this.watches.clear();
    this.events.close();
  }

  private receive(data: RawData, isBinary: boolean): void {
    const { ws } = this;
    // ws keeps emitting what it had already read after pause() or close(); a closing socket gets no answers.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!this.withinBudget()) {
      // Resumed so that the peer's close frame can still be read and the close completes.
      ws.resume();
      ws.close(1008, 'message rate limit exceeded');
      return;
    }
    const parsed = parseMessage(data, isBinary);
    if (!parsed.ok) return this.replyError(parsed.error, parsed.context);
    const { message } = parsed;
    const context: Record<string, unknown> =
      'event_id' in message ? { event_id: message.event_id } : { poll_id: message.poll_id };
    if (message.type === 'vote') context.request_id = message.request_id;
    this.inFlight++;
    this.regulate();
    this.handle(message)
      .catch((error: unknown) => this.replyError(error, context))
      .finally(() => {
        this.inFlight--;
        this.regulate();
      });
  }

  private async handle(message: ClientMessage): Promise<void> {
    if (message.type === 'subscribe_event') return this.events.follow(message.event_id, message.admin_token);
    if (message.type === 'unsubscribe_event') return this.events.unfollow(message.event_id);
    const id = message.poll_id;
    switch (message.type) {
      case 'subscribe':
        return this.subscribe(id, message.admin_token);
      case 'unsubscribe':
        this.watches.get(id)?.leave();
        this.watches.delete(id);
        this.asAdmin.delete(id);
        return;
      case 'refresh':
        return this.refresh(id, message.admin_token);
      case 'vote':
        return this.vote(message);
    }
  }

  private async subscribe(id: string, adminToken: string | undefined): Promise<void> {
    const { watches, asAdmin } = this;
    const existing = watches.get(id);
    // Subscribing again refreshes; with a token the socket did not have for this poll, it watches anew as admin.
    if (existing && (adminToken === undefined || asAdmin.has(id))) return this.refresh(id);
    const watcher = await this.watcherFor(id, adminToken);
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
    const watch = this.services.hub.watch(id, this.channelFor(forget), undefined, watcher);
    watches.set(id, watch);
    if (watcher.admin) asAdmin.add(id);
    else asAdmin.delete(id);
    try {
      await watch.ready;
    } catch (error) {
      forget();
      throw error;
    }
  }

  private async refresh(id: string, token?: string): Promise<void> {
    const running = this.refreshing.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.refreshing.set(id, state);
    try {
      do {
        state.again = false;
        const watch = this.watches.get(id);
        if (watch) await watch.refresh();
        else {
          const frame = await this.services.hub.snapshot(id, await this.watcherFor(id, token));
          if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame.ws, { binary: false });
        }
      } while (state.again && this.ws.readyState === WebSocket.OPEN);
    } finally {
      this.refreshing.delete(id);
    }
  }

  private async vote(message: VoteMessage): Promise<void> {
    const { voter } = this;
    if (!voter) throw new AppError('invalid_request', 'the client address could not be determined');
    const result = await this.services.castVote({ pollId: message.poll_id, ballot: message.ballot, voter });
    this.reply({ type: 'vote_result', request_id: message.request_id, poll_id: message.poll_id, ...result });
  }

  /** Whose eyes: the admin's only after the token was checked (404 or 401 otherwise). */
  private async watcherFor(id: string, token: string | undefined): Promise<Watcher> {
    if (token === undefined) return { admin: false, voter: this.voter };
    await this.services.polls.authorize(id, token);
    return { admin: true, voter: this.voter };
  }

  /** `onEnd` runs when the poll was deleted: its last update went out; the socket stays for other polls. */
  channelFor(onEnd: () => void): ViewerChannel {
    const { ws, socket } = this;
    return {
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
    };
  }

  private reply(message: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private replyError(error: unknown, context: Record<string, unknown> = {}): void {
    const appError = toAppError(error);
    if (appError.code === 'internal_error') this.services.log.error('live socket request failed', describeError(error));
    this.reply({
      type: 'error',
      ...context,
      code: appError.code,
      message: appError.message,
      details: appError.details,
    });
  }

  /**
   * Reading less is the only backpressure a peer feels: paused, its messages wait in its own
   * TCP buffers rather than as promises and queued frames in our memory.
   */
  private regulate(): void {
    const { ws, socket } = this;
    if (ws.readyState !== WebSocket.OPEN) return;
    const backedUp = ws.bufferedAmount > MAX_BUFFERED_BYTES && socket.writableNeedDrain;
    if (backedUp && !this.awaitingDrain) {
      this.awaitingDrain = true;
      socket.once('drain', () => {
        this.awaitingDrain = false;
        this.regulate();
      });
    }
    const busy = backedUp || this.inFlight >= MAX_IN_FLIGHT;
    if (busy && !ws.isPaused) ws.pause();
    else if (!busy && ws.isPaused) ws.resume();
  }
}

/** True while the budget holds a message, which it then spends. */
function tokenBucket({ burst, perSecond }: MessageBudget): () => boolean {
  const refillPerMs = perSecond / 1000;
  let tokens = burst;
  let filledAt = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + (now - filledAt) * refillPerMs);
    filledAt = now;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };
}
