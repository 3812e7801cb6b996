import type { EventBus } from '../adapters/event-bus/event-bus';
import { AppError, isAppError } from '../domain/errors';
import type { EventState } from '../domain/events';
import { canonicalId } from '../domain/ids';
import { describeError, type Logger } from '../logger';
import type { EventService } from '../polls/event-service';
import { KeepAlive } from './keep-alive';
import { eventUpdatedMessage, LiveFrame } from './live-frames';
import type { ViewerChannel, Watcher } from './viewer-channel';
import type { ViewerHub, Watch } from './viewer-hub';

/**
 * The followers of events on this instance (docs/REALTIME.md, "Events"). One bus subscription per
 * followed event; each change is encoded once and sent to every follower, who then watches the
 * question shown through the ViewerHub, as a viewer of that poll: its results, paced and hidden
 * as the poll says. A follower's first message is always the event's state now, so one who
 * reconnects lands on the current question.
 */

export type EventFollow = { ready: Promise<void>; leave(): void };

type Follower = {
  channel: ViewerChannel;
  watcher: Watcher;
  left: boolean;
  /** The seq of the last state it got. */
  seen?: number;
  /** The question it watches, through the hub. */
  pollId?: string | undefined;
  pollWatch?: Watch | undefined;
};

type FollowedEvent = {
  eventId: string;
  followers: Set<Follower>;
  joining: number;
  state?: EventState;
  frame?: LiveFrame;
  stopListening: () => void;
};

export type EventHubOptions = {
  bus: EventBus;
  events: Pick<EventService, 'state'>;
  hub: Pick<ViewerHub, 'watch'>;
  log: Logger;
  keepAliveMs?: number;
};

export class EventHub {
  private readonly followed = new Map<string, FollowedEvent>();
  private readonly keepAlive: KeepAlive;
  private closed = false;

  constructor(private readonly options: EventHubOptions) {
    this.keepAlive = new KeepAlive(options.keepAliveMs ?? 15_000, () => this.channels());
  }

  /** Starts following; `ready` resolves once the follower got the event's state, and rejects for an unknown event. */
  follow(rawEventId: string, channel: ViewerChannel, watcher: Watcher = { admin: false }): EventFollow {
    const eventId = canonicalId(rawEventId) ?? rawEventId;
    const event = this.enter(eventId);
    const follower: Follower = { channel, watcher, left: false };
    event.joining++;
    const ready = (event.state ? Promise.resolve() : this.read(event)).then(
      () => {
        event.joining--;
        if (this.closed) {
          follower.left = true;
          this.release(event);
          throw new AppError('service_unavailable', 'this server is shutting down; reconnect');
        }
        if (follower.left) return this.release(event);
        event.followers.add(follower);
        this.keepAlive.start();
        this.show(event, follower);
      },
      (error: unknown) => {
        event.joining--;
        follower.left = true;
        this.release(event);
        throw error;
      },
    );
    return { ready, leave: () => this.leave(event, follower) };
  }

  /** Followers and followed events here: all zero once every follower has gone. */
  stats(): { followers: number; events: number } {
    let followers = 0;
    for (const event of this.followed.values()) followers += event.followers.size;
    return { followers, events: this.followed.size };
  }

  /** Ends every follower's stream (they reconnect elsewhere) and forgets everything. */
  close(): void {
    this.closed = true;
    for (const event of [...this.followed.values()]) {
      for (const follower of [...event.followers]) {
        follower.channel.end('restart');
        this.leave(event, follower);
      }
      this.forget(event);
    }
    this.keepAlive.stop();
  }

  private enter(eventId: string): FollowedEvent {
    const existing = this.followed.get(eventId);
    if (existing) return existing;
    const event: FollowedEvent = { eventId, followers: new Set(), joining: 0, stopListening: () => undefined };
    event.stopListening = this.options.bus.subscribe(
      eventId,
      (state) => this.take(event, state),
      () => void this.read(event).catch((error: unknown) => this.logFailure(event, error)),
    );
    this.followed.set(eventId, event);
    return event;
  }

  private async read(event: FollowedEvent): Promise<void> {
    this.take(event, await this.options.events.state(event.eventId));
  }

  /**
   * A state newer than the one held goes to every follower, encoded once. Every follower hears of
   * the move before any of them starts watching the new question, so the last of 10,000 is not
   * kept waiting behind 9,999 watches; nothing is sent in between, so no follower gets the old
   * question's results after the move.
   */
  private take(event: FollowedEvent, state: EventState): void {
    if (event.state && state.seq <= event.state.seq) return;
    event.state = state;
    event.frame = new LiveFrame(eventUpdatedMessage(state));
    const told: Follower[] = [];
    for (const follower of event.followers) if (this.tell(event, follower)) told.push(follower);
    for (const follower of told) this.watchShown(event, follower);
  }

  /** Tells a follower the event's state, then has it watch the question shown (its snapshot comes next). */
  private show(event: FollowedEvent, follower: Follower): void {
    if (this.tell(event, follower)) this.watchShown(event, follower);
  }

  /** Sends the event's state to a follower who has not had it; false if there was nothing to send. */
  private tell(event: FollowedEvent, follower: Follower): boolean {
    const { state, frame } = event;
    if (!state || !frame || follower.left || (follower.seen !== undefined && follower.seen >= state.seq)) return false;
    follower.seen = state.seq;
    follower.channel.send(frame);
    return true;
  }

  /** Moves a follower's watch to the question now shown, if it changed. */
  private watchShown(event: FollowedEvent, follower: Follower): void {
    const pollId = event.state?.question?.id;
    if (follower.left) return;
    if (follower.pollId !== pollId) {
      follower.pollWatch?.leave();
      follower.pollWatch = undefined;
      follower.pollId = pollId;
    }
    if (!pollId || follower.pollWatch) return;
    const watch = this.options.hub.watch(pollId, this.questionChannel(follower), undefined, follower.watcher);
    follower.pollWatch = watch;
    watch.ready.catch((error: unknown) => {
      if (follower.pollWatch === watch) follower.pollWatch = undefined;
      this.logFailure(event, error);
    });
  }

  /** The follower's channel as the hub sees it: the hub's end (the poll deleted, a stop) ends only the question's watch. */
  private questionChannel(follower: Follower): ViewerChannel {
    const { channel } = follower;
    return {
      send: (frame) => {
        if (!follower.left) channel.send(frame);
      },
      get congested() {
        return channel.congested;
      },
      onceDrained: (listener) => channel.onceDrained(listener),
      end: () => {
        follower.pollWatch = undefined;
      },
    };
  }

  private leave(event: FollowedEvent, follower: Follower): void {
    if (follower.left) return;
    follower.left = true;
    follower.pollWatch?.leave();
    follower.pollWatch = undefined;
    event.followers.delete(follower);
    this.release(event);
  }

  private release(event: FollowedEvent): void {
    if (event.followers.size > 0 || event.joining > 0) return;
    this.forget(event);
  }

  private forget(event: FollowedEvent): void {
    if (this.followed.get(event.eventId) !== event) return;
    this.followed.delete(event.eventId);
    event.stopListening();
    if (this.followed.size === 0) this.keepAlive.stop();
  }

  private logFailure(event: FollowedEvent, error: unknown): void {
    const known = isAppError(error) && error.code === 'not_found';
    if (!known)
      this.options.log.warn('event follower update failed', { event_id: event.eventId, ...describeError(error) });
  }

  private *channels(): Iterable<ViewerChannel> {
    for (const event of this.followed.values()) for (const follower of event.followers) yield follower.channel;
  }
}
