import { Hono } from 'hono';
import type { ApiEnv, ApiServices } from '../api-env';
import { openApiDocument } from '../openapi';

/** `GET /api/health` for load balancers, and `GET /api/openapi.json`, this API's description. */

export function serviceRoutes(services: ApiServices) {
  const app = new Hono<ApiEnv>();

  app.get('/health', async (c) => {
    const health = await services.health();
    return c.json(health, health.checks.database === 'ok' ? 200 : 503);
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  return app;
}
