import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Every process the bench starts: each in its own process group (so a server's children die
 * with it), optionally pinned to one CPU, its output kept in a log file for post-mortems.
 */

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** `node --import tsx` runs TypeScript in ONE process (npx tsx would add a wrapper process). */
export const NODE_TS = [process.execPath, '--import', 'tsx'];

const running = new Set<ChildProcess>();
let logDir = '';

export function setLogDir(dir: string): void {
  logDir = dir;
  fs.mkdirSync(dir, { recursive: true });
}

export type StartOptions = {
  env?: Record<string, string>;
  /** The CPU to pin the process to with taskset; undefined leaves it free. */
  cpu?: number;
  /** 'pipe' keeps stdin/stdout for a worker protocol; otherwise both go to the log file. */
  stdio?: 'log' | 'pipe';
  /** The directory to run in: this checkout unless said (an A/B runs another checkout's server). */
  cwd?: string;
};

export type Started = { name: string; child: ChildProcess; pid: number; logFile: string };

export function startProcess(name: string, command: string[], options: StartOptions = {}): Started {
  const logFile = path.join(logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const [file, ...args] = options.cpu === undefined ? command : ['taskset', '-c', String(options.cpu), ...command];
  const child = spawn(file as string, args, {
    cwd: options.cwd ?? ROOT,
    detached: true,
    env: { ...process.env, ...options.env },
    stdio: options.stdio === 'pipe' ? ['pipe', 'pipe', log] : ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command.join(' ')})`);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { name, child, pid: child.pid, logFile };
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** SIGTERM to the whole group, SIGKILL after graceMs; resolves when the process is gone. */
export async function stopProcess(started: Started, graceMs = 5_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL');
}

/** The emergency brake: kills every group the bench started, synchronously. */
export function killAll(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* the group is already gone */
  }
}

/** Resident memory of one process in KB, from /proc/<pid>/status. */
export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** Waits until `url` answers with a status below 500, or fails with the log's tail. */
export async function waitForHttp(started: Started, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) break;
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${started.name} did not answer ${url} within ${timeoutMs} ms\n${logTail(started)}`);
}

export function logTail(started: Started, bytes = 2_000): string {
  try {
    const text = fs.readFileSync(started.logFile, 'utf8');
    return `--- last lines of ${started.logFile} ---\n${text.slice(-bytes)}`;
  } catch {
    return `(no log at ${started.logFile})`;
  }
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Milliseconds on a clock every process on this machine shares (for latencies measured across processes). */
export const now = (): number => performance.timeOrigin + performance.now();

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free TCP port: the OS picks one, we release it and hand the number to a server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
