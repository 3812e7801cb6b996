import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import { ERROR_STATUS } from './errors';
import { POLL_KINDS, RESULTS_VISIBILITIES } from '../domain/polls';
import { rctabSummarySchema } from './rctab-responses';
import { answerModerationSchema, exportedAnswersSchema, textResultsSchema } from './text-responses';

/**
 * The bodies the API answers with, as zod schemas: the one description of them, from which
 * src/api/openapi-components.ts builds the OpenAPI document's schemas. src/api/openapi.test.ts
 * checks at compile time that each schema's type is exactly the type the code returns, so a field
 * added to an answer fails the typecheck until it is described here.
 */

/** Answers carry ids in lower case, whatever case the request used. */
const id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .describe('a UUID, in lower case');
const instant = z.iso.datetime().describe('ISO 8601, UTC');
const count = z.number().int().min(0);
const hiddenCount = count.nullable().describe('null where the poll hides its results from this caller');
const resultsVisible = z.boolean().describe('whether this caller sees the per-option counts');
const viewersNow = count.describe(
  'how many watch the poll now: open SSE streams and WebSocket subscriptions, on every instance; recounted about once a second',
);

export const pollSchema = z.object({
  id,
  title: z.string(),
  description: z.string().nullable(),
  kind: z
    .enum(POLL_KINDS)
    .describe(
      '`choice`: a ballot chooses options; `ranked`: a ballot ranks them, counted by instant runoff; `text`: a ballot holds answers its voter writes (the poll has no options)',
    ),
  category: z.string().nullable(),
  created_at: instant,
  expires_at: instant.nullable().describe('when voting ends; null: open until closed'),
  is_active: z.boolean().describe('false once closed or once expires_at has passed'),
  total_votes: count.describe('ballots, never hidden (a ballot may choose several options)'),
  voter_identity: z
    .enum(['address', 'browser'])
    .describe('one ballot per voter address, or per browser (a signed pollcast_voter cookie)'),
  max_choices: z
    .number()
    .int()
    .min(1)
    .describe('how many options one ballot may choose (or rank); in a text poll, how many answers it may hold'),
  results_visibility: z.enum(RESULTS_VISIBILITIES).describe('who sees the per-option counts (docs/API.md)'),
  code: z.string().describe('the join code people type to find the poll (`/j/CODE`)'),
  listed: z
    .boolean()
    .describe('shown in `GET /api/polls`, trending and the home page; unlisted polls are reached by link or code only'),
  filter_profanity: z
    .boolean()
    .describe('a text poll holds back from its results the answers the profanity filter flags (false in other kinds)'),
});

const optionSchema = z.object({ id, option_text: z.string(), vote_count: count });

/** A ranked poll's count (src/kinds/ranked/tally.ts; docs/decisions/0011-instant-runoff-count.md). */
const rankedResultsSchema = z
  .object({
    method: z.literal('irv'),
    rounds: z.array(
      z.object({
        round: z.number().int().min(1),
        tally: z.record(z.string(), count).describe('votes of each option still in the count, by option id'),
        eliminated: z.array(id).describe('the option eliminated after this round; empty in the last round'),
        exhausted: count.describe('ballots with no option left in the count, from every round so far'),
        tie_break: z
          .enum(['previous_round', 'random'])
          .optional()
          .describe('how a tie decided this round: earlier rounds’ votes, or a draw seeded by the poll’s id'),
      }),
    ),
    winner: id.nullable().describe('null while the poll has no ballot'),
  })
  .describe('instant-runoff rounds of a ranked poll; `rounds[0].tally` is every option’s first-choice count');
const hiddenResults = z
  .union([rankedResultsSchema, textResultsSchema])
  .nullable()
  .optional()
  .describe(
    'ranked and text polls only: the instant-runoff count, or the answers given most; null where the poll hides its results from this caller',
  );

export const pollWithOptionsSchema = pollSchema.extend({ options: z.array(optionSchema) });

