import type { Context } from 'hono';
import { CSV_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../polls/poll-export';
import type { ApiEnv, ApiServices } from './api-env';
import { exportStream, firstPieceOf, type ExportPieces, type ExportSource } from './export-stream';

/**
 * The answer to an export download, a poll's (routes/export.ts) or an event's
 * (routes/event-export.ts): the same headers, and the same streamed body under an export slot.
 */

export function exportHeaders(format: 'csv' | 'json', fileName: string): Record<string, string> {
  return {
    'Content-Type': format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  };
}

/** An opened export: its pieces, unread, what closes it, and the slot it holds (export-slots.ts). */
export type ExportDownload = ExportSource & {
  pieces: AsyncGenerator<string, void, undefined>;
  headers: Record<string, string>;
  /** Frees the export's slot; called once, when the download ended in any way. */
  release(): void;
};

export async function serveExport(
  c: Context<ApiEnv>,
  { config, log }: Pick<ApiServices, 'config' | 'log'>,
  download: ExportDownload,
): Promise<Response> {
  let pieces: ExportPieces;
  try {
    // The first piece is read before answering, so a database that fails at once is still a 503.
    pieces = await firstPieceOf(download.pieces);
  } catch (error) {
    await download.close();
    download.release();
    throw error;
  }
  const body = exportStream(download, pieces, {
    stallMs: 2 * config.db.timeoutMs,
    outgoing: c.env?.outgoing,
    log,
    finished: download.release,
  });
  return new Response(body, { headers: download.headers });
}
