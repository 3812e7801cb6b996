import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { lockDataDir } from './data-dir-lock';

const MODULE_URL = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'data-dir-lock.ts')).href;
const hasProc = fs.existsSync('/proc/self/ns/pid');
/** Where a PID in a claim means the same process as here: what a pollcast on this machine writes. */
const here = hasProc
  ? {
      pidns: fs.readlinkSync('/proc/self/ns/pid'),
      boot: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    }
  : undefined;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-lock-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function held(release: () => void): () => void {
  cleanups.push(release);
  return release;
}

/** A claim as a pollcast with this pid would have left it, without anyone holding it open. */
function leaveClaim(dir: string, pid: number, origin = here, renewedMsAgo = 0): string {
  const file = path.join(dir, `pollcast.${pid}-${crypto.randomBytes(6).toString('hex')}.pid`);
  const lines = [`pid ${pid}`, `started ${new Date().toISOString()}`, `host ${os.hostname()}`];
  if (origin) lines.push(`pidns ${origin.pidns}`, `boot ${origin.boot}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const renewed = new Date(Date.now() - renewedMsAgo);
  fs.utimesSync(file, renewed, renewed);
  return file;
}

function claims(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith('pollcast.'));
}

function track(child: ChildProcess): ChildProcess {
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  return child;
}

function sleepingProcess(): ChildProcess {
  return track(spawn('sleep', ['30'], { stdio: 'ignore' }));
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

/** Another node process that locks `dir` with this module and reports `locked` or `refused: …`. */
function otherPollcast(dir: string, stayAfterLocking: boolean): { child: ChildProcess; firstLine: Promise<string> } {
  const script = `
    const { lockDataDir } = await import(process.env.LOCK_MODULE);
    try {
      lockDataDir(process.env.LOCK_DIR);
      console.log('locked');
    } catch (error) {
      console.log('refused: ' + error.message);
      process.exit(0);
    }
    if (process.env.STAY) setInterval(() => undefined, 1000);
  `;
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, LOCK_MODULE: MODULE_URL, LOCK_DIR: dir, ...(stayAfterLocking ? { STAY: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`the other process exited (${code}) saying ${JSON.stringify(out)}`)));
  });
  return { child, firstLine };
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

describe('the data directory lock', () => {
  it('takes over a claim whose pid now belongs to an unrelated live process', () => {
    const dir = tempDir();
    const unrelated = sleepingProcess();
    const stale = leaveClaim(dir, unrelated.pid!);
    const { ms } = timed(() => held(lockDataDir(dir)));
    expect(fs.existsSync(stale)).toBe(false);
    // Decided from /proc at once, not by waiting for the claim to go stale.
    if (hasProc) expect(ms).toBeLessThan(1_000);
  });

  it('takes over a claim with our own pid that an earlier process left', () => {
    const dir = tempDir();
    const stale = leaveClaim(dir, process.pid);
    const { ms } = timed(() => held(lockDataDir(dir)));
    expect(fs.existsSync(stale)).toBe(false);
    if (hasProc) expect(ms).toBeLessThan(1_000);
  });

  it('takes over a claim whose process is gone', async () => {
    const dir = tempDir();
    const stale = leaveClaim(dir, await deadPid());
    held(lockDataDir(dir));
    expect(fs.existsSync(stale)).toBe(false);
  });

  it('ignores and removes the pollcast.pid of earlier versions, live pid or not', () => {
    for (const pid of [sleepingProcess().pid!, process.pid]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'pollcast.pid'), String(pid));
      held(lockDataDir(dir));
      expect(fs.existsSync(path.join(dir, 'pollcast.pid'))).toBe(false);
    }
  });

  it('refuses a second lock in the same process, naming the directory, and allows one after release', () => {
    const dir = tempDir();
    const release = held(lockDataDir(dir));
    expect(() => lockDataDir(dir)).toThrow(`DATA_DIR ${dir} is already open in this process`);
    expect(claims(dir)).toHaveLength(1);
    release();
    release();
    expect(claims(dir)).toHaveLength(0);
    held(lockDataDir(dir));
    expect(claims(dir)).toHaveLength(1);
  });

  it('keeps a human-readable claim naming its process and start', () => {
    const dir = tempDir();
    held(lockDataDir(dir));
    const [name] = claims(dir);
    expect(name).toMatch(new RegExp(`^pollcast\\.${process.pid}-[0-9a-f]+\\.pid$`));
    const text = fs.readFileSync(path.join(dir, name!), 'utf8');
    expect(text).toContain(`pid ${process.pid}\n`);
    expect(text).toMatch(/^started \d{4}-\d\d-\d\dT/m);
  });

  it('refuses another process while this one holds the directory', async () => {
    const dir = tempDir();
    held(lockDataDir(dir));
    const other = otherPollcast(dir, false);
    expect(await other.firstLine).toContain(`refused: DATA_DIR ${dir} is in use by process ${process.pid} `);
  });

  it('is refused while another process holds it, and takes over once that process is SIGKILLed', async () => {
    const dir = tempDir();
    const other = otherPollcast(dir, true);
    expect(await other.firstLine).toBe('locked');
    expect(() => lockDataDir(dir)).toThrow(`DATA_DIR ${dir} is in use by process ${other.child.pid} `);
    other.child.kill('SIGKILL');
    await once(other.child, 'exit');
    const { ms } = timed(() => held(lockDataDir(dir)));
    expect(claims(dir)).toHaveLength(1);
    if (hasProc) expect(ms).toBeLessThan(1_000);
  });

  it('renews its claim from a worker thread, even while the main thread is busy', () => {
    const dir = tempDir();
    held(lockDataDir(dir));
    const file = path.join(dir, claims(dir)[0]!);
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(file, longAgo, longAgo);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_500);
    expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(3_000);
  });

  describe('with a claim from another container or host, where its pid cannot be checked', () => {
    const elsewhere = { pidns: 'pid:[4026530000]', boot: 'a-boot-of-another-machine' };

    it('is refused while the claim keeps being renewed', () => {
      const dir = tempDir();
      const claim = leaveClaim(dir, 1, elsewhere);
      const renewer = `setInterval(() => { const t = new Date(); require('fs').utimesSync(process.env.CLAIM, t, t); }, 300);`;
      track(spawn(process.execPath, ['-e', renewer], { env: { ...process.env, CLAIM: claim }, stdio: 'ignore' }));
      const start = performance.now();
      expect(() => lockDataDir(dir)).toThrow(
        `DATA_DIR ${dir} is in use by process 1 in another container or on another host`,
      );
      expect(performance.now() - start).toBeLessThan(5_000);
      expect(fs.existsSync(claim)).toBe(true);
    });

    it('waits for a claim that stopped being renewed to go stale, then takes it', () => {
      const dir = tempDir();
      const claim = leaveClaim(dir, 1, elsewhere, 9_000);
      const { ms } = timed(() => held(lockDataDir(dir)));
      expect(ms).toBeGreaterThan(500);
      expect(fs.existsSync(claim)).toBe(false);
    });

    it('takes a claim renewed longer ago than the stale limit at once', () => {
      const dir = tempDir();
      const claim = leaveClaim(dir, 1, elsewhere, 60_000);
      const { ms } = timed(() => held(lockDataDir(dir)));
      expect(ms).toBeLessThan(1_000);
      expect(fs.existsSync(claim)).toBe(false);
    });
  });
});

describe('the embedded database with lock files left behind', () => {
  it('opens when the leftovers name a dead process and an unrelated live one', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'pollcast.pid'), String(sleepingProcess().pid));
    leaveClaim(dir, await deadPid());
    leaveClaim(dir, sleepingProcess().pid!);
    const database = await openDatabase({ dataDir: dir, poolSize: 1 });
    try {
      await database.ping();
      expect(claims(dir)).toHaveLength(1);
      await expect(openDatabase({ dataDir: dir, poolSize: 1 })).rejects.toThrow(/already open/);
    } finally {
      await database.close();
    }
    expect(claims(dir)).toHaveLength(0);
  });
});
