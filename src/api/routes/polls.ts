import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { createPollSchema, listPollsQuerySchema, trendingQuerySchema, updatePollSchema } from '../../domain/schemas';
import { MAX_BODY_BYTES, type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { readJsonBody } from '../json-body';
import { schemaRef } from '../openapi-components';
import { voterIp } from '../request-voter';
import { createdPollSchema, pollListSchema, pollWithOptionsSchema, trendingPollsSchema } from '../responses';
import {
  ADMIN_REQUIRED,
  BODY_ERRORS,
  NO_POLL,
  POLL_ID,
  PUBLIC,
  documented,
  json,
  queryParameters,
} from '../route-docs';

/** Polls as a collection: create one, list and rank the open ones, and the creator's change and delete. */

const createPoll = documented({
  method: 'post',
  path: '/polls',
  operationId: 'createPoll',
  tags: ['polls'],
  summary: 'Create a poll',
  security: PUBLIC,
  description:
    'The answer holds the poll’s `admin_token`, shown this once: it is what closes, reopens, reveals and deletes the poll. `"kind": "ranked"` makes a ranked-choice poll (2 to 50 options; `max_choices`, how many options one ballot may rank, defaults to all of them), counted by instant runoff. `"kind": "text"` makes an open-text poll: no `options` (sending any is `400`), `max_choices` is how many answers one ballot may hold (1 to 10, default 1), and `"filter_profanity": true` holds back from its results the answers a profanity filter flags (not refused, so their voters learn nothing of the filter).',
  body: createPollSchema,
  answer: {
    status: 201,
    description: 'the new poll, with its options and its admin token',
    content: json(schemaRef(createdPollSchema)),
    headers: { Location: { description: '`/api/polls/{id}`', required: true, schema: { type: 'string' } } },
  },
  errors: {
    invalid_request: 'the body is not JSON, or a field is not valid (`details.issues` names it)',
    rate_limited: 'too many new polls from this address, or from everyone together, this minute',
    ...BODY_ERRORS,
  },
});

const listPolls = documented({
  method: 'get',
  path: '/polls',
  operationId: 'listPolls',
  tags: ['polls'],
  summary: 'List open listed polls, newest first',
  security: PUBLIC,
  description:
    'Page by `cursor` (follow `pagination.next_cursor` to any depth; the walk neither repeats nor skips polls) or by `page` near the top (`page × limit` at most 1,000), not both.',
  parameters: queryParameters(listPollsQuerySchema, {
    page: 'page number, from 1; `page × limit` may be at most 1,000',
    limit: 'polls per page',
    cursor: '`pagination.next_cursor` of the previous page, unchanged',
    category: 'only polls of this category (any letter case)',
  }),
  answer: { status: 200, description: 'one page of open listed polls', content: json(schemaRef(pollListSchema)) },
  errors: {
    invalid_request:
      'a parameter is out of range, `page` and `cursor` were both sent, the page is deeper than page numbers reach, or the cursor is not one the API handed out (`details.issues[0].path` names the parameter)',
  },
});

const trendingPolls = documented({
  method: 'get',
  path: '/polls/trending',
  operationId: 'trendingPolls',
  tags: ['polls'],
  summary: 'Open listed polls by recent voting activity',
  security: PUBLIC,
  parameters: queryParameters(trendingQuerySchema, { limit: 'how many polls' }),
  answer: { status: 200, description: 'the hottest open polls first', content: json(schemaRef(trendingPollsSchema)) },
  errors: { invalid_request: '`limit` is out of range' },
});

const updatePoll = documented({
  method: 'patch',
  path: '/polls/{id}',
  operationId: 'updatePoll',
  tags: ['polls'],
  summary:
    'Edit before the first ballot; close, reopen, reschedule, list or unlist, change who sees the results, or hide answers',
  description:
    '"Reveal results" is `{"results_visibility": "always"}`; `{"listed": true}` puts the poll in the public lists. `title`, `description`, `category` and `options` (the whole list of texts; an unchanged text keeps its option id) change only while the poll has no ballot; live viewers get a `poll_updated` with a new `revision`. In a text poll, `{"hide_answers": ["…"]}` hides answers from every result and live view (matched by group: case, width, spaces, trailing punctuation and look-alike letters do not count), answers given later in the group included, and `{"show_answers": ["…"]}` shows them again, or releases answers the profanity filter holds; live viewers get the change in their next `poll_updated`.',
  parameters: [POLL_ID],
  security: ADMIN_REQUIRED,
  body: updatePollSchema,
  answer: { status: 200, description: 'the poll after the change', content: json(schemaRef(pollWithOptionsSchema)) },
  errors: {
    invalid_request:
      'the body is not JSON, changes nothing, has an `expires_at` in the past, reopens an ended poll without a future `expires_at` (or `null`), has texts a new poll could not have, gives more options than the poll’s kind takes (20, or 50 in a ranked poll, none in a text poll), leaves fewer options than `max_choices`, or hides or shows answers in a poll that is not a text poll, or one answer both',
    unauthorized: 'no admin token, or a wrong one',
    not_found: NO_POLL,
    poll_has_votes: 'the change names `title`, `description`, `category` or `options`, and the poll has a ballot',
    ...BODY_ERRORS,
  },
});

const deletePoll = documented({
  method: 'delete',
  path: '/polls/{id}',
  operationId: 'deletePoll',
  tags: ['polls'],
  summary: 'Delete a poll and its votes',
  description: 'Live viewers get a last `poll_updated` with `deleted: true`.',
  parameters: [POLL_ID],
  security: ADMIN_REQUIRED,
  answer: { status: 204, description: 'deleted' },
  errors: { unauthorized: 'no admin token, or a wrong one', not_found: NO_POLL },
});

export function pollRoutes({ polls, limits }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(createPoll, async (c) => {
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

  app.openapi(listPolls, async (c) => {
    const query = listPollsQuerySchema.parse(c.req.query());
    // The schema defaults page to 1, so only the raw query tells whether the caller sent both.
    if (query.cursor !== undefined && c.req.query('page') !== undefined) {
      const message = 'send either page or cursor, not both';
      throw new AppError('invalid_request', message, { issues: [{ path: 'cursor', message }] });
    }
    return c.json(await polls.list(query));
  });

  // Before /polls/:id, which would otherwise take "trending" for an id.
  app.openapi(trendingPolls, async (c) => c.json(await polls.trending(trendingQuerySchema.parse(c.req.query()).limit)));

  app.openapi(updatePoll, async (c) => {
    const token = bearerToken(c);
    const change = updatePollSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await polls.update(c.req.param('id'), token, change));
  });

  app.openapi(deletePoll, async (c) => {
    await polls.remove(c.req.param('id'), bearerToken(c));
    return c.body(null, 204);
  });

  return app;
}
