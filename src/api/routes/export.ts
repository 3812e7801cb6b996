import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { openPollExport, type PollExportReader } from '../../db/poll-export';
import { pollNotFound } from '../../domain/errors';
import { canonicalId } from '../../domain/ids';
import { csvExportQuerySchema, exportFileName, exportText, type ExportRequest } from '../../polls/poll-export';
import { type ApiEnv, type ApiServices } from '../api-env';
import { bearerToken } from '../bearer-token';
import { exportHeaders, serveExport } from '../export-response';
import type { ExportSlots } from '../export-slots';
import { schemaRef } from '../openapi-components';
import { pollExportSchema } from '../responses';
import { ADMIN_REQUIRED, NO_POLL, POLL_ID, documented, json, queryParameters } from '../route-docs';

/**
 * `GET /api/polls/{id}/export.csv` and `.json` for the creator (docs/API.md, "Export"). The body
 * is a stream that reads the next page of ballots only when the client has taken the last one,
 * so an export of any size holds one page in memory, and a client that stops reading stops the
 * reads (and, past the stall limit, loses the download and frees what it held).
 */

export const EXPORT_NOTE =
  'The results and the ballots are one moment’s: votes cast during a long download are in neither. Streamed with backpressure: a client that stops reading for twice `DB_TIMEOUT_MS` loses the download. Never holds a voter’s address or id.';
/** An export's answer headers, as the OpenAPI document describes them; `file` names the file. */
export const exportHeadersDoc = (file: string) =>
  ({ 'Content-Disposition': { description: file, required: true, schema: { type: 'string' } } }) as const;
export const EXPORTS_BUSY =
  'this server is running as many exports at once as it takes (a quarter of `DB_POOL_SIZE`, at least one)';

const EXPORT_HEADERS = exportHeadersDoc(
  '`attachment; filename="poll-<code>.csv"` (`poll-<code>-results.csv`, `poll-<code>.json`)',
);
const EXPORT_ERRORS = {
  unauthorized: 'no admin token, or a wrong one',
  not_found: NO_POLL,
  rate_limited: EXPORTS_BUSY,
} as const;

const exportPollCsv = documented({
  method: 'get',
  path: '/polls/{id}/export.csv',
  operationId: 'exportPollCsv',
  tags: ['export'],
  summary: 'Download the ballots, or the results, as CSV',
  description: [
    'RFC 4180, UTF-8 with a byte order mark, CRLF line ends and a header row. `part=ballots` (the default): one row per ballot in the order cast, `voted_at (UTC)` (`2024-05-01 12:00:00.123`) and a column per option (the header is its text) holding 1 if the ballot chose it, else 0, so each column’s sum is the option’s votes. `part=results`: `option,votes`, one row per option. A text poll’s ballot row has `answer 1` … `answer N` (N = `max_choices`), each answer as written, blank past the last; its `part=results` is `answer,count,hidden,held`, one row per group of answers, most given first, hidden and held ones included and marked.',
    `Cells a spreadsheet would run as a formula (starting with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return) start with \`'\`. ${EXPORT_NOTE}`,
  ].join('\n\n'),
  parameters: [
    POLL_ID,
    ...queryParameters(csvExportQuerySchema, {
      part: '`ballots` (one row per ballot) or `results` (one per option)',
    }),
  ],
  security: ADMIN_REQUIRED,
  answer: {
    status: 200,
    description: 'the CSV file',
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: EXPORT_HEADERS,
  },
  errors: { invalid_request: '`part` is neither `ballots` nor `results`', ...EXPORT_ERRORS },
});

const exportPollJson = documented({
  method: 'get',
  path: '/polls/{id}/export.json',
  operationId: 'exportPollJson',
  tags: ['export'],
  summary: 'Download the results and every ballot as JSON',
  description: `Written as it is read: the poll and its results first, then the ballots, one per line. A text poll’s results are its groups of answers with their counts, hidden and held ones marked; its ballots carry their \`answers\`. ${EXPORT_NOTE}`,
  parameters: [POLL_ID],
  security: ADMIN_REQUIRED,
  answer: {
    status: 200,
    description: 'the JSON file',
    content: json(schemaRef(pollExportSchema)),
    headers: EXPORT_HEADERS,
  },
  errors: EXPORT_ERRORS,
});

export function exportRoutes(services: ApiServices, slots: ExportSlots) {
  const app = new OpenAPIHono<ApiEnv>();

  const serve = async (c: Context<ApiEnv>, request: ExportRequest): Promise<Response> => {
    const { polls, database, config } = services;
    const id = c.req.param('id') ?? '';
    await polls.authorize(id, bearerToken(c));
    const pollId = canonicalId(id);
    if (!pollId) throw pollNotFound();
    const release = slots.take(config.db.poolSize);
    // A HEAD request gets the headers only (Hono would drop the body without cancelling it).
    const headOnly = c.req.method === 'HEAD';
    const ballots = !headOnly && (request.format === 'json' || request.part === 'ballots');
    const exportedAt = new Date();
    let reader: PollExportReader | undefined;
    try {
      reader = await openPollExport(database, pollId, { ballots });
    } finally {
      // Only a body that streams keeps the slot; serveExport frees it when the download ends.
      if (!reader || headOnly) release();
    }
    if (!reader) throw pollNotFound();
    const headers = exportHeaders(request.format, exportFileName(reader.head.poll, request));
    if (headOnly) {
      await reader.close();
      return new Response(null, { headers });
    }
    const opened = reader;
    return serveExport(c, services, {
      pieces: exportText(opened, request, exportedAt),
      close: () => opened.close(),
      about: { poll_id: opened.head.poll.id },
      headers,
      release,
    });
  };

  app.openapi(exportPollCsv, (c) => serve(c, { format: 'csv', ...csvExportQuerySchema.parse(c.req.query()) }));
  app.openapi(exportPollJson, (c) => serve(c, { format: 'json' }));

  return app;
}
