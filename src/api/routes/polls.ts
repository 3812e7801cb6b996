import { Hono } from 'hono';
import { AppError } from '../../domain/errors';
import { createPollSchema, listPollsQuerySchema, trendingQuerySchema, updatePollSchema } from '../../domain/schemas';
import { bearerToken, MAX_BODY_BYTES, type ApiEnv, type ApiServices } from '../api-env';
import { readJsonBody } from '../json-body';
import { voterIp } from '../request-voter';

/** Polls as a collection: create one, list and rank the open ones, and the creator's change and delete. */

export function pollRoutes({ polls, limits }: ApiServices) {
  const app = new Hono<ApiEnv>();

  app.post('/polls', async (c) => {
    const input = createPollSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    const ip = voterIp(c);
    const decision = await limits.polls.consume(ip);
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'too many new polls from this address; wait a moment', {
        retry_after: decision.retryAfterSeconds,
      });
    }
    // A ceiling for the whole service, so a crowd of addresses cannot fill the database with polls.
    const everyone = await limits.pollsOverall.consume('all');
    if (!everyone.allowed) {
      throw new AppError('rate_limited', 'too many new polls on this server right now; wait a moment', {
        retry_after: everyone.retryAfterSeconds,
      });
    }
    const created = await polls.create(input, ip);
    c.header('Location', `/api/polls/${created.id}`);
    return c.json(created, 201);
  });

  app.get('/polls', async (c) => {
    const query = listPollsQuerySchema.parse(c.req.query());
    // The schema defaults page to 1, so only the raw query tells whether the caller sent both.
    if (query.cursor !== undefined && c.req.query('page') !== undefined) {
      const message = 'send either page or cursor, not both';
      throw new AppError('invalid_request', message, { issues: [{ path: 'cursor', message }] });
    }
    return c.json(await polls.list(query));
  });

  // Before /polls/:id, which would otherwise take "trending" for an id.
  app.get('/polls/trending', async (c) => c.json(await polls.trending(trendingQuerySchema.parse(c.req.query()).limit)));

  app.patch('/polls/:id', async (c) => {
    const token = bearerToken(c);
    const change = updatePollSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await polls.update(c.req.param('id'), token, change));
  });

  app.delete('/polls/:id', async (c) => {
    await polls.remove(c.req.param('id'), bearerToken(c));
    return c.body(null, 204);
  });

  return app;
}
