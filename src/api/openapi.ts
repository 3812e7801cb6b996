import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import { ERROR_STATUS } from './errors';
import {
  createPollSchema,
  listPollsQuerySchema,
  trendingQuerySchema,
  updatePollSchema,
  uuidSchema,
  voteSchema,
} from '../domain/schemas';
import { oembedQuerySchema } from '../domain/embed';
import { csvExportQuerySchema } from '../polls/poll-export';
import { ANSWER_SCHEMAS } from './responses';

/**
 * The OpenAPI 3.1 description of the API (docs/API.md), served at GET /api/openapi.json and
 * rendered at /docs/api. Every schema in it is generated from the zod schemas the API validates
 * requests with (their input side) and from src/api/responses.ts (the answers); only the prose
 * and which route answers which status are written here.
 */

export type JsonSchema = z.core.JSONSchema.BaseSchema;
export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
export type MediaType = { schema?: JsonSchema; 'x-event-data'?: JsonSchema };
export type ResponseObject = {
  description: string;
  headers?: Record<string, { description: string; required?: boolean; schema: JsonSchema }>;
  content?: Record<string, MediaType>;
};
export type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  requestBody?: { required: true; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
};
export const METHODS = ['get', 'post', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];
export type OpenApiDocument = {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
};

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const COMPONENTS = '#/components/schemas/';
const ref = (name: ComponentName): JsonSchema => ({ $ref: `${COMPONENTS}${name}` });

/** Request bodies by name: generated from their input side, before defaults and transforms. */
const REQUESTS = { NewPoll: createPollSchema, PollChange: updatePollSchema, Ballot: voteSchema };
type ComponentName = keyof typeof ANSWER_SCHEMAS | keyof typeof REQUESTS;

/** What zod cannot express as JSON Schema (refinements across fields) is said here, next to the schema. */
const COMPONENT_NOTES: Partial<Record<ComponentName, string>> = {
  NewPoll:
    'Texts are trimmed and stored in Unicode NFC; control characters are refused, and options must differ as a reader sees them (case, width, invisible characters and look-alike letters do not count). `max_choices` may not exceed the number of options; `expires_at` must be in the future.',
  PollChange:
    'At least one field. Reopening (`is_active: true`) an ended poll needs a future `expires_at`, or `null`, in the same request. The texts (`title`, `description`, `category`, `options`) follow the rules of a new poll and change only while the poll has no ballot; a `description` or `category` of `null` removes it.',
  Ballot:
    'Either `option_ids` (1 to the poll’s `max_choices` different options) or `option_id` for one option, not both. Ids may be in any letter case.',
  Error: 'Every error answer. `code` is one of a fixed set, each tied to its HTTP status.',
  LiveMessage: 'The `data:` of each SSE event, and the live messages on the WebSocket (with `type`).',
};

function componentSchemas(): Record<string, JsonSchema> {
  const generate = (named: Record<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: (id) => `${COMPONENTS}${id}` });
    return schemas;
  };
  const schemas = { ...generate(ANSWER_SCHEMAS, 'output'), ...generate(REQUESTS, 'input') };
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // A component is not a document of its own: the dialect is the document's, and "#/…" is no $id.
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    const note = COMPONENT_NOTES[name as ComponentName];
    components[name] = note ? { description: note, ...rest } : rest;
  }
  return components;
}

/** A bare schema for a parameter or a part of an answer: no dialect of its own. */
function inline(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return rest;
}

/** Query parameters from a query schema; a query string cannot carry null, so that branch is left out. */
function queryParameters(schema: z.ZodObject, descriptions: Record<string, string>): Parameter[] {
  const { properties = {}, required = [] } = inline(schema, 'input');
  return Object.entries(properties).map(([name, property]) => {
    const { anyOf, ...rest } = property as JsonSchema;
    const branches = anyOf?.filter((branch) => branch.type !== 'null');
    const parameter: Parameter = {
      name,
      in: 'query',
      required: required.includes(name),
      schema: branches?.length === 1 ? { ...rest, ...branches[0] } : (property as JsonSchema),
    };
    if (descriptions[name]) parameter.description = descriptions[name];
    return parameter;
  });
}

