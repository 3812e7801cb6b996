import { Hono, type Context } from 'hono';
import { openPollExport, type PollExportReader } from '../../db/poll-export';
import { AppError, pollNotFound } from '../../domain/errors';
import { canonicalId } from '../../domain/ids';
import {
  CSV_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  csvExportQuerySchema,
  exportFileName,
  exportText,
  type ExportRequest,
} from '../../polls/poll-export';
import { bearerToken, type ApiEnv, type ApiServices } from '../api-env';
import { exportStream, firstPieceOf, type ExportPieces } from '../export-stream';

/**
 * `GET /api/polls/{id}/export.csv` and `.json` for the creator (docs/API.md, "Export"). The body
 * is a stream that reads the next page of ballots only when the client has taken the last one,
 * so an export of any size holds one page in memory, and a client that stops reading stops the
 * reads (and, past the stall limit, loses the download and frees what it held).
 */

/** Seconds a caller refused for too many exports at once is asked to wait. */
const BUSY_RETRY_SECONDS = 5;

export function exportRoutes(services: ApiServices) {
  const app = new Hono<ApiEnv>();
  let running = 0;

  const serve = async (c: Context<ApiEnv>, request: ExportRequest): Promise<Response> => {
    const { polls, database, config, log } = services;
    const id = c.req.param('id') ?? '';
    await polls.authorize(id, bearerToken(c));
    const pollId = canonicalId(id);
    if (!pollId) throw pollNotFound();
    // Each export in services mode holds a pooled connection while it runs; most stay for votes.
    const allowed = Math.max(1, Math.floor(config.db.poolSize / 4));
    if (running >= allowed) {
      throw new AppError('rate_limited', 'this server is busy with other exports; try again in a moment', {
        retry_after: BUSY_RETRY_SECONDS,
      });
    }
    running++;
    // A HEAD request gets the headers only (Hono would drop the body without cancelling it).
    const headOnly = c.req.method === 'HEAD';
    const ballots = !headOnly && (request.format === 'json' || request.part === 'ballots');
    const exportedAt = new Date();
    let reader: PollExportReader | undefined;
    let pieces: ExportPieces | undefined;
    try {
      reader = await openPollExport(database, pollId, { ballots });
      // The first piece is read before answering, so a database that fails at once is still a 503.
      if (reader && !headOnly) pieces = await firstPieceOf(exportText(reader, request, exportedAt));
    } catch (error) {
      await reader?.close();
      throw error;
    } finally {
      if (!pieces) running--;
    }
    if (!reader) throw pollNotFound();
    const headers = {
      'Content-Type': request.format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${exportFileName(reader.head.poll, request)}"`,
      'Cache-Control': 'no-store',
    };
    if (!pieces) {
      await reader.close();
      return new Response(null, { headers });
    }
    const body = exportStream(reader, pieces, {
      stallMs: 2 * config.db.timeoutMs,
      outgoing: c.env?.outgoing,
      log,
      finished: () => running--,
    });
    return new Response(body, { headers });
  };

  app.get('/polls/:id/export.csv', (c) => serve(c, { format: 'csv', ...csvExportQuerySchema.parse(c.req.query()) }));
  app.get('/polls/:id/export.json', (c) => serve(c, { format: 'json' }));

  return app;
}
