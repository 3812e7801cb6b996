import { AppError } from '../domain/errors';
import type { Voter } from '../domain/voter';
import type { EventService } from '../polls/event-service';
import type { EventFollow, EventHub } from './event-hub';
import type { ViewerChannel } from './viewer-channel';

/**
 * The events one socket of `/api/ws` follows (`subscribe_event`, docs/REALTIME.md): each through
 * the EventHub, as an SSE follower would, on the socket's own channel.
 */

const MAX_EVENTS_PER_SOCKET = 10;

export type EventSessionServices = {
  eventHub: Pick<EventHub, 'follow'>;
  events: Pick<EventService, 'authorize'>;
};

export class SocketEvents {
  private readonly follows = new Map<string, EventFollow>();

  constructor(
    private readonly services: EventSessionServices,
    private readonly voter: Voter | undefined,
    private readonly channelFor: (onEnd: () => void) => ViewerChannel,
  ) {}

  /** Follows an event anew: the state now first, whether or not the socket followed it already. */
  async follow(eventId: string, adminToken: string | undefined): Promise<void> {
    if (adminToken !== undefined) await this.services.events.authorize(eventId, adminToken);
    this.unfollow(eventId);
    if (this.follows.size >= MAX_EVENTS_PER_SOCKET) {
      throw new AppError('invalid_request', `one socket can follow at most ${MAX_EVENTS_PER_SOCKET} events`);
    }
    const forget = () => {
      if (this.follows.get(eventId) === follow) this.follows.delete(eventId);
    };
    const watcher = { admin: adminToken !== undefined, voter: this.voter };
    const follow = this.services.eventHub.follow(eventId, this.channelFor(forget), watcher);
    this.follows.set(eventId, follow);
    try {
      await follow.ready;
    } catch (error) {
      forget();
      throw error;
    }
  }

  unfollow(eventId: string): void {
    this.follows.get(eventId)?.leave();
    this.follows.delete(eventId);
  }

  close(): void {
    for (const follow of this.follows.values()) follow.leave();
    this.follows.clear();
  }
}
