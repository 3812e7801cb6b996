import type http from 'node:http';
import zlib from 'node:zlib';
import { KeptFiles, sendKept, type Accepted } from './kept-build-files';
import type { PageHandler } from './routing';

/**
 * Our server compresses what Next answers (decision 0018), in place of Next's own compression.
 *
 * Next's (the `compression` middleware) opens a zlib stream for every response and flushes it after
 * every chunk React writes; on a page of 20 KB that machinery cost the server several times the
 * compressing itself, and every request for a page's scripts compressed them again. Here a page is
 * held until Next ends it (our pages have no Suspense boundaries, so React writes them all in one
 * go) and compressed once, in one call; a build's scripts and styles, which never change under
 * their hashed names, are compressed once per process (gzip and Brotli, at their smallest) and kept.
 *
 * server.ts turns Next's compression off (next.config.ts); Next never sees the client's
 * Accept-Encoding either, so nothing is compressed twice whatever the configuration says.
 */

/** Most bytes of compressed build files kept; beyond it the oldest go. */
const KEPT_BYTES = 64 * 1024 * 1024;
/** Bodies below this go as they are: compressing saves less than the header costs. */
const MIN_BYTES = 1024;
/** A body that grows past this while held is sent as it is from there on, uncompressed. */
const MAX_HELD_BYTES = 8 * 1024 * 1024;
/** Pages up to this size are compressed on the spot; larger ones on libuv's threads. */
const SYNC_BYTES = 256 * 1024;
/** Text a browser takes compressed; never an event stream, which would be held for ever. */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:javascript|json|manifest\+json|xml|x-component)|image\/svg\+xml)/i;
/**
 * A build's file as Next names it (`/_next/static/chunks/0cz1d0mv5g_q7.js`): names that change when
 * their content does. Only these plain spellings are kept, one per file, so no query string or
 * other spelling of a path makes the server compress the same file again and again.
 */
const BUILD_FILE = /^\/_next\/static(?:\/[\w~-][\w.~-]*)+$/;

export function compressingPages(pages: PageHandler): PageHandler {
  const kept = new KeptFiles(KEPT_BYTES);
  return {
    ...pages,
    handle: (req, res) => {
      const accepted = acceptedEncodings(req.headers['accept-encoding']);
      delete req.headers['accept-encoding'];
      const key = keptFileKey(req);
      const file = key === undefined ? undefined : kept.get(key);
      if (file && sendKept(res, file, accepted)) return;
      holdAndCompress(req, res, accepted, key === undefined ? undefined : { key, kept });
      return pages.handle(req, res);
    },
  };
}

/** Which of gzip and Brotli an Accept-Encoding allows (`q=0` refuses; `*` stands for the unnamed). */
export function acceptedEncodings(header: string | string[] | undefined): Accepted {
  const quality = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const allows = (name: string) => (quality.get(name) ?? quality.get('*') ?? 0) > 0;
  return { gzip: allows('gzip') || allows('x-gzip'), br: allows('br') };
}

/** A build file's path, when asked for plainly: no range, no revalidation (Next answers those). */
function keptFileKey(req: http.IncomingMessage): string | undefined {
  const plain =
    req.method === 'GET' && !req.headers.range && !req.headers['if-none-match'] && !req.headers['if-modified-since'];
  return plain && req.url !== undefined && BUILD_FILE.test(req.url) ? req.url : undefined;
}

function compressible(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const status = res.statusCode;
  if (req.method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304) return false;
  if (res.getHeader('content-encoding') !== undefined) return false;
  if (!COMPRESSIBLE.test(String(res.getHeader('content-type') ?? ''))) return false;
  if (/no-transform/i.test(String(res.getHeader('cache-control') ?? ''))) return false;
  const length = res.getHeader('content-length');
  return length === undefined || Number(length) >= MIN_BYTES;
}

/** A whole build file as Next answers it, under a name whose content never changes. */
function isBuildFile(res: http.ServerResponse): boolean {
  return res.statusCode === 200 && /immutable/.test(String(res.getHeader('cache-control') ?? ''));
}

/** For the rare client that takes Brotli but not gzip: as fast as gzip's default, and as small. */
const PAGE_BROTLI: zlib.BrotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

type WriteCallback = (error?: Error | null) => void;
/** Ends the held response with its body, compressed (`as` the encoding) or, without one, as it was. */
type Send = (encoded: Buffer | undefined, as?: 'gzip' | 'br') => void;

/**
 * Holds what is written to `res` once its head says it is worth compressing and the client takes
 * gzip or Brotli (the decision falls at the first writeHead, flushHeaders, write or end), and
 * sends it compressed at the end. Anything else goes through untouched.
 */
