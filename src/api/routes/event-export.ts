import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { eventExport, eventExportFileName, type EventExportFormat } from '../../polls/event-export';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { eventExportSchema } from '../event-responses';
import { exportHeaders, serveExport } from '../export-response';
import type { ExportSlots } from '../export-slots';
import { schemaRef } from '../openapi-components';
import { ADMIN_REQUIRED, EVENT_ID, NO_EVENT, documented, json } from '../route-docs';
import { EXPORTS_BUSY, EXPORT_NOTE, exportHeadersDoc } from './export';

/**
 * `GET /api/events/{id}/export.json` and `.csv` for the event's creator: every question's export,
 * streamed as a poll's is (routes/export.ts), under the same allowance of exports at once.
 */

const EXPORT_HEADERS = exportHeadersDoc('`attachment; filename="event-<code>.json"` (`event-<code>-results.csv`)');
const EXPORT_ERRORS = {
  unauthorized: 'no admin token (the event’s), or a wrong one',
  not_found: NO_EVENT,
  rate_limited: EXPORTS_BUSY,
} as const;

const exportEventJson = documented({
  method: 'get',
  path: '/events/{id}/export.json',
  operationId: 'exportEventJson',
  tags: ['events', 'export'],
  summary: 'Download every question’s results and ballots as JSON',
  description: `The event, then each question’s export in the event’s order, each as \`GET /api/polls/{id}/export.json\` writes it. Each question is read at its own moment. ${EXPORT_NOTE}`,
  parameters: [EVENT_ID],
  security: ADMIN_REQUIRED,
  answer: {
    status: 200,
    description: 'the JSON file',
    content: json(schemaRef(eventExportSchema)),
    headers: EXPORT_HEADERS,
  },
  errors: EXPORT_ERRORS,
});

const exportEventCsv = documented({
  method: 'get',
  path: '/events/{id}/export.csv',
  operationId: 'exportEventCsv',
  tags: ['events', 'export'],
  summary: 'Download every question’s results as one CSV table',
  description:
    'RFC 4180, UTF-8 with a byte order mark, CRLF line ends: `question,title,kind,option,votes,hidden,held`, one row per option of each question in order (a text question’s groups of answers as its options, with `hidden` and `held` marked; blank in other kinds). Cells are defused as in a poll’s CSV. The ballots are in each question’s own CSV export (`GET /api/polls/{id}/export.csv`, the event’s token works there).',
  parameters: [EVENT_ID],
  security: ADMIN_REQUIRED,
  answer: {
    status: 200,
    description: 'the CSV file',
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: EXPORT_HEADERS,
  },
  errors: EXPORT_ERRORS,
});

export function eventExportRoutes(services: ApiServices, slots: ExportSlots) {
  const app = new OpenAPIHono<ApiEnv>();

  const serve = async (c: Context<ApiEnv>, format: EventExportFormat): Promise<Response> => {
    const { events, database, config } = services;
    const { details } = await events.exportParts(c.req.param('id') ?? '', bearerToken(c));
    const headers = exportHeaders(format, eventExportFileName(details.event.code, format));
    if (c.req.method === 'HEAD') return new Response(null, { headers });
    const release = slots.take(config.db.poolSize);
    const exported = eventExport(database, details, format, new Date());
    return serveExport(c, services, { ...exported, about: { event_id: details.event.id }, headers, release });
  };

  app.openapi(exportEventJson, (c) => serve(c, 'json'));
  app.openapi(exportEventCsv, (c) => serve(c, 'csv'));

  return app;
}
