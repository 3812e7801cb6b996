import { OpenAPIHono } from '@hono/zod-openapi';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { schemaRef } from '../openapi-components';
import { voter } from '../request-voter';
import { AppError } from '../../domain/errors';
import { eventDetailsSchema } from '../event-responses';
import { pollDetailsSchema } from '../responses';
import { ADMIN_OPTIONAL, NO_ADDRESS, NO_POLL, POLL_ID, SET_COOKIE, documented, json } from '../route-docs';

/** One poll as its caller may see it, by id or by join code; with the admin token the creator sees the counts whatever the poll hides. */

const POLL_DETAILS = {
  status: 200,
  description: 'the poll as this caller may see it',
  content: json(schemaRef(pollDetailsSchema)),
  headers: { 'Set-Cookie': SET_COOKIE },
} as const;
const WRONG_TOKEN = 'an admin token was sent and it is wrong (sending none is fine)';

const getPollByCode = documented({
  method: 'get',
  path: '/polls/by-code/{code}',
  operationId: 'getPollByCode',
  tags: ['polls'],
  summary: 'A poll, or an event, found by its join code',
  description:
    'Answers as `GET /api/polls/{id}` does, for the poll whose `code` this is; for an event’s code, as `GET /api/events/{id}` does (an answer with `event` rather than `poll`), since one code is the way into both. Codes that find nothing are limited per address (`429` with `Retry-After`), so codes cannot be guessed.',
  parameters: [
    {
      name: 'code',
      in: 'path',
      required: true,
      description: 'the join code as people type it: any letter case, spaces and dashes allowed',
      schema: { type: 'string' },
    },
  ],
  security: ADMIN_OPTIONAL,
  answer: {
    ...POLL_DETAILS,
    description: 'the poll as this caller may see it, or the event',
    content: json({ oneOf: [schemaRef(pollDetailsSchema), schemaRef(eventDetailsSchema)] }),
  },
  errors: {
    invalid_request: NO_ADDRESS,
    unauthorized: WRONG_TOKEN,
    not_found: 'no poll or event has this code (or it cannot be a code)',
    rate_limited:
      'this address looked up more codes that no poll has than RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE allows this minute; until the window ends every lookup from it is refused (lookups that find their poll count nothing)',
  },
});

const getPoll = documented({
  method: 'get',
  path: '/polls/{id}',
  operationId: 'getPoll',
  tags: ['polls'],
  summary: 'A poll, its options, and the caller’s own ballot',
  description:
    'Per-option counts are `null` where the poll hides them from this caller (`results_visibility`); with the admin token the creator always sees them. A ranked poll also carries `results`, its instant-runoff rounds and winner (its options’ `vote_count` are the first round’s); a text poll (no options) carries `results` as its 100 answers given most and the number of `distinct` ones, and the caller’s own answers in `voter.answers`. `results` is hidden (`null`) exactly as the counts are. With the admin token a text poll also carries `moderation`: the answers its creator hid and those the profanity filter holds back.',
  parameters: [POLL_ID],
  security: ADMIN_OPTIONAL,
  answer: POLL_DETAILS,
  errors: { invalid_request: NO_ADDRESS, unauthorized: WRONG_TOKEN, not_found: NO_POLL },
});

export function pollDetailsRoutes({ polls, events }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  // The code as people type it (any case, spaces or dashes).
  app.openapi(getPollByCode, async (c) => {
    const caller = voter(c);
    const target = await polls.targetOfCode(c.req.param('code'), caller.address);
    if (!target) throw new AppError('not_found', 'no poll or event has this code');
    if (target.kind === 'event') return c.json(await events.details(target.id));
    return c.json(await polls.details(target.id, caller, bearerToken(c)));
  });

  app.openapi(getPoll, async (c) => c.json(await polls.details(c.req.param('id'), voter(c), bearerToken(c))));

  return app;
}
