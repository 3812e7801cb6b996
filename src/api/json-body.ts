import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { AppError } from '../domain/errors';

/**
 * Reads a JSON request body, capped at `maxBytes`. Under our own server it reads the Node
 * request directly: building a web Request (headers, AbortSignal, ReadableStream) just to read
 * a 50-byte vote cost more CPU than the rest of the vote path (docs/BENCHMARKS.md). Mounted in a
 * Next route there is no Node request, so it reads the web one.
 */
export async function readJsonBody(
  c: Context,
  incoming: IncomingMessage | undefined,
  maxBytes: number,
): Promise<unknown> {
  checkJsonHeaders(c.req.header('content-type'), c.req.header('content-length'), maxBytes);
  return parseJson(incoming?.readable ? await readNodeBody(incoming, maxBytes) : await readWebBody(c, maxBytes));
}

/** The same from a Node request alone, for the vote route our server answers without Hono (direct-vote.ts). */
export async function readNodeJsonBody(incoming: IncomingMessage, maxBytes: number): Promise<unknown> {
  checkJsonHeaders(incoming.headers['content-type'], incoming.headers['content-length'], maxBytes);
  return parseJson(await readNodeBody(incoming, maxBytes));
}

function checkJsonHeaders(contentType: string | undefined, contentLength: string | undefined, maxBytes: number): void {
  // Only application/json is read: a cross-site HTML form cannot send it, so this also stops CSRF.
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  }
  if (Number(contentLength) > maxBytes) throw tooLarge(maxBytes);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'the body is not valid JSON');
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `the body must be at most ${maxBytes} bytes`);
}

function readNodeBody(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Keep discarding the rest so the answer can still be read on this connection.
      incoming.off('data', onData);
      incoming.resume();
      reject(tooLarge(maxBytes));
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    incoming.once('error', reject);
  });
}

async function readWebBody(c: Context, maxBytes: number): Promise<string> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  return text;
}