export const createdPollSchema = pollWithOptionsSchema.extend({
  admin_token: z.string().describe('shown once: send it as `Authorization: Bearer <admin_token>` to manage the poll'),
});

export const pollDetailsSchema = z.object({
  poll: pollSchema,
  options: z.array(optionSchema.extend({ vote_count: hiddenCount })),
  stats: z.object({
    total_votes: count,
    option_count: count,
    seq: count.describe('the poll’s change counter, as in live messages'),
    revision: count.describe('grows with every edit of the poll’s texts, as in live messages'),
  }),
  voter: z
    .object({
      has_voted: z.boolean(),
      option_id: id.nullable().describe('the first option of the caller’s ballot'),
      option_ids: z.array(id),
      answers: z.array(z.string()).optional().describe('text polls: the answers the caller wrote, in their order'),
    })
    .describe('the caller’s own ballot (a ranked poll’s in rank order)'),
  results_visible: resultsVisible,
  results: hiddenResults,
  moderation: answerModerationSchema.optional(),
});

export const pollListSchema = z.object({
  polls: z.array(pollSchema),
  pagination: z.object({
    page: z.number().int().min(1).nullable().describe('null when the page was asked for by cursor'),
    limit: z.number().int().min(1),
    total: count.describe('matching open polls, counted up to 10,000'),
    total_pages: count,
    total_capped: z.boolean().describe('true when total stopped at its cap and is a lower bound'),
    next_cursor: z.string().nullable().describe('send back as ?cursor= for the next page; null on the last page'),
  }),
});

export const trendingPollsSchema = z.object({ polls: z.array(pollSchema) });

const shownCountsSchema = z.object({
  total_votes: count,
  options: z.array(z.object({ id, count: hiddenCount })),
});

export const voteResultSchema = z.object({
  success: z.literal(true),
  counted: z.boolean().describe('false when this exact ballot had been counted before'),
  new_counts: shownCountsSchema,
  results_visible: resultsVisible,
  results: hiddenResults,
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']).describe('degraded: Redis is down, pollcast is slower but right'),
  checks: z.object({
    database: z.enum(['ok', 'error']),
    redis: z.enum(['ok', 'error', 'disabled']),
  }),
  reason: z.string().optional().describe('why the database check is "error"'),
  connections: z
    .object({
      open: z.number().int().describe('open sockets of every kind'),
      max: z.number().int().describe('CONNECTIONS_MAX: past it, the heaviest address loses its newest socket'),
      live: z.number().int().describe('open SSE streams and WebSockets'),
      live_max: z.number().int().describe('LIVE_CONNECTIONS_MAX'),
      open_files_limit: z
        .number()
        .int()
        .nullable()
        .describe("this process's open-file limit (raised to the hard limit at start); null when unreadable"),
    })
    .describe('this instance: its sockets and the caps derived from its open-file limit'),
});

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** What `details` may hold; which keys appear depends on the code. */
const errorDetailsSchema = z
  .looseObject({
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('invalid_request: each problem, with the field or parameter it is about'),
    max_choices: z.number().int().optional().describe('invalid_request: the poll’s limit on one ballot'),
    option_id: id.optional().describe('already_voted: the first option of the earlier ballot'),
    option_ids: z.array(id).optional().describe('already_voted: the earlier ballot'),
    ranking: z
      .array(id)
      .optional()
      .describe('already_voted in a ranked poll: the earlier ranking, most preferred first'),
    answers: z.array(z.string()).optional().describe('already_voted in a text poll: the earlier answers, as written'),
    retry_after: z.number().int().optional().describe('rate_limited: seconds to wait, as in Retry-After'),
    dependency: z.enum(['database', 'redis']).optional().describe('service_unavailable: what failed'),
    retry: z.boolean().optional().describe('service_unavailable: the server is restarting'),
  })
  .describe('more about the error, for some codes');

