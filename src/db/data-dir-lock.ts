import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * One pollcast per embedded data directory: PGlite is one process's database, and a second process
 * on the same files corrupts them. A PID alone can't prove anything: after a crash in a container
 * the next pollcast often gets the very same PID, or the PID now names some unrelated process.
 * So the lock is a file that its pollcast keeps open for its whole life, and a holder only counts
 * while it still has that very file (same device and inode) open.
 *
 * - Every opener writes a claim under a name of its own, `pollcast.<pid>-<random>.pid`, holding it
 *   open from before it becomes visible, and then looks at every other claim in the directory. It
 *   refuses if one belongs to a live holder and deletes those that don't. One shared lock name
 *   would need "replace it only if it is still the dead one", which no file system call does:
 *   with rename-over-then-check, two openers that both saw the same dead lock can both find their
 *   own file in place when they check, one after the other. A unique name is never reused, so
 *   deleting a dead claim can't hit a live one, and of two openers the later one to publish always
 *   sees the earlier.
 * - Live, on Linux, means the process named in the claim has the claim's inode among
 *   /proc/<pid>/fd. That covers our own PID too: a claim with our PID that we don't hold open is
 *   left over from an earlier process.
 * - A PID means nothing outside its PID namespace, so a claim records the namespace and boot it
 *   was made in. A claim from elsewhere (another container on the same volume, another boot, a
 *   system without /proc) is judged by its modification time instead: every holder renews its
 *   claim every HEARTBEAT_MS from a worker thread, which keeps ticking while PGlite keeps the main
 *   thread busy. Such a claim counts as live if its time moves while we watch it, for at most
 *   STALE_AFTER_MS after its last renewal. That blocks start-up for up to STALE_AFTER_MS after a
 *   crash instead of failing, and it refuses a rolling deploy's second container, which a PID
 *   check inside the new container would let in. Without /proc, a claim whose PID no longer exists
 *   is dead straight away.
 * - Claims held in this thread are also in `heldHere`, so a second open in this process is refused
 *   even where there is no /proc.
 *
 * Not covered: two openers that publish at the same moment both refuse (safe, and either works on
 * a retry); a holder frozen (SIGSTOP, a paused container) for longer than STALE_AFTER_MS while a
 * process in another namespace starts is taken for dead; hosts sharing a network file system need
 * clocks that agree to within a few seconds. `pollcast.pid` files from earlier versions were never
 * held open, so they prove nothing and are removed.
 */

const HEARTBEAT_MS = 2_000;
const STALE_AFTER_MS = 10_000;
const WATCH_STEP_MS = 200;
const CLAIM = /^pollcast\.(\d+)-[0-9a-f]+\.pid$/;
const PENDING = /^\.pollcast\.\d+-[0-9a-f]+\.tmp$/;
const LEGACY_LOCK = 'pollcast.pid';

type Origin = { pidns: string; boot: string };
type Claim = {
  file: string;
  /** `dev:ino`: what a holder's open file must match. */
  key: string;
  mtimeNs: bigint;
  pid?: number;
  started?: string;
  pidns?: string;
  boot?: string;
};
type Verdict = 'this process' | 'open elsewhere' | 'renewed';

/** Another process (or this one) holds the data directory: its message says who and what to do. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** `dev:ino` of the claims this thread holds. */
const heldHere = new Set<string>();

/** Takes the data directory or throws; the result releases it (and may be called more than once). */
export function lockDataDir(dataDir: string): () => void {
  const origin = currentOrigin();
  const id = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const pending = path.join(dataDir, `.pollcast.${id}.tmp`);
  const file = path.join(dataDir, `pollcast.${id}.pid`);
  const fd = fs.openSync(pending, 'wx', 0o644);
  let key: string | undefined;
  let stopHeartbeat: (() => void) | undefined;
  const undo = () => {
    stopHeartbeat?.();
    if (key) heldHere.delete(key);
    // Nobody else ever creates these names, so whatever is there is ours.
    fs.rmSync(file, { force: true });
    fs.rmSync(pending, { force: true });
    fs.closeSync(fd);
  };
  try {
    fs.writeSync(fd, describe(origin));
    fs.renameSync(pending, file);
    key = keyOf(fs.fstatSync(fd, { bigint: true }));
    heldHere.add(key);
    // From the moment the claim is visible: others judging it from another namespace need its renewals.
    stopHeartbeat = startHeartbeat(file);
    const holder = findLiveHolder(dataDir, key, origin);
    if (holder) throw refusal(dataDir, holder.claim, holder.verdict, origin);
    if (readKey(file) !== key) throw new Error(`could not lock DATA_DIR ${dataDir}: its lock file was removed`);
    fs.rmSync(path.join(dataDir, LEGACY_LOCK), { force: true });
  } catch (error) {
    undo();
    throw error;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    undo();
  };
}

function findLiveHolder(dataDir: string, ownKey: string, origin: Origin | null) {
  for (const name of fs.readdirSync(dataDir)) {
    const file = path.join(dataDir, name);
    if (PENDING.test(name)) {
      // Its opener renames it within moments; this one's opener died (or hung) half way.
      const stat = statOrUndefined(file);
      if (stat && Date.now() - Number(stat.mtimeMs) > STALE_AFTER_MS) fs.rmSync(file, { force: true });
      continue;
    }
    const match = CLAIM.exec(name);
    if (!match) continue;
    const claim = readClaim(file, Number(match[1]));
    if (!claim || claim.key === ownKey) continue;
    const verdict = judge(claim, origin);
    if (verdict) return { claim, verdict };
    fs.rmSync(file, { force: true });
  }
  return undefined;
}

