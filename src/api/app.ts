import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../domain/errors';
import type { ApiEnv, ApiServices } from './api-env';
import { errorResponse } from './errors';
import type { OpenApiDocument } from './openapi-types';
import { openApiDocumentOf } from './openapi-document';
import { createExportSlots } from './export-slots';
import { eventExportRoutes } from './routes/event-export';
import { eventLiveRoutes } from './routes/event-live';
import { eventRoutes } from './routes/events';
import { exportRoutes } from './routes/export';
import { liveRoutes } from './routes/live';
import { liveSocketDoc } from './routes/live-socket';
import { oembedRoutes } from './routes/oembed';
import { pollDetailsRoutes } from './routes/poll-details';
import { pollRoutes } from './routes/polls';
import { rctabExportRoutes } from './routes/rctab-export';
import { serviceRoutes } from './routes/service';
import { voteRoutes } from './routes/votes';

/**
 * The REST API (docs/API.md): the only implementation, served by our server or a Next route.
 * One module per resource under routes/, mounted in this order: Hono tries routes in the order
 * they were added, so /polls/trending comes before /polls/:id, and /polls/by-code/:code before
 * /polls/:id/stream and the exports, and /events/by-code/:code before /events/:id. Each route declares its OpenAPI operation beside its handler,
 * and GET /api/openapi.json answers the document generated from them (openapi-document.ts).
 */

export function createApiApp(services: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>().basePath('/api');
  app.onError((error, c) => errorResponse(c, error, services.log));
  app.notFound((c) => errorResponse(c, new AppError('not_found', 'no such endpoint'), services.log));
  app.use('*', async (c, next) => {
    const outgoing = c.env?.outgoing;
    if (outgoing) {
      // Under our server the defaults go on the Node response first; a handler's own headers win
      // (writeHead merges). Setting them on a finished Hono response would rebuild it as a web
      // Response with a body stream, which cost every vote more than the rest of its answer.
      outgoing.setHeader('X-Content-Type-Options', 'nosniff');
      outgoing.setHeader('Cache-Control', 'no-store');
      return next();
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  const exports = createExportSlots();
  let document: OpenApiDocument | undefined;
  const describe = () => (document ??= openApiDocumentOf(app));

  return app
    .route('/', serviceRoutes(services, describe))
    .route('/', pollRoutes(services))
    .route('/', pollDetailsRoutes(services))
    .route('/', voteRoutes(services))
    .route('/', liveRoutes(services))
    .route('/', exportRoutes(services, exports))
    .route('/', rctabExportRoutes(services))
    .route('/', eventRoutes(services))
    .route('/', eventLiveRoutes(services))
    .route('/', eventExportRoutes(services, exports))
    .route('/', oembedRoutes(services))
    .route('/', liveSocketDoc());
}
