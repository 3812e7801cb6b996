import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptedEncodings, compressingPages } from './page-compression';
import type { PageHandler } from './routing';

/**
 * The compression in front of Next, over real HTTP: a stand-in for Next's handler writes the way
 * Next does (flushHeaders, then chunks; or writeHead and end, as its static files do), and a raw
 * client reads the bytes exactly as they came.
 */

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

const PAGE = Buffer.from(`<!DOCTYPE html><html><body>${'<p>Which editor do you use?</p>'.repeat(200)}</body></html>`);
const SCRIPT = Buffer.from(`self.chunk=${JSON.stringify('x'.repeat(4000))};`.repeat(20));
const SCRIPT_HEADERS = {
  'content-type': 'application/javascript; charset=UTF-8',
  'cache-control': 'public, max-age=31536000, immutable',
  etag: 'W/"abc-1"',
  'last-modified': 'Sun, 06 Dec 2026 04:03:47 GMT',
  'accept-ranges': 'bytes',
};

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

type Seen = { acceptEncoding: (string | undefined)[]; calls: number };

/** Serves `pages` behind compressingPages; `seen` records what the stand-in for Next received. */
async function serve(next: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>) {
  const seen: Seen = { acceptEncoding: [], calls: 0 };
  const pages: PageHandler = {
    handle: (req, res) => {
      seen.calls += 1;
      seen.acceptEncoding.push(req.headers['accept-encoding']);
      return next(req, res);
    },
  };
  const compressing = compressingPages(pages);
  const server = http.createServer((req, res) => void compressing.handle(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, seen, port };
}

/** Like Next's page render: head flushed first, then the document in a few chunks. */
function streamPage(res: http.ServerResponse, body = PAGE, status = 200) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.flushHeaders();
  const third = Math.ceil(body.length / 3);
  res.write(body.subarray(0, third));
  res.write(body.subarray(third, 2 * third).toString('latin1'), 'latin1');
  res.end(body.subarray(2 * third));
}

/** Like Next's build files: writeHead with its headers, then the bytes. */
function sendScript(res: http.ServerResponse) {
  res.writeHead(200, { ...SCRIPT_HEADERS, 'content-length': String(SCRIPT.length) });
  res.end(SCRIPT);
}

const decoded = (reply: Reply) =>
  reply.headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(reply.body)
    : reply.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(reply.body)
      : reply.body;

describe('acceptedEncodings', () => {
  it('reads what browsers and odd clients send', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual({ gzip: true, br: true });
    expect(acceptedEncodings('GZIP')).toEqual({ gzip: true, br: false });
    expect(acceptedEncodings('br;q=1.0, gzip;q=0')).toEqual({ gzip: false, br: true });
    expect(acceptedEncodings('*')).toEqual({ gzip: true, br: true });
    expect(acceptedEncodings('*;q=0.5, br;q=0')).toEqual({ gzip: true, br: false });
    expect(acceptedEncodings('identity')).toEqual({ gzip: false, br: false });
    expect(acceptedEncodings('gzip;q=abc')).toEqual({ gzip: false, br: false });
    expect(acceptedEncodings('x-gzip')).toEqual({ gzip: true, br: false });
    expect(acceptedEncodings(['gzip', 'br'])).toEqual({ gzip: true, br: true });
    expect(acceptedEncodings(undefined)).toEqual({ gzip: false, br: false });
    expect(acceptedEncodings(' , ;q=1')).toEqual({ gzip: false, br: false });
  });
});

