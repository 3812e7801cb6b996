import { Hono } from 'hono';
import { bearerToken, type ApiEnv, type ApiServices } from '../api-env';
import { voter } from '../request-voter';

/** One poll as its caller may see it, by id or by join code; with the admin token the creator sees the counts whatever the poll hides. */

export function pollDetailsRoutes({ polls }: ApiServices) {
  const app = new Hono<ApiEnv>();

  // Answers like GET /polls/{id}; the code as people type it (any case, spaces or dashes).
  app.get('/polls/by-code/:code', async (c) =>
    c.json(await polls.detailsByCode(c.req.param('code'), voter(c), bearerToken(c))),
  );

  app.get('/polls/:id', async (c) => c.json(await polls.details(c.req.param('id'), voter(c), bearerToken(c))));

  return app;
}
