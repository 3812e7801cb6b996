import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import type { EventService } from '../polls/event-service';
import type { PollService } from '../polls/poll-service';
import type { EventHub } from '../realtime/event-hub';
import type { LiveConnections } from '../realtime/live-connections';
import type { ViewerHub } from '../realtime/viewer-hub';
import type { RequestVoter } from '../voters/voter-address';
import type { CastVote } from '../votes/cast-vote';
import type { healthSchema } from './responses';

/** What every API route shares: how big a body may be, what the entry point passes in, and the services. */

export const MAX_BODY_BYTES = 16 * 1024;

/**
 * What the entry point that mounted the API tells it. Under our Node server Hono gets the raw request
 * and response (the SSE stream writes to it), and the request carries the voter our server
 * resolved; a Next route handler passes the voter it read from the address header it was
 * configured to trust and the cookie instead.
 */
export type ApiEnv = { Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse; voter?: RequestVoter } };

/** A rate limit as the API uses one: each hit is allowed, or refused with the seconds to wait. */
type Limit = { consume(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> };

/**
 * The ports the API needs, each no wider than its routes use. The API never sees the composition
 * root (src/pollcast.ts): whoever mounts it passes something of this shape, a running pollcast
 * included.
 */
export type ApiServices = {
  polls: Pick<
    PollService,
    | 'create'
    | 'list'
    | 'trending'
    | 'details'
    | 'idByCode'
    | 'targetOfCode'
    | 'authorize'
    | 'update'
    | 'remove'
    | 'rctabSummary'
  >;
  /** Events: several questions under one code (docs/decisions/0016-events.md). */
  events: Pick<EventService, 'create' | 'details' | 'detailsByCode' | 'update' | 'authorize' | 'exportParts'>;
  /** The one vote path (src/votes/cast-vote.ts). */
  castVote: CastVote;
  /** New polls per address, and for everyone together. */
  limits: { polls: Limit; pollsOverall: Limit };
  log: Logger;
  /** Whether this instance can serve, as `GET /api/health` answers it. */
  health(): Promise<z.output<typeof healthSchema>>;
  /** Live viewers and their connection budget, for the SSE stream. */
  hub: Pick<ViewerHub, 'watch'>;
  /** Followers of events, for the event stream. */
  eventHub: Pick<EventHub, 'follow'>;
  connections: LiveConnections;
  /** Read by exports, which stream ballots straight from the database. */
  database: Database;
  config: { publicUrl: Config['publicUrl']; db: Pick<Config['db'], 'poolSize' | 'timeoutMs'> };
};
