import { OpenAPIHono } from '@hono/zod-openapi';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { schemaRef } from '../openapi-components';
import { rctabSummarySchema } from '../rctab-responses';
import { ADMIN_REQUIRED, NO_POLL, POLL_ID, documented, json } from '../route-docs';

/** `GET /api/polls/{id}/export.rctab.json`: a ranked poll's count as RCTab writes it, for the creator. */

const exportPollRctab = documented({
  method: 'get',
  path: '/polls/{id}/export.rctab.json',
  operationId: 'exportPollRctab',
  tags: ['export'],
  summary: 'Download a ranked poll’s count as RCTab’s summary JSON',
  description:
    'The instant-runoff rounds as RCTab, the tabulator US jurisdictions certify, writes its summary (`jsonFormatVersion` 1): each round’s `tally` keyed by option text with counts as strings, the eliminated or elected option with its `transfers`, and the exhausted ballots. RCVis draws it. The count is the one `GET /api/polls/{id}` shows, at least as new as the counts were when the request arrived.',
  parameters: [POLL_ID],
  security: ADMIN_REQUIRED,
  answer: {
    status: 200,
    description: 'the summary JSON',
    content: json(schemaRef(rctabSummarySchema)),
    headers: {
      'Content-Disposition': {
        description: '`attachment; filename="poll-<code>-rctab.json"`',
        required: true,
        schema: { type: 'string' },
      },
    },
  },
  errors: {
    invalid_request: 'the poll is not a ranked poll',
    unauthorized: 'no admin token, or a wrong one',
    not_found: NO_POLL,
  },
});

export function rctabExportRoutes({ polls }: ApiServices) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(exportPollRctab, async (c) => {
    const { code, summary } = await polls.rctabSummary(c.req.param('id'), bearerToken(c));
    c.header('Content-Disposition', `attachment; filename="poll-${code}-rctab.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(summary);
  });

  return app;
}
