import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The pollcast process exactly as `npm start` runs it (server.ts on the .next build, pages
 * included), for tests that reach it the way users and attackers do: raw HTTP, WebSocket,
 * signals. Embedded by default on a fresh data directory; DATABASE_URL / REDIS_URL in `env`
 * make it a services-mode instance.
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The voter cookie secret of test servers that need one set (services mode). */
export const TEST_COOKIE_SECRET = 'pollcast-tests-voter-cookie-secret-0123456789';

export type PollcastProcess = {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Everything it printed so far. */
  output(): string;
  /** Sends a signal and waits for the process to end; resolves its exit code. */
  signal(name: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s; removes the data directory unless `keepData`. */
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type StartOptions = {
  env?: Record<string, string>;
  /** Reuse a data directory (a restart); by default a fresh one is made. */
  dataDir?: string;
  keepData?: boolean;
  /** Listen on this port (a restart where clients reconnect to the same address); by default a free one. */
  port?: number;
  /**
   * Runs it under this open-file limit, as a host with a low `ulimit -n` would: one number sets
   * both the soft and the hard limit, `soft:hard` each.
   */
  openFiles?: number | `${number}:${number}`;
};

/** Thrown when the process ended before it was ready: its exit code and all it printed. */
export class PollcastExited extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`pollcast exited before it was ready:\n${output}`);
  }
}

/** Starts server.ts in its own process; resolves once /api/health answers 200, rejects with PollcastExited if it ends first. */
export async function startPollcastProcess(options: StartOptions = {}): Promise<PollcastProcess> {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('the pages are not built: run `npx next build` first (npm test does)');
  }
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-process-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TRUST_PROXY: '',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    REDIS_URL: '',
    // Services mode requires one; embedded mode keeps its own in DATA_DIR, as under `npm start`.
    COOKIE_SECRET: options.env?.DATABASE_URL ? TEST_COOKIE_SECRET : '',
    ...options.env,
  };
  // One process, so a signal reaches the server itself and not a launcher in front of it.
  const command = [process.execPath, '--import', 'tsx', 'server.ts'];
  // prlimit sets the limit and then becomes the server (exec): the pid and signals stay the server's.
  if (options.openFiles) command.unshift('prlimit', `--nofile=${options.openFiles}`, '--');
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepData && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new PollcastExited(child.exitCode, output);
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, port, pid: child.pid as number, dataDir, output: () => output, signal, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`pollcast did not become healthy in time:\n${output}`);
}

export type RawReply = { status: number; headers: Record<string, string | string[] | undefined>; body: any };

/**
 * One HTTP/1.1 request on its own connection, with the path sent exactly as written (fetch would normalise `/./api` and
 * `/x/../api` before sending, hiding the spellings an attacker uses).
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  rawPath: string,
  options: { json?: unknown; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  const body = options.json === undefined ? options.body : JSON.stringify(options.json);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    // `from` picks the client's own loopback address (127.0.0.2 is another client than 127.0.0.1).
    const socket = net.connect({ port: Number(port), host: hostname, localAddress: options.from });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('close', () => {
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const parsed: RawReply['headers'] = {};
      for (const line of headerLines) {
        const at = line.indexOf(':');
        parsed[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let content: Buffer = all.subarray(headEnd + 4);
      if (parsed['transfer-encoding'] === 'chunked') content = unchunk(content);
      const text = content.toString('utf8');
      let value: unknown = text;
      try {
        value = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: the test sees the text */
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: value });
    });
    const lines = [`${method} ${rawPath} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
  });
}

function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
