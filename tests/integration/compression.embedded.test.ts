import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * What a browser downloads from `npm start`'s process (decision 0018): pages compressed once each,
 * the build's scripts compressed once per process and served from memory, in Brotli when the
 * browser takes it, and the same bytes and headers whichever way they come.
 */

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, baseUrl), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const decoded = (reply: Reply): Buffer =>
  reply.headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(reply.body)
    : reply.headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(reply.body)
      : reply.body;

const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', 'accept-language': 'en' };
/** Headers that differ on every answer, or by encoding. */
const PER_ANSWER = [
  'date',
  'x-request-id',
  'set-cookie',
  'content-security-policy',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
];
const lasting = (headers: http.IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.includes(name)));

describe('compression on the assembled server', () => {
  let server: PollcastProcess;

  beforeAll(async () => {
    server = await startPollcastProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends pages gzipped whole, with their length, and as they are to a client that takes no encoding', async () => {
    const created = await fetch(`${server.url}/api/polls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Squeezed?', options: ['Yes', 'No'] }),
    });
    const poll = (await created.json()) as { id: string };
    for (const path of ['/', '/polls/new', `/polls/${poll.id}`, `/embed/${poll.id}`, '/no-such-page']) {
      const zipped = await get(server.url, path, BROWSER);
      expect(zipped.status, path).toBe(path === '/no-such-page' ? 404 : 200);
      expect(zipped.headers['content-encoding'], path).toBe('gzip');
      expect(zipped.headers['content-length'], path).toBe(String(zipped.body.length));
      expect(zipped.headers.vary, path).toMatch(/Accept-Encoding/);
      const html = decoded(zipped).toString('utf8');
      expect(html, path).toMatch(/^<!DOCTYPE html><html lang="en"/);
      expect(html, path).toContain('</html>');

      const plain = await get(server.url, path, { 'accept-language': 'en' });
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.headers.vary, path).toMatch(/Accept-Encoding/);
      expect(plain.body.toString('utf8'), path).toMatch(/^<!DOCTYPE html><html lang="en"/);
      if (path === `/polls/${poll.id}`) expect(html).toContain('Squeezed?');
    }
    // A client-side navigation's payload is compressed too (Next first sends it to its cache-busting address).
    const asked = await get(server.url, '/polls/new', { ...BROWSER, rsc: '1' });
    const rscPath = asked.status === 307 ? asked.headers.location! : '/polls/new';
    const rsc = await get(server.url, rscPath, { ...BROWSER, rsc: '1' });
    expect(rsc.status).toBe(200);
    expect(rsc.headers['content-type']).toMatch(/^text\/x-component/);
    expect(rsc.headers['content-encoding']).toBe('gzip');
    expect(decoded(rsc).toString('utf8')).toContain('PollForm');
  });

  it("serves a page's scripts from memory, in Brotli once made, with Next's headers and bytes", async () => {
    const html = decoded(await get(server.url, '/', BROWSER)).toString('utf8');
    const scripts = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(2);
    for (const script of scripts) {
      const plain = await get(server.url, script);
      expect(plain.status, script).toBe(200);
      expect(plain.headers['content-encoding'], script).toBeUndefined();
      expect(plain.headers['cache-control'], script).toBe('public, max-age=31536000, immutable');
      if (plain.body.length < 1024) {
        // Too small to be worth it: as it is, either way.
        expect((await get(server.url, script, BROWSER)).headers['content-encoding'], script).toBeUndefined();
        continue;
      }

      const first = await get(server.url, script, BROWSER);
      expect(first.headers['content-encoding'], script).toBe('gzip');
      expect(decoded(first).equals(plain.body), script).toBe(true);

      let kept = first;
      for (let tries = 0; tries < 100 && kept.headers['content-encoding'] !== 'br'; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        kept = await get(server.url, script, BROWSER);
      }
      expect(kept.headers['content-encoding'], script).toBe('br');
      expect(decoded(kept).equals(plain.body), script).toBe(true);
      expect(kept.body.length, script).toBeLessThan(first.body.length);
      expect(kept.headers['content-length'], script).toBe(String(kept.body.length));
      expect(lasting(kept.headers), script).toEqual(lasting(first.headers));
      // The page's security headers still come with it, per request.
      expect(kept.headers['content-security-policy'], script).toMatch(/^default-src 'self'/);
    }
  });

  it('answers a range of a script from Next, uncompressed', async () => {
    const html = decoded(await get(server.url, '/', BROWSER)).toString('utf8');
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)![1]!;
    const plain = await get(server.url, script);
    const range = await get(server.url, script, { ...BROWSER, range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.body.equals(plain.body.subarray(0, 100))).toBe(true);
  });
});
