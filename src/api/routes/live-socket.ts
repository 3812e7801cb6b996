import { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteConfig } from '@hono/zod-openapi';
import type { ApiEnv } from '../api-env';
import type { Operation } from '../openapi-types';
import { PUBLIC, RETRY_AFTER, SET_COOKIE, errorWith, json } from '../route-docs';

/**
 * `GET /api/ws`: live results and voting over one WebSocket. The upgrade is answered by
 * src/realtime/live-sockets.ts, not by Hono, so this module adds no route: it only registers the
 * handshake's description, and OpenAPI has no words for the messages, so prose tells them.
 */

const LIVE_SOCKET: Operation = {
  operationId: 'liveSocket',
  tags: ['live'],
  summary: 'Live results and voting over one WebSocket',
  // Open to all: an admin token, where wanted, travels in a subscribe message, not the handshake.
  security: PUBLIC,
  description: [
    'Upgrade to a WebSocket. Client messages are JSON text, at most 4 KB (a bigger one closes the socket with 1009):',
    '- `{"type": "subscribe", "poll_id", "admin_token"?}`: a `poll_updated` snapshot, then that poll’s live messages (up to 50 polls per socket)\n- `{"type": "unsubscribe", "poll_id"}`\n- `{"type": "refresh", "poll_id", "admin_token"?}`: a `poll_updated` read from the database now\n- `{"type": "vote", "poll_id", "option_ids" (or "option_id"), "request_id"}`: the HTTP vote (same ballot, voter and limits), answered `{"type": "vote_result", "request_id", "poll_id", "success", "counted", "new_counts", "results_visible"}`',
    'Live messages are `LiveMessage`s. Anything that goes wrong is `{"type": "error", "code", "message", "details"?, "request_id"?, "poll_id"?}` with the codes of the HTTP API, and the socket stays open. Each socket may send 50 messages at once and 20 a second after (past that it is closed with 1008). The server pings every 30 s. Details: docs/REALTIME.md.',
  ].join('\n\n'),
  responses: {
    101: { description: 'the WebSocket is open', headers: { 'Set-Cookie': SET_COOKIE } },
    403: { description: 'the `Origin` names another host than this one (no body)' },
    404: {
      description: '- `not_found`: a plain GET, not a WebSocket upgrade',
      content: json(errorWith(['not_found'])),
    },
    429: {
      description: '- `rate_limited`: too many open live connections from this address',
      headers: { 'Retry-After': { ...RETRY_AFTER, required: true } },
      content: json(errorWith(['rate_limited'])),
    },
    503: {
      description:
        '- `service_unavailable`: this server has as many live connections as it takes (`Retry-After: 5`); while it restarts, 503 with no body',
      headers: { 'Retry-After': RETRY_AFTER },
      content: json(errorWith(['service_unavailable'])),
    },
  },
};

export function liveSocketDoc() {
  const app = new OpenAPIHono<ApiEnv>();
  // As in route-docs.ts: the same objects, under openapi3-ts's types.
  app.openAPIRegistry.registerPath({ method: 'get', path: '/ws', ...LIVE_SOCKET } as RouteConfig);
  return app;
}
