import { Hono } from 'hono';
import { voteSchema } from '../../domain/schemas';
import { MAX_BODY_BYTES, type ApiEnv, type ApiServices } from '../api-env';
import { readJsonBody } from '../json-body';
import { voter } from '../request-voter';

/**
 * `POST /api/polls/{id}/vote` where the API is mounted in Next, and for ids that are not plain
 * UUIDs; our own server answers the others in vote-door.ts, alike.
 */

export function voteRoutes({ castVote }: ApiServices) {
  const app = new Hono<ApiEnv>();

  app.post('/polls/:id/vote', async (c) => {
    const who = voter(c);
    const { option_ids } = voteSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await castVote({ pollId: c.req.param('id'), optionIds: option_ids, voter: who }));
  });

  return app;
}