/** `{error: {code, message, details?}}`: every error answer (src/api/errors.ts writes them). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).describe('tied to the HTTP status (src/domain/errors.ts)'),
    message: z.string().describe('for people; may change'),
    details: errorDetailsSchema.optional(),
  }),
});

export const pollUpdatedMessageSchema = z.object({
  type: z.literal('poll_updated'),
  poll_id: id,
  seq: count,
  options: z.array(z.object({ id, count: hiddenCount })),
  total_votes: count,
  is_active: z.boolean(),
  results_visibility: z.enum(RESULTS_VISIBILITIES),
  results_visible: resultsVisible,
  revision: count.describe('grows with every edit of the poll’s texts (before its first ballot): read the poll again'),
  viewers: viewersNow,
  results: hiddenResults,
  deleted: z.literal(true).optional().describe('the poll was deleted; the stream ends'),
});

export const voteSubmittedMessageSchema = z.object({
  type: z.literal('vote_submitted'),
  poll_id: id,
  seq: count,
  option_id: id,
  new_count: count,
  total_votes: count,
  viewers: viewersNow,
});

export const liveMessageSchema = z.discriminatedUnion('type', [pollUpdatedMessageSchema, voteSubmittedMessageSchema]);

/** `GET /api/oembed`: oEmbed 1.0's `rich` type for a poll page (docs/EMBED.md). */
export const oembedSchema = z.object({
  version: z.literal('1.0'),
  type: z.literal('rich'),
  provider_name: z.literal('pollcast'),
  provider_url: z.string().describe('this server’s public origin (PUBLIC_URL, or the one the request came to)'),
  title: z.string().describe('the poll’s title'),
  html: z.string().describe('the `<iframe>` that shows the poll (`/embed/{id}`), to put in a page as it is'),
  width: z.number().int().min(1).describe('the frame’s width in pixels, at most `maxwidth`'),
  height: z
    .number()
    .int()
    .min(1)
    .describe('the frame’s first height in pixels, at most `maxheight`; the frame then posts its real height'),
});

/** `GET /api/polls/{id}/export.json`: written piece by piece, one ballot per line (docs/API.md, "Export"). */
export const pollExportSchema = z.object({
  exported_at: instant.describe('when the export began'),
  poll: pollSchema,
  results: z
    .union([z.array(z.object({ option_id: id, option_text: z.string(), votes: count })), exportedAnswersSchema])
    .describe(
      'each option in the poll’s order, with its votes; a text poll’s every group of answers, most given first: always shown, whatever the poll hides from voters',
    ),
  ballots: z
    .array(
      z.union([
        z.object({ voted_at: instant, option_ids: z.array(id), options: z.array(z.string()) }),
        z
          .object({ voted_at: instant, ranking: z.array(id), options: z.array(z.string()) })
          .describe('a ranked poll’s ballot: its ranking and the options’ texts, most preferred first'),
        z
          .object({ voted_at: instant, answers: z.array(z.string()) })
          .describe('a text poll’s ballot: its answers as written, in their order'),
      ]),
    )
    .describe(
      'every ballot in the order cast: its time and its choices (in the poll’s order; a ranked poll’s as ranked), never who cast it',
    ),
});

/** The answers by the names the OpenAPI document gives them (components/schemas). */
export const ANSWER_SCHEMAS = {
  Poll: pollSchema,
  PollWithOptions: pollWithOptionsSchema,
  CreatedPoll: createdPollSchema,
  PollDetails: pollDetailsSchema,
  RankedResults: rankedResultsSchema,
  TextResults: textResultsSchema,
  AnswerModeration: answerModerationSchema,
  PollList: pollListSchema,
  TrendingPolls: trendingPollsSchema,
  VoteResult: voteResultSchema,
  Health: healthSchema,
  Error: errorBodySchema,
  PollUpdatedMessage: pollUpdatedMessageSchema,
  VoteSubmittedMessage: voteSubmittedMessageSchema,
  LiveMessage: liveMessageSchema,
  PollExport: pollExportSchema,
  RctabSummary: rctabSummarySchema,
  OEmbed: oembedSchema,
};
