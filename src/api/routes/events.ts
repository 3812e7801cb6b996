import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { createEventSchema, updateEventSchema } from '../../domain/event-schemas';
import { MAX_BODY_BYTES, type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { createdEventSchema, eventDetailsSchema } from '../event-responses';
import { readJsonBody } from '../json-body';
import { schemaRef } from '../openapi-components';
import { voterIp, voterIpIfKnown } from '../request-voter';
import { ADMIN_REQUIRED, BODY_ERRORS, EVENT_ID, NO_EVENT, PUBLIC, documented, json } from '../route-docs';

/** Events (docs/API.md, "Events"): create one with its questions, read it by id or code, and the creator's changes. */

/** An event holds up to 50 new polls' bodies, each up to the poll cap's worth of text. */
const EVENT_BODY_BYTES = 20 * MAX_BODY_BYTES;
const EVENT_DETAILS = { status: 200, description: 'the event', content: json(schemaRef(eventDetailsSchema)) } as const;

const createEvent = documented({
  method: 'post',
  path: '/events',
  operationId: 'createEvent',
  tags: ['events'],
  summary: 'Create an event: several questions under one join code',
  security: PUBLIC,
  description:
    'Each question is created as `POST /api/polls` creates a poll, with every setting of its kind. The answer holds the event’s `admin_token`, shown this once: it manages the event and each of its questions (`PATCH`, `DELETE` and exports of the question polls take it). The event starts waiting (`current: null`). Counts against the same limits as new polls.',
  body: createEventSchema,
  answer: {
    status: 201,
    description: 'the new event, its questions and its admin token',
    content: json(schemaRef(createdEventSchema)),
    headers: { Location: { description: '`/api/events/{id}`', required: true, schema: { type: 'string' } } },
  },
  errors: {
    invalid_request:
      'the body is not JSON, or a field is not valid (`details.issues` names it, `questions.2.options` for a question’s)',
    rate_limited: 'too many new polls or events from this address, or from everyone together, this minute',
    ...BODY_ERRORS,
  },
});

const getEventByCode = documented({
  method: 'get',
  path: '/events/by-code/{code}',
  operationId: 'getEventByCode',
  tags: ['events'],
  summary: 'An event found by its join code',
  description: 'Answers as `GET /api/events/{id}` does. Codes that find nothing are limited per address, as for polls.',
  parameters: [
    {
      name: 'code',
      in: 'path',
      required: true,
      description: 'the join code as people type it: any letter case, spaces and dashes allowed',
      schema: { type: 'string' },
    },
  ],
  security: PUBLIC,
  answer: EVENT_DETAILS,
  errors: {
    not_found: 'no event has this code (a poll may: see `GET /api/polls/by-code/{code}`)',
    rate_limited: 'this address looked up too many codes that name nothing this minute',
  },
});

const getEvent = documented({
  method: 'get',
  path: '/events/{id}',
  operationId: 'getEvent',
  tags: ['events'],
  summary: 'An event, its questions, and the question shown now',
  description:
    'The questions carry their options’ texts, never their counts: each question’s results are read as a poll’s (`GET /api/polls/{id}`, its stream), hidden as that poll hides them.',
  parameters: [EVENT_ID],
  security: PUBLIC,
  answer: EVENT_DETAILS,
  errors: { not_found: NO_EVENT },
});

const updateEvent = documented({
  method: 'patch',
  path: '/events/{id}',
  operationId: 'updateEvent',
  tags: ['events'],
  summary: 'Move the audience, change the questions, or end the event',
  description:
    '`{"current": 2}` shows the third question to every follower, `{"current": null}` has them wait; `{"questions": [...]}` is the whole new list (ids of questions kept, in order, and new poll bodies); `{"ended": true}` closes every open question, after which their ballots get `403 poll_closed`. Followers get an `event_updated`.',
  parameters: [EVENT_ID],
  security: ADMIN_REQUIRED,
  body: updateEventSchema,
  answer: { ...EVENT_DETAILS, description: 'the event after the change' },
  errors: {
    invalid_request:
      'the body is not JSON or changes nothing, `current` is past the last question, or `questions` names an id that is not this event’s question, names one twice, or has a new poll that is not valid',
    unauthorized: 'no admin token, or a wrong one',
    not_found: NO_EVENT,
    question_has_votes: 'a question left out of `questions` has a ballot (`details.question_id`); nothing changed',
    ...BODY_ERRORS,
  },
});

export function eventRoutes({ events, limits }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(createEvent, async (c) => {
    const input = createEventSchema.parse(await readJsonBody(c, c.env?.incoming, EVENT_BODY_BYTES));
    const ip = voterIp(c);
    // The limits of new polls, once per event: its questions come in one request, under one title.
    for (const [limit, key] of [
      [limits.polls, ip],
      [limits.pollsOverall, 'all'],
    ] as const) {
      const decision = await limit.consume(key);
      if (!decision.allowed) {
        throw new AppError('rate_limited', 'too many new polls and events right now; wait a moment', {
          retry_after: decision.retryAfterSeconds,
        });
      }
    }
    const created = await events.create(input, ip);
    c.header('Location', `/api/events/${created.event.id}`);
    return c.json(created, 201);
  });

  app.openapi(getEventByCode, async (c) => c.json(await events.detailsByCode(c.req.param('code'), voterIpIfKnown(c))));

  app.openapi(getEvent, async (c) => c.json(await events.details(c.req.param('id'))));

  app.openapi(updateEvent, async (c) => {
    const token = bearerToken(c);
    const change = updateEventSchema.parse(await readJsonBody(c, c.env?.incoming, EVENT_BODY_BYTES));
    return c.json(await events.update(c.req.param('id'), token, change, voterIpIfKnown(c) ?? null));
  });

  return app;
}
