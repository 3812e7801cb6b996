import type { ServerResponse } from 'node:http';
import type { Context, Hono } from 'hono';
import { openPollExport, type PollExportReader } from '../db/poll-export';
import { AppError, pollNotFound } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { describeError, type Logger } from '../logger';
import {
  CSV_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  csvExportQuerySchema,
  exportFileName,
  exportText,
  type ExportRequest,
} from '../polls/poll-export';
import { bearerToken, type ApiEnv, type ApiServices } from './api-env';

/**
 * `GET /api/polls/{id}/export.csv` and `.json` for the creator (docs/API.md, "Export"). The body
 * is a stream that reads the next page of ballots only when the client has taken the last one,
 * so an export of any size holds one page in memory, and a client that stops reading stops the
 * reads (and, past the stall limit, loses the download and frees what it held).
 */

/** Seconds a caller refused for too many exports at once is asked to wait. */
const BUSY_RETRY_SECONDS = 5;

export function exportRoutes(app: Hono<ApiEnv>, services: ApiServices): void {
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
}

/** The export's pieces, the first already read. */
type ExportPieces = { first: string | undefined; rest: AsyncGenerator<string, void, undefined> };

async function firstPieceOf(rest: AsyncGenerator<string, void, undefined>): Promise<ExportPieces> {
  const first = await rest.next();
  return { first: first.done ? undefined : first.value, rest };
}

type StreamOptions = {
  /** How long the client may leave a piece untaken before the download is given up. */
  stallMs: number;
  /** Under our server, the Node response: a failed export destroys it, so the client sees a cut-off body. */
  outgoing: ServerResponse | undefined;
  log: Logger;
  /** Called once, when the export ended in any way. */
  finished(): void;
};

/**
 * The export as a byte stream that pulls one piece per read. A failure halfway cannot change the
 * status any more, and @hono/node-server would end an errored stream's body with the error's
 * text as if it were complete; so the connection is destroyed instead, and the client's download
 * fails rather than ending early looking whole.
 */
function exportStream(reader: PollExportReader, pieces: ExportPieces, options: StreamOptions): ReadableStream {
  let waiting = pieces.first;
  const encoder = new TextEncoder();
  let ended = false;
  let stall: NodeJS.Timeout | undefined;

  const end = async () => {
    if (ended) return;
    ended = true;
    clearTimeout(stall);
    await reader.close();
    options.finished();
  };
  const fail = (controller: ReadableStreamDefaultController, error: unknown) => {
    if (ended) return;
    options.log.warn('export failed', { poll_id: reader.head.poll.id, ...describeError(error) });
    void end();
    const { outgoing } = options;
    if (outgoing && !outgoing.writableFinished) outgoing.destroy();
    else controller.error(error);
  };

  return new ReadableStream({
    async pull(controller) {
      clearTimeout(stall);
      try {
        const piece = waiting ?? (await pieces.rest.next()).value;
        waiting = undefined;
        if (ended) return;
        if (piece === undefined) {
          await end();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(piece));
        stall = setTimeout(() => fail(controller, new Error('the client stopped reading the export')), options.stallMs);
        stall.unref();
      } catch (error) {
        fail(controller, error);
      }
    },
    cancel: end,
  });
}
