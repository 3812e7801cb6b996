import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv, ApiServices } from '../api-env';
import type { OpenApiDocument } from '../openapi-types';
import { EVERY_ROUTE, PUBLIC, RETRY_AFTER, documented, errorWith, json } from '../route-docs';
import { healthSchema } from '../responses';
import { schemaRef } from '../openapi-components';

/** `GET /api/health` for load balancers, and `GET /api/openapi.json`, this API's description. */

const getHealth = documented({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['service'],
  summary: 'Whether this instance can serve',
  security: PUBLIC,
  description:
    'For load balancers. 503 while the database does not answer, or while votes failed to be written in the last 10 seconds (until a write succeeds). Without Redis pollcast is slower, not wrong: `degraded`, still 200.',
  answer: {
    status: 200,
    description: 'the database answers (`status` is `ok` or `degraded`)',
    content: json(schemaRef(healthSchema)),
  },
  errors: {},
  // Health answers its own body with 503 too; only a restarting server answers it with an error.
  instead: {
    503: {
      description: `the database does not answer or votes are failing to be written (a Health body with \`checks.database: "error"\` and a \`reason\`); or ${EVERY_ROUTE.service_unavailable}`,
      headers: { 'Retry-After': RETRY_AFTER },
      content: json({ anyOf: [schemaRef(healthSchema), errorWith(['service_unavailable'])] }),
    },
  },
});

const getOpenApi = documented({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  tags: ['service'],
  summary: 'This document',
  security: PUBLIC,
  answer: { status: 200, description: 'the OpenAPI 3.1 document', content: json({ type: 'object' }) },
  errors: {},
});

/** `document` is the app's own description, generated once from its routes. */
export function serviceRoutes(services: ApiServices, document: () => OpenApiDocument) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(getHealth, async (c) => {
    const health = await services.health();
    return c.json(health, health.checks.database === 'ok' ? 200 : 503);
  });

  app.openapi(getOpenApi, (c) => c.json(document()));

  return app;
}
