import type { ServerResponse } from 'node:http';
import { describeError, type Logger } from '../logger';

/**
 * An export's body as a byte stream that reads the next piece only when the client took the last
 * (routes/export.ts): an export of any size holds one page of ballots in memory.
 */

/** The export's pieces, the first already read. */
export type ExportPieces = { first: string | undefined; rest: AsyncGenerator<string, void, undefined> };

export async function firstPieceOf(rest: AsyncGenerator<string, void, undefined>): Promise<ExportPieces> {
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
/** What an export reads from: closed once the export ended in any way; `about` names it in the log. */
export type ExportSource = { close(): Promise<void>; about: Record<string, string> };

export function exportStream(reader: ExportSource, pieces: ExportPieces, options: StreamOptions): ReadableStream {
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
    options.log.warn('export failed', { ...reader.about, ...describeError(error) });
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
