import { OpenAPIHono } from '@hono/zod-openapi';
import { voteSchema } from '../../domain/ballot-schema';
import { MAX_BODY_BYTES, type ApiEnv, type ApiServices } from '../api-env';
import { readJsonBody } from '../json-body';
import { schemaRef } from '../openapi-components';
import { voter } from '../request-voter';
import { voteResultSchema } from '../responses';
import { BODY_ERRORS, NO_ADDRESS, NO_POLL, POLL_ID, PUBLIC, SET_COOKIE, documented, json } from '../route-docs';

/**
 * `POST /api/polls/{id}/vote`. This Hono route answers it where the API is mounted in Next, and
 * for ids that are not plain UUIDs; our own server answers the others in direct-vote.ts, alike, and
 * this definition documents both.
 */

const castVoteRoute = documented({
  method: 'post',
  path: '/polls/{id}/vote',
  operationId: 'castVote',
  tags: ['votes'],
  summary: 'Cast a ballot',
  security: PUBLIC,
  description:
    'One ballot per voter (address or browser, by the poll’s `voter_identity`). A choice poll takes `option_ids` (or `option_id`): the same options again, in any order, is 200 with `counted: false`. A ranked poll takes `ranking`, most preferred first: the same ranking again is 200 with `counted: false`, and the answer carries the instant-runoff `results`. A text poll takes `answers`, 1 to `max_choices` texts of 1 to 40 characters (a title’s rules, and no text direction controls), different once grouped: the same answers again, in any order, case or spacing, is 200 with `counted: false`, and the answer carries the `results`. Any other ballot is 409.',
  parameters: [POLL_ID],
  body: voteSchema,
  answer: {
    status: 200,
    description: 'the ballot is in; the counts as this voter may see them',
    content: json(schemaRef(voteResultSchema)),
    headers: { 'Set-Cookie': SET_COOKIE },
  },
  errors: {
    invalid_request:
      'the body is not JSON, or the ballot is empty, names an option twice, chooses or ranks more than `max_choices` options or holds a malformed id, or sends another kind’s field (`option_ids` to a ranked poll, `ranking` to a choice poll, `answers` to either, or options to a text poll); or a text ballot holds no answer, more than `max_choices`, an answer the text rules refuse or two answers of one group (`details.issues` names it); or ' +
      NO_ADDRESS,
    invalid_option: 'an option that is not one of this poll’s',
    poll_closed: 'the poll is closed, or its end time has passed',
    not_found: NO_POLL,
    already_voted:
      'this voter cast a different ballot before (`details.option_ids`, and its first in `details.option_id`; in a ranked poll the earlier ranking in `details.ranking`, even when it ranks the same options in another order; in a text poll the earlier answers in `details.answers`)',
    rate_limited: 'too many votes from this voter (or, in browser polls, from this address) this minute',
    ...BODY_ERRORS,
  },
});

export function voteRoutes({ castVote }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(castVoteRoute, async (c) => {
    const who = voter(c);
    const ballot = voteSchema.parse(await readJsonBody(c, c.env?.incoming, MAX_BODY_BYTES));
    return c.json(await castVote({ pollId: c.req.param('id'), ballot, voter: who }));
  });

  return app;
}
