import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Starts the real pollcast process (server.ts on the .next build) and Chromium for the browser tests. */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export type RunningPollcast = { url: string; output(): string; stop(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `npx tsx server.ts` in embedded mode on a fresh data directory; resolves once /api/health answers. */
export async function startPollcast(env: Record<string, string> = {}): Promise<RunningPollcast> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-e2e-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const child = spawn('npx', ['tsx', 'server.ts'], { cwd: ROOT, env: childEnv, detached: true, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pollcast exited before it was ready:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`pollcast did not become healthy in time:\n${output}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

let voterCounter = 0;
/** A distinct voter address; the server trusts X-Forwarded-For from loopback (TRUST_PROXY). */
export function nextVoterIp(): string {
  voterCounter++;
  return `10.9.${(process.pid + voterCounter) % 250}.${voterCounter % 250}`;
}

/** A browser profile that votes as its own address; fetch and EventSource requests carry it too. */
export function voterContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext & { ip: string }> {
  const ip = nextVoterIp();
  return browser
    .newContext({ ...options, extraHTTPHeaders: { 'x-forwarded-for': ip } })
    .then((context) => Object.assign(context, { ip }));
}

/** Console errors and uncaught exceptions seen on a page, such as CSP refusals or hydration failures. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export type CreatedPoll = { id: string; admin_token: string; options: { id: string; option_text: string }[] };

/** Creates a poll through the API, as a given voter address. */
export async function createPoll(
  baseUrl: string,
  body: { title: string; options: string[]; category?: string; description?: string; expires_at?: string },
  ip = nextVoterIp(),
): Promise<CreatedPoll> {
  const response = await fetch(`${baseUrl}/api/polls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`creating a poll failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedPoll;
}

export async function voteThroughApi(baseUrl: string, pollId: string, optionId: string, ip = nextVoterIp()) {
  const response = await fetch(`${baseUrl}/api/polls/${pollId}/vote`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ option_id: optionId }),
  });
  if (!response.ok) throw new Error(`voting failed: ${response.status} ${await response.text()}`);
}

export const browserAvailable = fs.existsSync(CHROMIUM_PATH);
