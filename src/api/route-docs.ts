import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import { ERROR_STATUS } from './errors';
import { uuidSchema } from '../domain/schemas';
import type { JsonSchema, MediaType, Method, Operation, Parameter, ResponseObject } from './openapi-types';
import { schemaRef } from './openapi-components';
import { errorBodySchema } from './responses';

/**
 * How a route describes itself in the OpenAPI document, next to its handler: its words, its
 * parameters, its body and answer schemas, and each error code it answers with. `documented`
 * turns that into the route definition @hono/zod-openapi registers; the error statuses are
 * derived from the codes (src/domain/errors.ts), so a route never states a status twice.
 * Requests are still read and checked by the handlers (json-body.ts and the zod schemas), in the
 * order and with the errors the API always had; the definition only describes them.
 */

type Answer = { status: 200 | 201 | 204 } & ResponseObject;
type Security = NonNullable<Operation['security']>;

export type RouteDoc<P extends string> = Omit<Operation, 'responses' | 'requestBody' | 'security'> & {
  method: Method;
  /** Below /api, with OpenAPI's `{name}` for path parameters. */
  path: P;
  /** Who may call it: everyone (PUBLIC), or the poll's creator with its admin token, optionally or only. */
  security: Security;
  /** The zod schema the handler parses the JSON body with (a component in openapi-components.ts). */
  body?: z.ZodType;
  answer: Answer;
  /** Each error code the route answers with, and what it means here. */
  errors: Partial<Record<ErrorCode, string>>;
  /** An error status answered otherwise than with an error body alone. */
  instead?: Record<number, ResponseObject>;
};

export function documented<P extends string>(doc: RouteDoc<P>) {
  const { body, answer, errors, instead, ...operation } = doc;
  const described = {
    ...operation,
    ...(body ? { request: { body: { required: true, content: json(schemaRef(body)) } } } : {}),
    responses: responsesOf(answer, errors, instead),
  };
  // zod's JSON Schema type and openapi3-ts's (which @hono/zod-openapi uses) describe the same objects.
  return createRoute(described as typeof described & Pick<RouteConfig, 'responses' | 'parameters' | 'request'>);
}

export const json = (schema: JsonSchema): Record<string, MediaType> => ({ 'application/json': { schema } });

/** A bare schema for a parameter or a part of an answer: no dialect of its own. */
function inline(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return rest;
}

/** Query parameters from a query schema; a query string cannot carry null, so that branch is left out. */
export function queryParameters(schema: z.ZodObject, descriptions: Record<string, string>): Parameter[] {
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

export const POLL_ID: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'the poll’s id, in any letter case; anything that is not a poll’s id answers 404',
  schema: inline(uuidSchema, 'input'),
};
export const EVENT_ID: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'the event’s id, in any letter case; anything that is not an event’s id answers 404',
  schema: inline(uuidSchema, 'input'),
};
export const PUBLIC: Security = [];
export const ADMIN_OPTIONAL: Security = [{}, { adminToken: [] }];
export const ADMIN_REQUIRED: Security = [{ adminToken: [] }];

export const RETRY_AFTER = {
  description: 'seconds to wait before trying again',
  schema: { type: 'integer', minimum: 0 },
} as const;
export const SET_COOKIE = {
  description:
    'a new `pollcast_voter` cookie, when the request came without a valid one (how browser polls tell browsers apart)',
  schema: { type: 'string' },
} as const;

/** What every route may answer besides its own errors. */
export const EVERY_ROUTE: Partial<Record<ErrorCode, string>> = {
  service_unavailable:
    'the database did not answer in time (`details.dependency`), or this server is restarting (`details.retry`, `Retry-After`, `Connection: close`)',
  internal_error: 'a failure on our side; it is logged, and the body never holds its cause',
};

export const BODY_ERRORS = {
  payload_too_large: 'the body is over the size cap (docs/API.md)',
  unsupported_media_type: 'the body is not labelled `Content-Type: application/json`',
} as const;
export const NO_POLL = 'no poll has this id (it never existed, was deleted, or the id is malformed)';
export const NO_EVENT = 'no event has this id (it never existed, or the id is malformed)';
export const NO_ADDRESS = 'the client’s address could not be determined';

/** The Error schema, with `code` narrowed to the codes one answer can carry. */
export const errorWith = (codes: readonly ErrorCode[]): JsonSchema => ({
  allOf: [
    schemaRef(errorBodySchema),
    {
      type: 'object',
      properties: {
        error: { type: 'object', properties: { code: { type: 'string', enum: [...codes] } }, required: ['code'] },
      },
      required: ['error'],
    },
  ],
});

function responsesOf(
  answer: Answer,
  errors: Partial<Record<ErrorCode, string>>,
  instead: Record<number, ResponseObject> = {},
): Record<string, ResponseObject> {
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
    responses[status] = instead[status] ?? response;
  }
  return responses;
}
