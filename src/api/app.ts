import { Hono, type Context } from 'hono';
import { AppError } from '../domain/errors';
import type { Voter } from '../domain/voter';
import {
  createPollSchema,
  listPollsQuerySchema,
  trendingQuerySchema,
  updatePollSchema,
  voteSchema,
} from '../domain/schemas';
import { streamPoll } from '../realtime/sse-stream';
import { voterOf, voterPassedOn, type RequestVoter } from '../voters/voter-address';
import { bearerToken, MAX_BODY_BYTES, type ApiEnv, type ApiServices } from './api-env';
import { errorResponse } from './errors';
import { readJsonBody } from './json-body';
import { exportRoutes } from './export';
import { oembedRoutes } from './oembed';
import { openApiDocument } from './openapi';

/** The REST API (docs/API.md): the only implementation, served by our server or a Next route. */

export function createApiApp(services: ApiServices) {
  const { polls, castVote, limits, log, hub, connections } = services;
  const app = new Hono<ApiEnv>().basePath('/api');

  const requestVoter = (c: Context<ApiEnv>): RequestVoter | undefined => {
    if (c.env?.voter) return c.env.voter;
    const headers = c.env?.incoming?.headers;
    return headers && voterPassedOn((name) => headers[name] as string | undefined);
  };
  const voterIpIfKnown = (c: Context<ApiEnv>): string | undefined => requestVoter(c)?.address;
  const voterIp = (c: Context<ApiEnv>): string => {
    const ip = voterIpIfKnown(c);
    if (!ip) throw new AppError('invalid_request', 'the client address could not be determined');
    return ip;
  };
  /**
   * The voter of a request that reads or casts its ballot; a browser that came without a voter
   * cookie is handed the one minted for it, on errors too, so its next request is the same voter.
   */
  const voter = (c: Context<ApiEnv>): Voter => {
    const known = requestVoter(c);
    // Under our server the door already put it on the Node response (cheaper than a web header here).
    if (known?.setCookie && !c.env?.outgoing) c.header('Set-Cookie', known.setCookie, { append: true });
    const found = known && voterOf(known);
    if (!found) throw new AppError('invalid_request', 'the client address could not be determined');
    return found;
  };

  app.onError((error, c) => errorResponse(c, error, log));
  app.notFound((c) => errorResponse(c, new AppError('not_found', 'no such endpoint'), log));
  app.use('*', async (c, next) => {
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      // Under our server the defaults go on the Node response first; a handler's own headers win
      // (writeHead merges). Setting them on a finished Hono response would rebuild it as a web
      // Response with a body stream, which cost every vote more than the rest of its answer.
      outgoing.setHeader('X-Content-Type-Options', 'nosniff');
      outgoing.setHeader('Cache-Control', 'no-store');
      return next();
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.get('/health', async (c) => {
    const health = await services.health();
    return c.json(health, health.checks.database === 'ok' ? 200 : 503);
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument()));

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

  app.get('/polls/trending', async (c) => c.json(await polls.trending(trendingQuerySchema.parse(c.req.query()).limit)));

  // Answers like GET /polls/{id}; the code as people type it (any case, spaces or dashes).
  app.get('/polls/by-code/:code', async (c) =>
    c.json(await polls.detailsByCode(c.req.param('code'), voter(c), bearerToken(c))),
  );

  // With the admin token the creator sees the counts whatever the poll hides.
  app.get('/polls/:id', async (c) => c.json(await polls.details(c.req.param('id'), voter(c), bearerToken(c))));

  app.post('/polls/:id/vote', async (c) => {
    const who = voter(c);
    const { option_ids, ranked } = voteSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await castVote({ pollId: c.req.param('id'), optionIds: option_ids, ranked, voter: who }));
  });

  app.patch('/polls/:id', async (c) => {
    const token = bearerToken(c);
    const change = updatePollSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await polls.update(c.req.param('id'), token, change));
  });

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

  exportRoutes(app, services);
  oembedRoutes(app, services, voterIpIfKnown);

  app.delete('/polls/:id', async (c) => {
    await polls.remove(c.req.param('id'), bearerToken(c));
    return c.body(null, 204);
  });

  return app;
}
