import { OpenAPIHono } from '@hono/zod-openapi';
import { streamEvent } from '../../realtime/sse-stream';
import { voterOf } from '../../voters/voter-address';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { eventUpdatedMessageSchema } from '../event-responses';
import { schemaRef } from '../openapi-components';
import { requestVoter } from '../request-voter';
import { liveMessageSchema } from '../responses';
import { ADMIN_OPTIONAL, EVENT_ID, NO_EVENT, documented } from '../route-docs';

/** `GET /api/events/{id}/stream`: an event's moves and its shown question's live results as Server-Sent Events. */

const streamEventRoute = documented({
  method: 'get',
  path: '/events/{id}/stream',
  operationId: 'streamEvent',
  tags: ['events', 'live'],
  summary: 'Follow an event live (Server-Sent Events)',
  description: [
    'The first event is always an `event_updated` with the event’s state now (a follower who reconnects lands on the current question: `Last-Event-ID` is not read), then, while a question is shown, that question’s `poll_updated` snapshot and live messages as its own stream sends them. Each move sends an `event_updated`, then the new question’s snapshot.',
    'Counts are `null` while a question hides them from this follower; the event’s admin token (a header, never the URL) shows them. Details: docs/REALTIME.md.',
  ].join('\n\n'),
  parameters: [EVENT_ID],
  security: ADMIN_OPTIONAL,
  answer: {
    status: 200,
    description: 'the event stream; it stays open until the client leaves or the server stops',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        'x-event-data': { oneOf: [schemaRef(eventUpdatedMessageSchema), schemaRef(liveMessageSchema)] },
      },
    },
  },
  errors: {
    unauthorized: 'an admin token was sent and it is wrong',
    not_found: NO_EVENT,
    rate_limited: 'too many open live connections (streams and WebSockets) from this address',
    service_unavailable: 'this server has as many live connections as it takes (`Retry-After: 5`)',
  },
});

export function eventLiveRoutes({ events, eventHub, connections }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(streamEventRoute, async (c) => {
    const eventId = c.req.param('id');
    const token = bearerToken(c);
    if (token !== undefined) await events.authorize(eventId, token);
    const known = requestVoter(c);
    return streamEvent(
      {
        eventId,
        outgoing: c.env?.outgoing,
        voterAddress: known?.address,
        watcher: { admin: token !== undefined, voter: known && voterOf(known) },
      },
      eventHub,
      connections,
    );
  });

  return app;
}
