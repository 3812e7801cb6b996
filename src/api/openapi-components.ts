import { z } from 'zod';
import { voteSchema } from '../domain/ballot-schema';
import { createEventSchema, updateEventSchema } from '../domain/event-schemas';
import { createPollSchema, updatePollSchema } from '../domain/schemas';
import { EVENT_ANSWER_SCHEMAS } from './event-responses';
import type { JsonSchema } from './openapi-types';
import { ANSWER_SCHEMAS } from './responses';

/**
 * The named schemas of the OpenAPI document (components/schemas), generated with zod's own JSON
 * Schema output: the answers from their output side, the request bodies from their input side,
 * before defaults and transforms. A route names a body or an answer by its zod schema, and
 * `schemaRef` turns that into the `$ref` of its component.
 */

const COMPONENTS = '#/components/schemas/';

/** Request bodies by name. */
const REQUESTS = {
  NewPoll: createPollSchema,
  PollChange: updatePollSchema,
  Ballot: voteSchema,
  NewEvent: createEventSchema,
  EventChange: updateEventSchema,
};
const ANSWERS = { ...ANSWER_SCHEMAS, ...EVENT_ANSWER_SCHEMAS };
type ComponentName = keyof typeof ANSWERS | keyof typeof REQUESTS;

/** What zod cannot express as JSON Schema (refinements across fields) is said here, next to the schema. */
const COMPONENT_NOTES: Partial<Record<ComponentName, string>> = {
  NewPoll:
    'Texts are trimmed and stored in Unicode NFC; control characters are refused, and options must differ as a reader sees them (case, width, invisible characters and look-alike letters do not count). A choice poll has 2 to 20 options, a ranked poll 2 to 50, a text poll none. `max_choices` may not exceed the number of options (absent: 1 in a choice poll, all of them in a ranked poll), and in a text poll is 1 to 10 (absent: 1); `filter_profanity` is for text polls only; `expires_at` must be in the future.',
  PollChange:
    'At least one field. Reopening (`is_active: true`) an ended poll needs a future `expires_at`, or `null`, in the same request. The texts (`title`, `description`, `category`, `options`) follow the rules of a new poll and change only while the poll has no ballot; a `description` or `category` of `null` removes it.',
  Ballot:
    'In a choice poll, either `option_ids` (1 to the poll’s `max_choices` different options) or `option_id` for one option; in a ranked poll, `ranking` (1 to `max_choices` different options, most preferred first); in a text poll, `answers` (1 to `max_choices` texts, different once grouped). One of the four. Ids may be in any letter case.',
  Error: 'Every error answer. `code` is one of a fixed set, each tied to its HTTP status.',
  LiveMessage: 'The `data:` of each SSE event, and the live messages on the WebSocket (with `type`).',
  NewEvent: 'Each question is the body of a new poll (`NewPoll`), with every rule of one: 1 to 50 questions.',
  EventChange:
    'At least one field. `questions` is the whole new list: an existing question’s id keeps it (in the order given), a `NewPoll` body adds one, and a question left out is removed with its poll (`409 question_has_votes` if it has a ballot). `current` indexes the new list. `ended` is only `true`: the event’s open questions close.',
};

const NAMES = new Map<z.ZodType, string>(
  Object.entries({ ...ANSWERS, ...REQUESTS }).map(([name, schema]) => [schema, name]),
);

/** The `$ref` of a schema's component; a schema with no component is a mistake in a route's description. */
export function schemaRef(schema: z.ZodType): JsonSchema {
  const name = NAMES.get(schema);
  if (!name)
    throw new Error('this schema has no component: add it to ANSWER_SCHEMAS, EVENT_ANSWER_SCHEMAS or REQUESTS');
  return { $ref: `${COMPONENTS}${name}` };
}

export function componentSchemas(): Record<string, JsonSchema> {
  const generate = (named: Record<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: (id) => `${COMPONENTS}${id}` });
    return schemas;
  };
  const schemas = { ...generate(ANSWERS, 'output'), ...generate(REQUESTS, 'input') };
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // A component is not a document of its own: the dialect is the document's, and "#/…" is no $id.
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    const note = COMPONENT_NOTES[name as ComponentName];
    components[name] = note ? { description: note, ...rest } : rest;
  }
  return components;
}
