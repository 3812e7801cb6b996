import type http from 'node:http';
import zlib from 'node:zlib';

/**
 * A build's files, compressed once per process and answered from memory (decision 0018): gzip at
 * its smallest for the first answer, Brotli at its best made after, one file at a time. Bounded
 * in bytes, the oldest going first.
 */

/** Which encodings a client takes (acceptedEncodings in page-compression.ts). */
export type Accepted = { gzip: boolean; br: boolean };

/** The headers of a build file replayed from the cache; the rest come from routing, per request. */
const KEPT_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'accept-ranges'] as const;

export type KeptFile = { headers: [string, string][]; gzip: Buffer; br?: Buffer; bytes: number };

export class KeptFiles {
  private readonly files = new Map<string, KeptFile>();
  private readonly making = new Map<string, Promise<KeptFile | undefined>>();
  private bytes = 0;
  /** One Brotli at a time, so the rest of libuv's threads stay free for files and the database. */
  private brotliQueue = Promise.resolve();

  constructor(private readonly limit: number) {}

  get(url: string): KeptFile | undefined {
    return this.files.get(url);
  }

  /**
   * A build file's compressed forms, made once however many ask at the same time (the first
   * visitors after a start all want the same scripts), from Next's first answer (`res`, `raw`);
   * `undefined` if zlib failed.
   */
  make(url: string, res: http.ServerResponse, raw: Buffer): Promise<KeptFile | undefined> {
    const made = this.files.get(url);
    if (made) return Promise.resolve(made);
    let making = this.making.get(url);
    if (!making) {
      const headers = keptHeaders(res);
      making = new Promise((resolve) => {
        zlib.gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }, (error, gzip) => {
          this.making.delete(url);
          if (error) return resolve(undefined);
          const file: KeptFile = { headers, gzip, bytes: gzip.length };
          if (this.keep(url, file)) this.addBrotli(url, file, raw);
          resolve(file);
        });
      });
      this.making.set(url, making);
    }
    return making;
  }

  /** Whether the file was kept (not when it already was, or would not fit). */
  private keep(url: string, file: KeptFile): boolean {
    if (this.files.has(url) || file.bytes > this.limit) return false;
    this.files.set(url, file);
    this.bytes += file.bytes;
    for (const [oldest, old] of this.files) {
      if (this.bytes <= this.limit) break;
      this.files.delete(oldest);
      this.bytes -= old.bytes;
    }
    return true;
  }

  /** Brotli at its smallest takes a while: made once in the background, then served to those who take it. */
  private addBrotli(url: string, file: KeptFile, raw: Buffer): void {
    const add = (resolve: () => void) =>
      zlib.brotliCompress(raw, brotliOptions(raw.length), (error, br) => {
        resolve();
        if (error || this.files.get(url) !== file) return;
        file.br = br;
        file.bytes += br.length;
        this.bytes += br.length;
      });
    this.brotliQueue = this.brotliQueue.then(() => new Promise(add));
  }
}

function keptHeaders(res: http.ServerResponse): [string, string][] {
  const headers: [string, string][] = [];
  for (const name of KEPT_HEADERS) {
    const value = res.getHeader(name);
    if (typeof value === 'string') headers.push([name, value]);
  }
  return headers;
}

function brotliOptions(size: number): zlib.BrotliOptions {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

/** Whether the kept file went, in an encoding the client takes (Brotli once made, else gzip). */
export function sendKept(res: http.ServerResponse, file: KeptFile, accepted: Accepted): boolean {
  const encoding = accepted.br && file.br ? 'br' : accepted.gzip ? 'gzip' : undefined;
  if (!encoding) return false;
  const body = encoding === 'br' ? file.br! : file.gzip;
  for (const [name, value] of file.headers) res.setHeader(name, value);
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', body.length);
  res.writeHead(200);
  res.end(body);
  return true;
}