function holdAndCompress(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  accepted: Accepted,
  buildFile: { key: string; kept: KeptFiles } | undefined,
) {
  const original = { writeHead: res.writeHead, flushHeaders: res.flushHeaders, write: res.write, end: res.end };
  const chunks: Buffer[] = [];
  let held = 0;
  let state: 'open' | 'holding' | 'passing' = 'open';

  const restore = () => Object.assign(res, original);
  const decide = () => {
    if (state !== 'open') return;
    const worth = compressible(req, res);
    // Caches must know the bytes differ by encoding, even for a client that took none.
    if (worth) varyOnEncoding(res);
    state = worth && (accepted.gzip || accepted.br) ? 'holding' : 'passing';
    if (state === 'passing') restore();
  };
  const hold = (chunk: unknown, encoding: BufferEncoding | undefined) => {
    if (chunk === undefined || chunk === null) return;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array);
    chunks.push(buffer);
    held += buffer.length;
  };

  res.writeHead = function writeHead(status: number, ...rest: unknown[]) {
    res.statusCode = status;
    const [reason, headers] = typeof rest[0] === 'string' ? [rest[0], rest[1]] : [undefined, rest[0]];
    if (reason !== undefined) res.statusMessage = reason;
    setHeaders(res, headers);
    decide();
    return state === 'passing' ? original.writeHead.call(res, status) : res;
  } as typeof res.writeHead;

  res.flushHeaders = function flushHeaders() {
    decide();
    if (state === 'passing') original.flushHeaders.call(res);
  };

  res.write = function write(chunk: unknown, encoding?: unknown, callback?: unknown) {
    decide();
    if (state === 'passing')
      return original.write.call(res, chunk, encoding as BufferEncoding, callback as WriteCallback);
    const done = typeof encoding === 'function' ? encoding : callback;
    hold(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    if (held > MAX_HELD_BYTES) {
      // Too big to hold: what is held goes now, as it is, and the rest after it.
      state = 'passing';
      restore();
      return res.write(Buffer.concat(chunks), done as WriteCallback);
    }
    if (typeof done === 'function') process.nextTick(done as WriteCallback);
    return true;
  } as typeof res.write;

  res.end = function end(chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (typeof chunk === 'function') [chunk, encoding, callback] = [undefined, undefined, chunk];
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    decide();
    if (state === 'passing') return original.end.call(res, chunk, encoding as BufferEncoding, callback as () => void);
    hold(chunk, encoding as BufferEncoding | undefined);
    restore();
    const body = Buffer.concat(chunks, held);
    const send: Send = (encoded, as) => {
      if (encoded && as) {
        res.setHeader('content-encoding', as);
        const etag = res.getHeader('etag');
        if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('etag', `W/${etag}`);
      }
      res.setHeader('content-length', (encoded ?? body).length);
      res.end(encoded ?? body, callback as () => void);
    };
    if (body.length < MIN_BYTES) send(undefined);
    else if (buildFile && isBuildFile(res)) sendBuildFile(buildFile, res, body, accepted, send);
    else compressPage(body, accepted, send);
    return res;
  } as typeof res.end;
}

/** gzip, or Brotli for a client that takes only that; on the spot unless the page is large. */
function compressPage(body: Buffer, accepted: Accepted, send: Send): void {
  const as = accepted.gzip ? 'gzip' : 'br';
  if (body.length <= SYNC_BYTES) {
    return send(as === 'gzip' ? zlib.gzipSync(body) : zlib.brotliCompressSync(body, PAGE_BROTLI), as);
  }
  const done = (error: Error | null, encoded: Buffer) => send(error ? undefined : encoded, as);
  if (as === 'gzip') zlib.gzip(body, done);
  else zlib.brotliCompress(body, PAGE_BROTLI, done);
}

/** A build file's first answer: gzip from the cache's one compression of it (Brotli comes after). */
function sendBuildFile(
  { key, kept }: { key: string; kept: KeptFiles },
  res: http.ServerResponse,
  raw: Buffer,
  accepted: Accepted,
  send: Send,
): void {
  void kept.make(key, res, raw).then((file) => send(accepted.gzip ? file?.gzip : undefined, 'gzip'));
}

function varyOnEncoding(res: http.ServerResponse): void {
  const vary = [res.getHeader('vary') ?? []].flat().join(', ');
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) return;
  res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

/** writeHead's headers, in any of the shapes Node takes, applied as setHeader would. */
function setHeaders(res: http.ServerResponse, headers: unknown): void {
  if (!headers) return;
  if (Array.isArray(headers)) {
    const pairs: unknown[][] = Array.isArray(headers[0])
      ? (headers as unknown[][])
      : Array.from({ length: headers.length / 2 }, (_, i) => [headers[2 * i], headers[2 * i + 1]]);
    for (const [name, value] of pairs) res.appendHeader(String(name), value as string);
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value !== undefined) res.setHeader(name, value as string | number | readonly string[]);
  }
}