describe('compressingPages', () => {
  it('sends a streamed page gzipped in one piece, with its length, and Next never sees the header', async () => {
    const { get, seen } = await serve((_req, res) => streamPage(res));
    const reply = await get('/polls/new', { 'accept-encoding': 'gzip, deflate, br' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-length']).toBe(String(reply.body.length));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
    expect(reply.body.length).toBeLessThan(PAGE.length / 4);
    expect(decoded(reply).equals(PAGE)).toBe(true);
    expect(seen.acceptEncoding).toEqual([undefined]);
  });

  it('sends Brotli to a client that takes only Brotli, and the page as it is to one that takes neither', async () => {
    const { get } = await serve((_req, res) => streamPage(res));
    const br = await get('/', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(decoded(br).equals(PAGE)).toBe(true);
    const takesNeither: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'gzip;q=0, br;q=0' },
    ];
    for (const headers of takesNeither) {
      const plain = await get('/', headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(plain.body.equals(PAGE)).toBe(true);
    }
  });

  it('keeps the status, headers and a 404 page, and answers HEAD without a body', async () => {
    const { get } = await serve((_req, res) => {
      res.setHeader('vary', 'rsc, next-router-state-tree');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('etag', '"strong"');
      streamPage(res, PAGE, 404);
    });
    const reply = await get('/nope', { 'accept-encoding': 'gzip' });
    expect(reply.status).toBe(404);
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(reply.headers.vary).toBe('rsc, next-router-state-tree, Accept-Encoding');
    // One representation of many: a strong validator would claim the bytes of every encoding are equal.
    expect(reply.headers.etag).toBe('W/"strong"');
    expect(decoded(reply).equals(PAGE)).toBe(true);
    const head = await get('/nope', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.body.length).toBe(0);
  });

  it('leaves alone what is small, already encoded, not text, partial, unchanged or marked no-transform', async () => {
    const cases: [string, (res: http.ServerResponse) => void][] = [
      ['/small', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>')],
      ['/image', (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PAGE)],
      ['/encoded', (res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(PAGE)],
      [
        '/partial',
        (res) => res.writeHead(206, { 'content-type': 'text/html', 'content-range': 'bytes 0-9/99' }).end(PAGE),
      ],
      [
        '/untouched',
        (res) => res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-transform' }).end(PAGE),
      ],
    ];
    const { get } = await serve((req, res) => cases.find(([path]) => path === req.url)![1](res));
    for (const [path] of cases) {
      const reply = await get(path, { 'accept-encoding': 'gzip, br' });
      expect(reply.headers['content-encoding'] ?? 'none', path).toBe(path === '/encoded' ? 'gzip' : 'none');
      expect(reply.body.equals(path === '/small' ? Buffer.from('<p>hi</p>') : PAGE), path).toBe(true);
    }
    const unchanged = await serve((_req, res) => void res.writeHead(304, { etag: '"x"' }).end());
    expect((await unchanged.get('/', { 'accept-encoding': 'gzip' })).status).toBe(304);
  });

  it('passes an event stream through as it is written', async () => {
    let readFirst = () => {};
    const clientRead = new Promise<void>((resolve) => (readFirst = resolve));
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${'x'.repeat(2000)}\n\n`);
      // Ends only once the client has the first event, which it never would if it were held.
      void clientRead.then(() => res.end('data: bye\n\n'));
    });
    const first = await new Promise<{ encoding: string | undefined; data: string } | 'held'>((resolve, reject) => {
      const timer = setTimeout(() => resolve('held'), 2000);
      http
        .get({ host: '127.0.0.1', port, path: '/live', headers: { 'accept-encoding': 'gzip' } }, (res) => {
          res.once('data', (chunk: Buffer) => {
            clearTimeout(timer);
            resolve({ encoding: res.headers['content-encoding'], data: chunk.toString() });
            readFirst();
            res.resume();
          });
        })
        .on('error', reject);
    });
    readFirst();
    expect(first).toEqual({ encoding: undefined, data: `data: ${'x'.repeat(2000)}\n\n` });
  });

  it('sends a body too large to hold as it is, whole', async () => {
    const large = Buffer.alloc(9 * 1024 * 1024, 'pollcast ');
    const { get } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let at = 0; at < large.length; at += 1024 * 1024) res.write(large.subarray(at, at + 1024 * 1024));
      res.end();
    });
    const reply = await get('/large', { 'accept-encoding': 'gzip' });
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.body.equals(large)).toBe(true);
  });

  it('compresses a build file once and serves it from memory after, in Brotli once made', async () => {
    const { get, seen } = await serve((_req, res) => sendScript(res));
    const path = '/_next/static/chunks/app.js';
    const first = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(decoded(first).equals(SCRIPT)).toBe(true);

    let later = first;
    for (let i = 0; i < 200 && later.headers['content-encoding'] !== 'br'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      later = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    }
    expect(later.headers['content-encoding']).toBe('br');
    expect(decoded(later).equals(SCRIPT)).toBe(true);
    expect(later.body.length).toBeLessThan(first.body.length);
    for (const [name, value] of Object.entries(SCRIPT_HEADERS)) expect(later.headers[name], name).toBe(value);
    expect(later.headers.vary).toBe('Accept-Encoding');
    expect(later.headers['content-length']).toBe(String(later.body.length));

    const gzipOnly = await get(path, { 'accept-encoding': 'gzip' });
    expect(gzipOnly.body.equals(first.body)).toBe(true);
    expect(seen.calls).toBe(1);

    // Ranges, revalidation and clients that take no encoding still go to Next.
    await get(path, { 'accept-encoding': 'gzip', range: 'bytes=0-9' });
    await get(path, { 'accept-encoding': 'gzip', 'if-none-match': 'W/"abc-1"' });
    const plain = await get(path);
    expect(plain.body.equals(SCRIPT)).toBe(true);
    expect(seen.calls).toBe(4);
  });

  it('compresses a build file once for all who ask for it at the same time', async () => {
    const gzip = vi.spyOn(zlib, 'gzip');
    try {
      const { get, seen } = await serve((_req, res) => sendScript(res));
      const replies = await Promise.all(
        Array.from({ length: 12 }, () => get('/_next/static/chunks/first.js', { 'accept-encoding': 'gzip' })),
      );
      for (const reply of replies) expect(decoded(reply).equals(SCRIPT)).toBe(true);
      expect(seen.calls).toBeGreaterThan(1);
      expect(gzip).toHaveBeenCalledTimes(1);
    } finally {
      gzip.mockRestore();
    }
  });

  it('keeps no file whose content may change (not immutable), and only the plain spelling of a path', async () => {
    const { get, seen } = await serve((req, res) => {
      if (req.url === '/_next/static/dev.js') {
        res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'no-store' });
        return void res.end(SCRIPT);
      }
      sendScript(res);
    });
    // Each other spelling would otherwise be a new entry, compressed again: a way to make the server work.
    const spellings = [
      '/_next/static/chunks/app.js?v=1',
      '/_next/static//chunks/app.js',
      '/_next/static/./chunks/app.js',
      '/_next/static/%63hunks/app.js',
    ];
    for (const path of ['/_next/static/dev.js', '/app.js', ...spellings]) {
      for (let i = 0; i < 2; i += 1) {
        const reply = await get(path, { 'accept-encoding': 'gzip' });
        expect(reply.headers['content-encoding'], path).toBe('gzip');
        expect(decoded(reply).equals(SCRIPT), path).toBe(true);
      }
    }
    expect(seen.calls).toBe(12);
  });
});
