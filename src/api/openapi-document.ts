import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './api-env';
import type { OpenApiDocument } from './openapi-types';
import { componentSchemas } from './openapi-components';

/** What the OpenAPI document says of the whole API; each operation comes from its route (route-docs.ts). */

const DESCRIPTION = [
  'The REST API of pollcast: create polls, vote once, read results, and watch them live. docs/API.md tells the rules in prose; this document is generated from the schemas the server validates with.',
  'Bodies are JSON (`Content-Type: application/json`). Every error is `{"error": {"code", "message", "details"?}}`, its code tied to one HTTP status; an unknown path or method is `404 not_found`. Every answer is `Cache-Control: no-store`. Ids are UUIDs, read in any letter case and answered in lower case.',
  'The creator of a poll manages it with `Authorization: Bearer <admin_token>`. Who counts as one voter is the client’s address (or, in polls with `voter_identity: "browser"`, its signed `pollcast_voter` cookie), never something the request claims.',
].join('\n\n');

const INFO: OpenApiDocument['info'] = {
  title: 'pollcast API',
  version: '0.1.0',
  description: DESCRIPTION,
  license: { name: 'MIT', identifier: 'MIT' },
};

const TAGS: OpenApiDocument['tags'] = [
  { name: 'polls', description: 'Create, read, list, change and delete polls' },
  { name: 'events', description: 'Several questions under one join code; the presenter moves, every phone follows' },
  { name: 'votes', description: 'Cast a ballot' },
  { name: 'live', description: 'Results as they change: Server-Sent Events and WebSocket' },
  { name: 'embed', description: 'A poll on another site: oEmbed for its page' },
  { name: 'export', description: 'A poll’s results and every ballot, for its creator' },
  { name: 'service', description: 'Health and this document' },
];

const SECURITY_SCHEMES: OpenApiDocument['components']['securitySchemes'] = {
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'the `admin_token` a poll was created with, which manages only that poll; or an event’s, which manages the event and each of its questions',
  },
};

/** The document of an API app: the operations its routes registered, under its base path. */
export function openApiDocumentOf(app: OpenAPIHono<ApiEnv>): OpenApiDocument {
  const { paths } = app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: INFO,
    servers: [{ url: '/' }],
    tags: TAGS,
    // The routes were described with the types above (route-docs.ts); the generator only placed them.
    paths: paths as OpenApiDocument['paths'],
    components: { schemas: componentSchemas(), securitySchemes: SECURITY_SCHEMES },
  };
}