/** Why the claim's holder is alive, or undefined when it is not. */
function judge(claim: Claim, origin: Origin | null): Verdict | undefined {
  if (heldHere.has(claim.key)) return 'this process';
  const { pid } = claim;
  if (pid && origin && claim.pidns === origin.pidns && claim.boot === origin.boot) {
    const open = hasOpen(pid, claim.key);
    if (open) return pid === process.pid ? 'this process' : 'open elsewhere';
    if (open === false) return undefined;
  } else if (pid && !origin && !claim.pidns && !processExists(pid)) {
    return undefined;
  }
  return renewedWhileWatched(claim) ? 'renewed' : undefined;
}

/** Whether process `pid` has the file `key` open; undefined when its descriptors can't be read. */
function hasOpen(pid: number, key: string): boolean | undefined {
  const dir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = fs.readdirSync(dir);
  } catch {
    // Gone, or hidden from us (another user, hidepid): only the first one settles it.
    return processExists(pid) ? undefined : false;
  }
  for (const fd of fds) {
    try {
      if (keyOf(fs.statSync(`${dir}/${fd}`, { bigint: true })) === key) return true;
    } catch {
      // Closed while we looked, or not something stat can follow.
    }
  }
  return false;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Watches a claim until it is renewed (live) or STALE_AFTER_MS have passed since it last was. */
function renewedWhileWatched(claim: Claim): boolean {
  const sinceRenewal = Date.now() - Number(claim.mtimeNs / 1_000_000n);
  // A time ahead of our clock (another host's) still gets a full window to move.
  const deadline = Date.now() + Math.min(STALE_AFTER_MS, Math.max(0, STALE_AFTER_MS - sinceRenewal));
  while (Date.now() < deadline) {
    sleep(Math.min(WATCH_STEP_MS, deadline - Date.now()));
    const stat = statOrUndefined(claim.file);
    if (!stat) return false;
    if (stat.mtimeNs !== claim.mtimeNs) return true;
  }
  return false;
}

function refusal(dataDir: string, claim: Claim, verdict: Verdict, origin: Origin | null): Error {
  if (verdict === 'this process') return new DataDirInUseError(`DATA_DIR ${dataDir} is already open in this process`);
  const who = claim.pid ? `process ${claim.pid}` : 'another process';
  const since = claim.started ? ` since ${claim.started}` : '';
  const elsewhere =
    verdict === 'renewed' && origin && (claim.pidns !== origin.pidns || claim.boot !== origin.boot)
      ? ' in another container or on another host'
      : '';
  return new DataDirInUseError(
    `DATA_DIR ${dataDir} is in use by ${who}${elsewhere}${since} (lock file ${claim.file}); stop it or choose another DATA_DIR`,
  );
}

function startHeartbeat(file: string): () => void {
  // Plain JavaScript: the worker loads no TypeScript. Errors are swallowed there: a claim that is
  // gone has no one left to tell.
  const source = `
    const { workerData } = require('node:worker_threads');
    const fs = require('node:fs');
    setInterval(() => {
      const now = new Date();
      try { fs.utimesSync(workerData.file, now, now); } catch {}
    }, workerData.everyMs);
  `;
  const worker = new Worker(source, { eval: true, workerData: { file, everyMs: HEARTBEAT_MS } });
  worker.on('error', () => undefined);
  worker.unref();
  return () => void worker.terminate();
}

function describe(origin: Origin | null): string {
  const lines = [
    '# pollcast keeps this file open while it uses this data directory. Left by a process that has',
    '# died, it proves nothing: the next pollcast to start removes it.',
    `pid ${process.pid}`,
    `started ${new Date().toISOString()}`,
    `host ${os.hostname()}`,
  ];
  if (origin) lines.push(`pidns ${origin.pidns}`, `boot ${origin.boot}`);
  return `${lines.join('\n')}\n`;
}

function readClaim(file: string, pidInName: number): Claim | undefined {
  let text: string;
  let stat: fs.BigIntStats;
  try {
    stat = fs.statSync(file, { bigint: true });
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\w+) (.+)$/.exec(line.trim());
    if (match) fields.set(match[1]!, match[2]!);
  }
  const pid = Number(fields.get('pid') ?? pidInName);
  return {
    file,
    key: keyOf(stat),
    mtimeNs: stat.mtimeNs,
    pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined,
    started: fields.get('started'),
    pidns: fields.get('pidns'),
    boot: fields.get('boot'),
  };
}

let origin: Origin | null | undefined;

/** Where PIDs written by this process mean something; null without /proc (macOS). */
function currentOrigin(): Origin | null {
  if (origin === undefined) {
    try {
      origin = {
        pidns: fs.readlinkSync('/proc/self/ns/pid'),
        boot: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
      };
    } catch {
      origin = null;
    }
  }
  return origin;
}

function keyOf(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

function readKey(file: string): string | undefined {
  const stat = statOrUndefined(file);
  return stat && keyOf(stat);
}

function statOrUndefined(file: string): fs.BigIntStats | undefined {
  try {
    return fs.statSync(file, { bigint: true });
  } catch {
    return undefined;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Start-up only, and bounded by STALE_AFTER_MS: keeps lockDataDir synchronous for its callers. */
function sleep(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}
