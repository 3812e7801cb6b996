import { OpenAPIHono } from '@hono/zod-openapi';
import { streamPoll } from '../../realtime/sse-stream';
import { voterOf } from '../../voters/voter-address';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { schemaRef } from '../openapi-components';
import { requestVoter } from '../request-voter';
import { liveMessageSchema } from '../responses';
import { ADMIN_OPTIONAL, NO_POLL, POLL_ID, documented } from '../route-docs';

/** `GET /api/polls/{id}/stream`: a poll's live results as Server-Sent Events (docs/REALTIME.md). */

const streamPollRoute = documented({
  method: 'get',
  path: '/polls/{id}/stream',
  operationId: 'streamPoll',
  tags: ['live'],
  summary: 'Live results (Server-Sent Events)',
  description: [
    'The body opens with `retry: 3000`; then each message is one event, `id: <seq>`, `event: <type>`, `data: <LiveMessage JSON>`, and a `: keep-alive` comment comes every 15 s.',
    'The first event is a `poll_updated` snapshot, unless `Last-Event-ID` (or `?last_event_id=`) is the current `seq` of a poll still open. `vote_submitted` is only sent when the viewer’s last message was the state just before it. On delete, a last `poll_updated` with `deleted: true`, and the stream ends.',
    'Counts are `null` while the poll hides them from this viewer; the admin token (a header, never the URL) shows them. Details: docs/REALTIME.md.',
  ].join('\n\n'),
  parameters: [
    POLL_ID,
    {
      name: 'Last-Event-ID',
      in: 'header',
      required: false,
      description: 'the `id` of the last event seen',
      schema: { type: 'string' },
    },
    {
      name: 'last_event_id',
      in: 'query',
      required: false,
      description: 'the same, for a new `EventSource` (which cannot set headers)',
      schema: { type: 'string' },
    },
  ],
  security: ADMIN_OPTIONAL,
  answer: {
    status: 200,
    description: 'the event stream; it stays open until the client leaves, the poll is deleted or the server stops',
    // OpenAPI 3.1 has no schema for the events of a stream: the data of each is a LiveMessage.
    content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': schemaRef(liveMessageSchema) } },
  },
  errors: {
    unauthorized: 'an admin token was sent and it is wrong',
    not_found: NO_POLL,
    rate_limited: 'too many open live connections (streams and WebSockets) from this address',
    service_unavailable: 'this server has as many live connections as it takes (`Retry-After: 5`)',
  },
});

export function liveRoutes({ polls, hub, connections }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  // A stream whose address is unknown (a bare web Request in tests) counts only against the global cap.
  app.openapi(streamPollRoute, async (c) => {
    const pollId = c.req.param('id');
    const token = bearerToken(c);
    if (token !== undefined) await polls.authorize(pollId, token);
    const known = requestVoter(c);
    return streamPoll(
      {
        pollId,
        lastEventId: c.req.header('last-event-id') ?? c.req.query('last_event_id'),
        outgoing: c.env?.outgoing,
        voterAddress: known?.address,
        watcher: { admin: token !== undefined, voter: known && voterOf(known) },
      },
      hub,
      connections,
    );
  });

  return app;
}
