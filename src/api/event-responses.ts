import { z } from 'zod';
import { MAX_EVENT_QUESTIONS } from '../domain/events';
import { pollExportSchema, pollSchema } from './responses';

/**
 * The answers of the events' routes (docs/API.md, "Events") as zod schemas, named for the OpenAPI
 * document in EVENT_ANSWER_SCHEMAS. A question is a poll (pollSchema) with its options' texts.
 */

const id = pollSchema.shape.id;
const count = z.number().int().min(0);
const position = count
  .nullable()
  .describe('the index (from 0) of the question the audience sees now; null: waiting for the presenter');

const eventSummarySchema = z.object({
  id,
  title: z.string(),
  code: z.string().describe('the join code people type (`/j/CODE`): one code for every question'),
  created_at: pollSchema.shape.created_at,
  ended: z.boolean().describe('true once the creator ended the event: its questions are closed'),
  seq: count.describe('grows with every change of the event, as in `event_updated`'),
});

const eventQuestionSchema = pollSchema
  .extend({ options: z.array(z.object({ id, option_text: z.string() })) })
  .describe('a question: its poll and its options’ texts (their counts come from the poll’s own reads and streams)');

export const eventDetailsSchema = z.object({
  event: eventSummarySchema,
  questions: z.array(eventQuestionSchema).min(1).max(MAX_EVENT_QUESTIONS).describe('in the order they are asked'),
  current: position,
});

export const createdEventSchema = eventDetailsSchema.extend({
  code: z.string().describe('the event’s join code, as in `event.code`'),
  admin_token: z
    .string()
    .describe(
      'shown once: send it as `Authorization: Bearer <admin_token>` to manage the event and each of its questions',
    ),
});

export const eventUpdatedMessageSchema = z.object({
  type: z.literal('event_updated'),
  event_id: id,
  seq: count.describe('the event’s change counter; drop a message not newer than the last one'),
  current: position,
  ended: z.boolean(),
  question_count: count,
  question: eventQuestionSchema.nullable().describe('the question shown now; null while waiting'),
});

export const eventExportSchema = z.object({
  exported_at: pollSchema.shape.created_at.describe('when the export began'),
  event: eventSummarySchema,
  questions: z.array(pollExportSchema).describe('each question’s export, in the event’s order'),
});

/** The events' answers by the names the OpenAPI document gives them (components/schemas). */
export const EVENT_ANSWER_SCHEMAS = {
  Event: eventSummarySchema,
  EventQuestion: eventQuestionSchema,
  EventDetails: eventDetailsSchema,
  CreatedEvent: createdEventSchema,
  EventUpdatedMessage: eventUpdatedMessageSchema,
  EventExport: eventExportSchema,
};
