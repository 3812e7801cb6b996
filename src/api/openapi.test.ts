import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import { ERROR_STATUS } from './errors';
import type { EventUpdatedMessage, PollUpdatedMessage, VoteSubmittedMessage } from '../realtime/live-messages';
import type { EventDetails } from '../domain/events';
import type { EventService } from '../polls/event-service';
import * as eventResponses from './event-responses';
import { voteSchema } from '../domain/ballot-schema';
import { createPollSchema, updatePollSchema } from '../domain/schemas';
import type { Poll } from '../domain/polls';
import type { Health } from '../server/health';
import type { PollDetails } from '../polls/poll-details';
import type { PollService } from '../polls/poll-service';
import type { VoteResult } from '../votes/cast-vote';
import type { RctabSummary } from '../kinds/ranked/rctab-export';
import type { ApiServices } from './api-env';
import { createApiApp } from './app';
import type { ErrorBody } from './errors';
import { METHODS, openApiDocument, type JsonSchema } from './openapi';
import * as responses from './responses';
import { rctabSummarySchema } from './rctab-responses';

const document = openApiDocument();
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
);

describe('the OpenAPI document', () => {
  it('describes every route the API serves, and besides them only the WebSocket', () => {
    // Building the app touches no service; the routes are what Hono would match.
    const app = createApiApp({} as ApiServices);
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual([...served, 'GET /api/ws'].sort());
  });

  it('is served at GET /api/openapi.json', async () => {
    const reply = await createApiApp({} as ApiServices).request('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('has the shape of OpenAPI 3.1: unique operation ids, declared path parameters, described answers', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(
        declared.map((parameter) => parameter.name),
        operation.operationId,
      ).toEqual(inPath);
      expect(declared.every((parameter) => parameter.required)).toBe(true);
      expect(
        operation.tags.every((tag) => tags.has(tag)),
        operation.operationId,
      ).toBe(true);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(1);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(status, operation.operationId).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${operation.operationId} ${status}`).not.toBe('');
      }
      for (const requirement of operation.security ?? []) {
        for (const scheme of Object.keys(requirement))
          expect(document.components.securitySchemes).toHaveProperty(scheme);
      }
    }
  });

  it('has schemas that compile under JSON Schema 2020-12 in strict mode, every $ref resolving', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'tags', 'paths', 'components']);
    ajv.addSchema(document, 'openapi.json');
    const pointers = [
      ...Object.keys(document.components.schemas).map((name) => `#/components/schemas/${name}`),
      ...operations.flatMap(({ path, method, operation }) => {
        const at = `#/paths/${path.replace(/\//g, '~1')}/${method}`;
        return [
          ...(operation.parameters ?? []).map((_, i) => `${at}/parameters/${i}/schema`),
          ...Object.keys(operation.requestBody?.content ?? {}).map(
            (type) => `${at}/requestBody/content/${type.replace(/\//g, '~1')}/schema`,
          ),
          ...Object.entries(operation.responses).flatMap(([status, response]) =>
            Object.keys(response.content ?? {}).map(
              (type) => `${at}/responses/${status}/content/${type.replace(/\//g, '~1')}/schema`,
            ),
          ),
        ];
      }),
    ];
    expect(pointers.length).toBeGreaterThan(40);
    for (const pointer of pointers)
      expect(() => ajv.compile({ $ref: `openapi.json${pointer}` }), pointer).not.toThrow();
  });

  it('lists with each error status exactly the codes tied to that status', () => {
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        const narrowed = schema?.allOf?.[1] as
          { properties: { error: { properties: { code: JsonSchema } } } } | undefined;
        const codes = (narrowed?.properties.error.properties.code.enum ?? []) as ErrorCode[];
        for (const code of codes)
          expect(ERROR_STATUS[code], `${operation.operationId} ${status} ${code}`).toBe(Number(status));
        for (const code of codes) expect(response.description).toContain(`\`${code}\``);
      }
    }
  });

  it('takes request bodies from the input side of the schemas the API validates with', () => {
    const input = (schema: z.ZodType) => {
      const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
      return rest;
    };
    const { schemas } = document.components;
    for (const [name, schema] of [
      ['NewPoll', createPollSchema],
      ['PollChange', updatePollSchema],
      ['Ballot', voteSchema],
    ] as const) {
      const { description: _note, ...generated } = schemas[name] as JsonSchema;
      expect(generated, name).toEqual(input(schema));
    }
    // The ballot as sent: option_id is still accepted, though parsing turns it into option_ids.
    expect(Object.keys(schemas.Ballot?.properties ?? {}).sort()).toEqual([
      'answers',
      'option_id',
      'option_ids',
      'ranking',
    ]);
  });

  it('describes answers of exactly the types the code returns', () => {
    type Answer<K extends keyof PollService> = Awaited<ReturnType<PollService[K]>>;
    expectTypeOf<z.output<typeof responses.pollSchema>>().toEqualTypeOf<Poll>();
    expectTypeOf<z.output<typeof responses.createdPollSchema>>().toEqualTypeOf<Answer<'create'>>();
    expectTypeOf<z.output<typeof responses.pollWithOptionsSchema>>().toEqualTypeOf<Answer<'update'>>();
    expectTypeOf<z.output<typeof responses.pollListSchema>>().toEqualTypeOf<Answer<'list'>>();
    expectTypeOf<z.output<typeof responses.trendingPollsSchema>>().toEqualTypeOf<Answer<'trending'>>();
    expectTypeOf<z.output<typeof responses.pollDetailsSchema>>().toEqualTypeOf<PollDetails>();
    expectTypeOf<z.output<typeof responses.voteResultSchema>>().toEqualTypeOf<VoteResult>();
    // Its union of round results is beyond expectTypeOf: each type must be assignable to the other.
    type RctabAnswer = z.output<typeof rctabSummarySchema>;
    const both = [(summary: RctabSummary): RctabAnswer => summary, (answer: RctabAnswer): RctabSummary => answer];
    expect(both).toHaveLength(2);
    expectTypeOf<z.output<typeof responses.healthSchema>>().toEqualTypeOf<Health>();
    expectTypeOf<z.output<typeof responses.pollUpdatedMessageSchema>>().toEqualTypeOf<PollUpdatedMessage>();
    expectTypeOf<z.output<typeof responses.voteSubmittedMessageSchema>>().toEqualTypeOf<VoteSubmittedMessage>();
    // A question is a Poll joined with its options, beyond expectTypeOf too: each way round, then.
    type Created = Awaited<ReturnType<EventService['create']>>;
    type EventAnswers = [EventDetails, Created, EventUpdatedMessage];
    type EventSchemas = [
      z.output<typeof eventResponses.eventDetailsSchema>,
      z.output<typeof eventResponses.createdEventSchema>,
      z.output<typeof eventResponses.eventUpdatedMessageSchema>,
    ];
    const eventBoth = [(answer: EventAnswers): EventSchemas => answer, (schema: EventSchemas): EventAnswers => schema];
    expect(eventBoth).toHaveLength(2);
    // Details are open-ended in the code; the schema names the keys some codes use.
    expectTypeOf<z.output<typeof responses.errorBodySchema>>().toExtend<ErrorBody>();
    expectTypeOf<ErrorBody['error']['code']>().toEqualTypeOf<
      z.output<typeof responses.errorBodySchema>['error']['code']
    >();
  });
});
