import { Hono } from 'hono';
import { streamPoll } from '../../realtime/sse-stream';
import { voterOf } from '../../voters/voter-address';
import { bearerToken, type ApiEnv, type ApiServices } from '../api-env';
import { requestVoter } from '../request-voter';

/** `GET /api/polls/{id}/stream`: a poll's live results as Server-Sent Events (docs/REALTIME.md). */

export function liveRoutes({ polls, hub, connections }: ApiServices) {
  const app = new Hono<ApiEnv>();

  // A stream whose address is unknown (a bare web Request in tests) counts only against the global cap.
  app.get('/polls/:id/stream', async (c) => {
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