const POLL_ID: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'the poll’s id, in any letter case; anything that is not a poll’s id answers 404',
  schema: inline(uuidSchema, 'input'),
};
const ADMIN_OPTIONAL: Operation['security'] = [{}, { adminToken: [] }];
const ADMIN_REQUIRED: Operation['security'] = [{ adminToken: [] }];

const RETRY_AFTER = {
  description: 'seconds to wait before trying again',
  schema: { type: 'integer', minimum: 0 },
} as const;
const SET_COOKIE = {
  description:
    'a new `pollcast_voter` cookie, when the request came without a valid one (how browser polls tell browsers apart)',
  schema: { type: 'string' },
} as const;

/** What every route may answer besides its own errors. */
const EVERY_ROUTE: Partial<Record<ErrorCode, string>> = {
  service_unavailable:
    'the database did not answer in time (`details.dependency`), or this server is restarting (`details.retry`, `Retry-After`, `Connection: close`)',
  internal_error: 'a failure on our side; it is logged, and the body never holds its cause',
};

type Answer = { status: 200 | 201 | 204 } & ResponseObject;
type Route = Omit<Operation, 'responses' | 'requestBody'> & {
  method: Method;
  path: string;
  body?: ComponentName;
  answer: Answer;
  /** Each error code the route answers with, and what it means here. */
  errors: Partial<Record<ErrorCode, string>>;
  /** An error status answered otherwise than with an error body alone. */
  instead?: Record<number, ResponseObject>;
};

const json = (schema: JsonSchema): Record<string, MediaType> => ({ 'application/json': { schema } });
/** The Error schema, with `code` narrowed to the codes one answer can carry. */
const errorWith = (codes: readonly ErrorCode[]): JsonSchema => ({
  allOf: [
    ref('Error'),
    {
      type: 'object',
      properties: {
        error: { type: 'object', properties: { code: { type: 'string', enum: [...codes] } }, required: ['code'] },
      },
      required: ['error'],
    },
  ],
});

function responsesOf({ answer, errors, instead }: Route): Record<string, ResponseObject> {
  const { status: success, ...answered } = answer;
  const responses: Record<string, ResponseObject> = { [success]: answered };
  const meanings = { ...errors };
  for (const [code, meaning] of Object.entries(EVERY_ROUTE) as [ErrorCode, string][]) {
    meanings[code] = meanings[code] ? `${meanings[code]}; or ${meaning}` : meaning;
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    if (meanings[code]) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const response: ResponseObject = {
      description: codes.map((code) => `- \`${code}\`: ${meanings[code]}`).join('\n'),
      content: json(errorWith(codes)),
    };
    if (codes.includes('rate_limited')) response.headers = { 'Retry-After': { ...RETRY_AFTER, required: true } };
    else if (codes.includes('service_unavailable')) response.headers = { 'Retry-After': RETRY_AFTER };
    responses[status] = instead?.[status] ?? response;
  }
  return responses;
}

const BODY_ERRORS = {
  payload_too_large: 'the body is over the size cap (docs/API.md)',
  unsupported_media_type: 'the body is not labelled `Content-Type: application/json`',
} as const;
const NO_POLL = 'no poll has this id (it never existed, was deleted, or the id is malformed)';
const NO_ADDRESS = 'the client’s address could not be determined';
const EXPORT_NOTE =
  'The results and the ballots are one moment’s: votes cast during a long download are in neither. Streamed with backpressure: a client that stops reading for twice `DB_TIMEOUT_MS` loses the download. Never holds a voter’s address or id.';
const EXPORT_FILE = {
  description: '`attachment; filename="poll-<code>.csv"` (`poll-<code>-results.csv`, `poll-<code>.json`)',
  required: true,
  schema: { type: 'string' },
} as const;
const EXPORT_ERRORS = {
  unauthorized: 'no admin token, or a wrong one',
  not_found: NO_POLL,
  rate_limited:
    'this server is running as many exports at once as it takes (a quarter of `DB_POOL_SIZE`, at least one)',
} as const;
const POLL_DETAILS: Answer = {
  status: 200,
  description: 'the poll as this caller may see it',
  content: json(ref('PollDetails')),
  headers: { 'Set-Cookie': SET_COOKIE },
};

