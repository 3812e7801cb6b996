import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../domain/errors';
import {
  createPollSchema,
  listPollsQuerySchema,
  trendingQuerySchema,
  updatePollSchema,
  voteSchema,
} from '../domain/schemas';
import { rateLimitKey, resolveVoterIp } from '../domain/voter';
import type { Pollcast } from '../pollcast';
import { streamPoll } from '../realtime/sse-stream';
import { errorResponse } from './errors';

/** The REST API of DESIGN §4: the only implementation, served by our server or a Next route. */

export const MAX_BODY_BYTES = 16 * 1024;

/** Under our Node server Hono also gets the raw request and response (the SSE stream writes to it). */
export type ApiEnv = { Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse } };

export function createApiApp(pollcast: Pollcast) {
  const { polls, castVote, limits, config, log } = pollcast;
  const app = new Hono<ApiEnv>().basePath('/api');

  const voterIp = (c: Context<ApiEnv>): string => {
    const ip = resolveVoterIp(
      c.env?.incoming?.socket?.remoteAddress,
      c.req.header('x-forwarded-for'),
      config.trustProxy,
    );
    if (!ip) throw new AppError('invalid_request', 'the client address could not be determined');
    return ip;
  };

  app.onError((error, c) => errorResponse(c, error, log));
  app.notFound((c) => errorResponse(c, new AppError('not_found', 'no such endpoint'), log));
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(c, new AppError('payload_too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`), log),
    }),
  );

  app.get('/health', async (c) => {
    const health = await pollcast.health();
    return c.json(health, health.checks.database === 'ok' ? 200 : 503);
  });

  app.post('/polls', async (c) => {
    const input = createPollSchema.parse(await readJson(c));
    const ip = voterIp(c);
    const decision = await limits.polls.consume(rateLimitKey(ip));
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'too many new polls from this address; wait a moment', {
        retry_after: decision.retryAfterSeconds,
      });
    }
    const created = await polls.create(input, ip);
    c.header('Location', `/api/polls/${created.id}`);
    return c.json(created, 201);
  });

  app.get('/polls', async (c) => c.json(await polls.list(listPollsQuerySchema.parse(c.req.query()))));

  app.get('/polls/trending', async (c) => c.json(await polls.trending(trendingQuerySchema.parse(c.req.query()).limit)));

  app.get('/polls/:id', async (c) => c.json(await polls.details(c.req.param('id'), voterIp(c))));

  app.post('/polls/:id/vote', async (c) => {
    const { option_id } = voteSchema.parse(await readJson(c));
    return c.json(await castVote({ pollId: c.req.param('id'), optionId: option_id, voterIp: voterIp(c) }));
  });

  app.patch('/polls/:id', async (c) => {
    const token = bearerToken(c);
    const change = updatePollSchema.parse(await readJson(c));
    return c.json(await polls.update(c.req.param('id'), token, change));
  });

  app.get('/polls/:id/stream', (c) => streamPoll(c, pollcast.hub));

  app.delete('/polls/:id', async (c) => {
    await polls.remove(c.req.param('id'), bearerToken(c));
    return c.body(null, 204);
  });

  return app;
}

/** Only application/json is read: a cross-site HTML form cannot send it, so this also stops CSRF. */
async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'the body is not valid JSON');
  }
}

function bearerToken(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}