const ROUTES: Route[] = [
  {
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    tags: ['service'],
    summary: 'Whether this instance can serve',
    description:
      'For load balancers. 503 while the database does not answer, or while votes failed to be written in the last 10 seconds (until a write succeeds). Without Redis pollcast is slower, not wrong: `degraded`, still 200.',
    answer: {
      status: 200,
      description: 'the database answers (`status` is `ok` or `degraded`)',
      content: json(ref('Health')),
    },
    errors: {},
    // Health answers its own body with 503 too; only a restarting server answers it with an error.
    instead: {
      503: {
        description: `the database does not answer or votes are failing to be written (a Health body with \`checks.database: "error"\` and a \`reason\`); or ${EVERY_ROUTE.service_unavailable}`,
        headers: { 'Retry-After': RETRY_AFTER },
        content: json({ anyOf: [ref('Health'), errorWith(['service_unavailable'])] }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    tags: ['service'],
    summary: 'This document',
    answer: { status: 200, description: 'the OpenAPI 3.1 document', content: json({ type: 'object' }) },
    errors: {},
  },
  {
    method: 'post',
    path: '/api/polls',
    operationId: 'createPoll',
    tags: ['polls'],
    summary: 'Create a poll',
    description:
      'The answer holds the poll’s `admin_token`, shown this once: it is what closes, reopens, reveals and deletes the poll.',
    body: 'NewPoll',
    answer: {
      status: 201,
      description: 'the new poll, with its options and its admin token',
      content: json(ref('CreatedPoll')),
      headers: { Location: { description: '`/api/polls/{id}`', required: true, schema: { type: 'string' } } },
    },
    errors: {
      invalid_request: 'the body is not JSON, or a field is not valid (`details.issues` names it)',
      rate_limited: 'too many new polls from this address, or from everyone together, this minute',
      ...BODY_ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/polls',
    operationId: 'listPolls',
    tags: ['polls'],
    summary: 'List open listed polls, newest first',
    description:
      'Page by `cursor` (follow `pagination.next_cursor` to any depth; the walk neither repeats nor skips polls) or by `page` near the top (`page × limit` at most 1,000), not both.',
    parameters: queryParameters(listPollsQuerySchema, {
      page: 'page number, from 1; `page × limit` may be at most 1,000',
      limit: 'polls per page',
      cursor: '`pagination.next_cursor` of the previous page, unchanged',
      category: 'only polls of this category (any letter case)',
    }),
    answer: { status: 200, description: 'one page of open listed polls', content: json(ref('PollList')) },
    errors: {
      invalid_request:
        'a parameter is out of range, `page` and `cursor` were both sent, the page is deeper than page numbers reach, or the cursor is not one the API handed out (`details.issues[0].path` names the parameter)',
    },
  },
  {
    method: 'get',
    path: '/api/polls/trending',
    operationId: 'trendingPolls',
    tags: ['polls'],
    summary: 'Open listed polls by recent voting activity',
    parameters: queryParameters(trendingQuerySchema, { limit: 'how many polls' }),
    answer: { status: 200, description: 'the hottest open polls first', content: json(ref('TrendingPolls')) },
    errors: { invalid_request: '`limit` is out of range' },
  },
  {
    method: 'get',
    path: '/api/polls/{id}',
    operationId: 'getPoll',
    tags: ['polls'],
    summary: 'A poll, its options, and the caller’s own ballot',
    description:
      'Per-option counts are `null` where the poll hides them from this caller (`results_visibility`); with the admin token the creator always sees them.',
    parameters: [POLL_ID],
    security: ADMIN_OPTIONAL,
    answer: POLL_DETAILS,
    errors: {
      invalid_request: NO_ADDRESS,
      unauthorized: 'an admin token was sent and it is wrong (sending none is fine)',
      not_found: NO_POLL,
    },
  },
  {
    method: 'get',
    path: '/api/polls/by-code/{code}',
    operationId: 'getPollByCode',
    tags: ['polls'],
    summary: 'A poll found by its join code',
    description:
      'Answers as `GET /api/polls/{id}` does, for the poll whose `code` this is. Codes that find no poll are limited per address (`429` with `Retry-After`), so codes cannot be guessed.',
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
    answer: POLL_DETAILS,
    errors: {
      invalid_request: NO_ADDRESS,
      unauthorized: 'an admin token was sent and it is wrong (sending none is fine)',
      not_found: 'no poll has this code (or it cannot be a code)',
      rate_limited:
        'this address looked up more codes that no poll has than RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE allows this minute; until the window ends every lookup from it is refused (lookups that find their poll count nothing)',
    },
  },
  {
    method: 'post',
    path: '/api/polls/{id}/vote',
    operationId: 'castVote',
    tags: ['votes'],
    summary: 'Cast a ballot',
    description:
      'One ballot per voter (address or browser, by the poll’s `voter_identity`). The same ballot again, in any order, is 200 with `counted: false`; a different one is 409.',
    parameters: [POLL_ID],
    body: 'Ballot',
    answer: {
      status: 200,
      description: 'the ballot is in; the counts as this voter may see them',
      content: json(ref('VoteResult')),
      headers: { 'Set-Cookie': SET_COOKIE },
    },
    errors: {
      invalid_request:
        'the body is not JSON, or the ballot is empty, names an option twice, chooses more than `max_choices` options or holds a malformed id; or ' +
        NO_ADDRESS,
      invalid_option: 'an option that is not one of this poll’s',
      poll_closed: 'the poll is closed, or its end time has passed',
      not_found: NO_POLL,
      already_voted:
        'this voter cast a different ballot before (`details.option_ids`, and its first in `details.option_id`)',
      rate_limited: 'too many votes from this voter (or, in browser polls, from this address) this minute',
      ...BODY_ERRORS,
    },
  },
  {
    method: 'patch',
    path: '/api/polls/{id}',
    operationId: 'updatePoll',
    tags: ['polls'],
    summary: 'Edit before the first ballot; close, reopen, reschedule, list or unlist, or change who sees the results',
    description:
      '"Reveal results" is `{"results_visibility": "always"}`; `{"listed": true}` puts the poll in the public lists. `title`, `description`, `category` and `options` (the whole list of texts; an unchanged text keeps its option id) change only while the poll has no ballot; live viewers get a `poll_updated` with a new `revision`.',
    parameters: [POLL_ID],
    security: ADMIN_REQUIRED,
    body: 'PollChange',
    answer: { status: 200, description: 'the poll after the change', content: json(ref('PollWithOptions')) },
    errors: {
      invalid_request:
        'the body is not JSON, changes nothing, has an `expires_at` in the past, reopens an ended poll without a future `expires_at` (or `null`), has texts a new poll could not have, or leaves fewer options than `max_choices`',
      unauthorized: 'no admin token, or a wrong one',
      not_found: NO_POLL,
      poll_has_votes: 'the change names `title`, `description`, `category` or `options`, and the poll has a ballot',
      ...BODY_ERRORS,
    },
  },
  {
    method: 'get',
    path: '/api/polls/{id}/stream',
    operationId: 'streamPoll',
    tags: ['live'],
    summary: 'Live results (Server-Sent Events)',
    description: [
      'The body opens with `retry: 3000`; then each message is one event, `id: <seq>`, `event: <type>`, `data: <LiveMessage JSON>`, and a `: keep-alive` comment comes every 15 s.',
      'The first event is a `poll_updated` snapshot, unless `Last-Event-ID` (or `?last_event_id=`) is the current `seq` of a poll still open. `vote_submitted` is only sent when the viewer’s last message was the state just before it. On delete, a last `poll_updated` with `deleted: true`, and the stream ends.',
      'Counts are `null` while the poll hides them from this viewer; the admin token (a header, never the URL) shows them. Details: docs/REALTIME.md.',
    ].join('\n\n'),
    parameters: [
      POLL_ID,
      {
        name: 'Last-Event-ID',
        in: 'header',
        required: false,
        description: 'the `id` of the last event seen',
        schema: { type: 'string' },
      },
      {
        name: 'last_event_id',
        in: 'query',
        required: false,
        description: 'the same, for a new `EventSource` (which cannot set headers)',
        schema: { type: 'string' },
      },
    ],
    security: ADMIN_OPTIONAL,
    answer: {
      status: 200,
      description: 'the event stream; it stays open until the client leaves, the poll is deleted or the server stops',
      // OpenAPI 3.1 has no schema for the events of a stream: the data of each is a LiveMessage.
      content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': ref('LiveMessage') } },
    },
    errors: {
      unauthorized: 'an admin token was sent and it is wrong',
      not_found: NO_POLL,
      rate_limited: 'too many open live connections (streams and WebSockets) from this address',
      service_unavailable: 'this server has as many live connections as it takes (`Retry-After: 5`)',
    },
  },
  {
    method: 'get',
    path: '/api/polls/{id}/export.csv',
    operationId: 'exportPollCsv',
    tags: ['export'],
    summary: 'Download the ballots, or the results, as CSV',
    description: [
      'RFC 4180, UTF-8 with a byte order mark, CRLF line ends and a header row. `part=ballots` (the default): one row per ballot in the order cast, `voted_at (UTC)` (`2024-05-01 12:00:00.123`) and a column per option (the header is its text) holding 1 if the ballot chose it, else 0, so each column’s sum is the option’s votes. `part=results`: `option,votes`, one row per option.',
      `Cells a spreadsheet would run as a formula (starting with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return) start with \`'\`. ${EXPORT_NOTE}`,
    ].join('\n\n'),
    parameters: [
      POLL_ID,
      ...queryParameters(csvExportQuerySchema, {
        part: '`ballots` (one row per ballot) or `results` (one per option)',
      }),
    ],
    security: ADMIN_REQUIRED,
    answer: {
      status: 200,
      description: 'the CSV file',
      content: { 'text/csv': { schema: { type: 'string' } } },
      headers: { 'Content-Disposition': EXPORT_FILE },
    },
    errors: { invalid_request: '`part` is neither `ballots` nor `results`', ...EXPORT_ERRORS },
  },
  {
    method: 'get',
    path: '/api/polls/{id}/export.json',
    operationId: 'exportPollJson',
    tags: ['export'],
    summary: 'Download the results and every ballot as JSON',
    description: `Written as it is read: the poll and its results first, then the ballots, one per line. ${EXPORT_NOTE}`,
    parameters: [POLL_ID],
    security: ADMIN_REQUIRED,
    answer: {
      status: 200,
      description: 'the JSON file',
      content: json(ref('PollExport')),
      headers: { 'Content-Disposition': EXPORT_FILE },
    },
    errors: EXPORT_ERRORS,
  },
  {
    method: 'delete',
    path: '/api/polls/{id}',
    operationId: 'deletePoll',
    tags: ['polls'],
    summary: 'Delete a poll and its votes',
    description: 'Live viewers get a last `poll_updated` with `deleted: true`.',
    parameters: [POLL_ID],
    security: ADMIN_REQUIRED,
    answer: { status: 204, description: 'deleted' },
    errors: { unauthorized: 'no admin token, or a wrong one', not_found: NO_POLL },
  },
  {
    method: 'get',
    path: '/api/oembed',
    operationId: 'oembed',
    tags: ['embed'],
    summary: 'oEmbed for a poll page: the `<iframe>` that shows the poll on another site',
    description:
      'oEmbed 1.0, type `rich`. `url` is a poll page of this server: `/polls/{id}`, `/embed/{id}` or `/j/{code}` on PUBLIC_URL (or, unset, on the host this request came to). Poll pages name this endpoint in a `<link rel="alternate" type="application/json+oembed">`. Details: docs/EMBED.md.',
    parameters: queryParameters(oembedQuerySchema, {
      url: 'the address of a poll page of this server',
      format: '`json` (the default); any other format is 501',
      maxwidth: 'the widest frame the consumer takes: a whole number of pixels in digits, 1 to 10000',
      maxheight: 'the tallest frame the consumer takes: a whole number of pixels in digits, 1 to 10000',
    }),
    answer: {
      status: 200,
      description: 'how to embed the poll',
      content: json(ref('OEmbed')),
      headers: {
        'Access-Control-Allow-Origin': {
          description: '`*`: a script on any page may read it',
          required: true,
          schema: { type: 'string' },
        },
      },
    },
    errors: {
      invalid_request:
        '`url` is missing, or `maxwidth` or `maxheight` is not a whole number from 1 to 10000 written in digits (`1e3` is refused)',
      not_found: '`url` is not the address of a poll page of this server, or no poll is there',
      not_implemented: '`format` is not `json` (oEmbed’s XML is not served)',
      rate_limited:
        '`url` is a `/j/{code}` link, and this address looked up too many codes that no poll has (as on `GET /api/polls/by-code/{code}`)',
    },
  },
];

/** The WebSocket is no Hono route and OpenAPI has no words for its messages: its handshake, and prose. */
const LIVE_SOCKET: Operation = {
  operationId: 'liveSocket',
  tags: ['live'],
  summary: 'Live results and voting over one WebSocket',
  description: [
    'Upgrade to a WebSocket. Client messages are JSON text, at most 4 KB (a bigger one closes the socket with 1009):',
    '- `{"type": "subscribe", "poll_id", "admin_token"?}`: a `poll_updated` snapshot, then that poll’s live messages (up to 50 polls per socket)\n- `{"type": "unsubscribe", "poll_id"}`\n- `{"type": "refresh", "poll_id", "admin_token"?}`: a `poll_updated` read from the database now\n- `{"type": "vote", "poll_id", "option_ids" (or "option_id"), "request_id"}`: the HTTP vote (same ballot, voter and limits), answered `{"type": "vote_result", "request_id", "poll_id", "success", "counted", "new_counts", "results_visible"}`',
    'Live messages are `LiveMessage`s. Anything that goes wrong is `{"type": "error", "code", "message", "details"?, "request_id"?, "poll_id"?}` with the codes of the HTTP API, and the socket stays open. Each socket may send 50 messages at once and 20 a second after (past that it is closed with 1008). The server pings every 30 s. Details: docs/REALTIME.md.',
  ].join('\n\n'),
  responses: {
    101: { description: 'the WebSocket is open', headers: { 'Set-Cookie': SET_COOKIE } },
    403: { description: 'the `Origin` names another host than this one (no body)' },
    404: {
      description: '- `not_found`: a plain GET, not a WebSocket upgrade',
      content: json(errorWith(['not_found'])),
    },
    429: {
      description: '- `rate_limited`: too many open live connections from this address',
      headers: { 'Retry-After': { ...RETRY_AFTER, required: true } },
      content: json(errorWith(['rate_limited'])),
    },
    503: {
      description:
        '- `service_unavailable`: this server has as many live connections as it takes (`Retry-After: 5`); while it restarts, 503 with no body',
      headers: { 'Retry-After': RETRY_AFTER },
      content: json(errorWith(['service_unavailable'])),
    },
  },
};

const DESCRIPTION = [
  'The REST API of pollcast: create polls, vote once, read results, and watch them live. docs/API.md tells the rules in prose; this document is generated from the schemas the server validates with.',
  'Bodies are JSON (`Content-Type: application/json`). Every error is `{"error": {"code", "message", "details"?}}`, its code tied to one HTTP status; an unknown path or method is `404 not_found`. Every answer is `Cache-Control: no-store`. Ids are UUIDs, read in any letter case and answered in lower case.',
  'The creator of a poll manages it with `Authorization: Bearer <admin_token>`. Who counts as one voter is the client’s address (or, in polls with `voter_identity: "browser"`, its signed `pollcast_voter` cookie), never something the request claims.',
].join('\n\n');

function buildDocument(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of ROUTES) {
    const { method, path, body, answer: _answer, errors: _errors, instead: _instead, ...operation } = route;
    const item = (paths[path] ??= {});
    item[method] = {
      ...operation,
      ...(body ? { requestBody: { required: true, content: json(ref(body)) } } : {}),
      responses: responsesOf(route),
    };
  }
  paths['/api/ws'] = { get: LIVE_SOCKET };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: DIALECT,
    info: { title: 'pollcast API', version: '0.1.0', description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: [
      { name: 'polls', description: 'Create, read, list, change and delete polls' },
      { name: 'votes', description: 'Cast a ballot' },
      { name: 'live', description: 'Results as they change: Server-Sent Events and WebSocket' },
      { name: 'embed', description: 'A poll on another site: oEmbed for its page' },
      { name: 'export', description: 'A poll’s results and every ballot, for its creator' },
      { name: 'service', description: 'Health and this document' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'the `admin_token` a poll was created with; it manages only that poll',
        },
      },
    },
  };
}

let document: OpenApiDocument | undefined;

/** The document, built once: it depends on nothing but the code. */
export function openApiDocument(): OpenApiDocument {
  return (document ??= buildDocument());
}
