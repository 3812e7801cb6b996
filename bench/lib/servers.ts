import fs from 'node:fs';
import path from 'node:path';
import { REDIS_URL } from './database';
import {
  exited,
  freePort,
  logTail,
  NODE_TS,
  ROOT,
  startProcess,
  stopProcess,
  waitForHttp,
  type Started,
} from './processes';
import type { Settings } from './settings';

/** The servers under test and the baselines, each a separate process on a free port. */

export type Server = { started: Started; pid: number; port: number; url: string; stop(): Promise<void> };

export type Store = { databaseUrl: string } | { dataDir: string };

/** pollcast's own server, API only unless `pages` (its built pages then), in services mode (a database URL) or embedded (a data dir); `env` adds settings. */
export async function startPollcast(
  name: string,
  settings: Settings,
  store: Store,
  env: Record<string, string> = {},
  root = ROOT,
  pages = false,
): Promise<Server> {
  const port = await freePort();
  // One directory per server: V8 writes a profile per thread (tsx's loader runs in its own).
  const profile = settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(settings.profileDir, name)}`] : [];
  const started = startProcess(name, [...NODE_TS, ...profile, 'server.ts', ...(pages ? [] : ['--api-only'])], {
    cpu: settings.cpus.server,
    env: { ...pollcastEnv(settings, store), ...env, PORT: String(port) },
    cwd: root,
  });
  return ready(started, port, '/api/health', 90_000);
}

/** The same API mounted in Next's catch-all route handler, served by `next start`. */
export async function startNextApi(name: string, settings: Settings, store: Store): Promise<Server> {
  const port = await freePort();
  const started = startProcess(
    name,
    [process.execPath, 'node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)],
    // wrk plays the hosting platform here: the address it writes is the one a platform would set.
    {
      cpu: settings.cpus.server,
      env: { ...pollcastEnv(settings, store), NEXT_API_CLIENT_IP_HEADER: 'x-forwarded-for' },
    },
  );
  return ready(started, port, '/api/health', 90_000);
}

export async function startHello(settings: Settings): Promise<Server> {
  const port = await freePort();
  const started = startProcess('hello', [...NODE_TS, 'bench/baselines/hello.ts', String(port)], {
    cpu: settings.cpus.server,
  });
  return ready(started, port, '/', 30_000);
}

/** bench/baselines/vote-reply.ts: votes answered from memory by Node alone, each after `waitMs`. */
export async function startVoteReply(settings: Settings, waitMs: number): Promise<Server> {
  const port = await freePort();
  const started = startProcess(
    'vote-reply',
    [...NODE_TS, 'bench/baselines/vote-reply.ts', String(port), String(waitMs)],
    {
      cpu: settings.cpus.server,
    },
  );
  return ready(started, port, '/', 30_000);
}

export async function startSseBroadcaster(settings: Settings): Promise<Server> {
  const port = await freePort();
  const started = startProcess(
    'sse-broadcaster',
    [...NODE_TS, 'bench/baselines/sse-broadcaster.ts', String(port), String(settings.liveUpdatesPerSecond)],
    { cpu: settings.cpus.server },
  );
  return ready(started, port, '/', 30_000);
}

/**
 * Applies pollcast's migrations to the bench database with its own tool (scripts/migrate.ts), for
 * baselines that need its tables before any pollcast server has started; servers starting later
 * find nothing left to apply.
 */
export async function migratePollcast(settings: Settings, databaseUrl: string, timeoutMs = 60_000): Promise<void> {
  const started = startProcess('migrate', [...NODE_TS, 'scripts/migrate.ts'], {
    env: pollcastEnv(settings, { databaseUrl }),
  });
  const timer = setTimeout(() => void stopProcess(started, 1_000), timeoutMs);
  const code = await exited(started.child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`migrating the bench database failed (exit ${code})\n${logTail(started)}`);
}

function pollcastEnv(settings: Settings, store: Store): Record<string, string> {
  const services = 'databaseUrl' in store;
  return {
    HOST: '127.0.0.1',
    // Blank means unset to pollcast's config, whatever the caller's shell exported.
    DATABASE_URL: services ? store.databaseUrl : '',
    REDIS_URL: services ? REDIS_URL : '',
    DATA_DIR: services ? path.join(settings.workDir, 'unused-data') : store.dataDir,
    TRUST_PROXY: '127.0.0.1',
    // Required in services mode; fixed, so every server of a run signs voter cookies alike.
    COOKIE_SECRET: 'pollcast-bench-voter-cookie-secret-0123456789',
    RATE_LIMIT_VOTES_PER_MINUTE: '1000000',
    RATE_LIMIT_POLLS_PER_MINUTE: '1000000',
    RATE_LIMIT_POLLS_OVERALL_PER_MINUTE: '1000000',
    // Every load tool connects from 127.0.0.1: one address holds all 10,000 viewers.
    LIVE_CONNECTIONS_PER_ADDRESS: '1000000',
    CONNECTIONS_PER_ADDRESS: '1000000',
    LIVE_UPDATES_PER_SECOND: String(settings.liveUpdatesPerSecond),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
}

async function ready(started: Started, port: number, probe: string, timeoutMs: number): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const server = { started, pid: started.pid, port, url, stop: () => stopProcess(started, 10_000) };
  try {
    await waitForHttp(started, `${url}${probe}`, timeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Whether .next holds a production build that includes the API catch-all route. */
export function nextBuildHasApiRoute(): boolean {
  const manifest = path.join(ROOT, '.next', 'app-path-routes-manifest.json');
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !fs.existsSync(manifest)) return false;
  return fs.readFileSync(manifest, 'utf8').includes('/api/[[...path]]/route');
}

/** `next build` in its own process group, bounded in time; its output goes to the bench's logs. */
export async function buildNext(timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  const started = startProcess('next-build', [process.execPath, 'node_modules/next/dist/bin/next', 'build'], {
    env: { NEXT_TELEMETRY_DISABLED: '1' },
  });
  const timer = setTimeout(() => void stopProcess(started, 1_000), timeoutMs);
  const code = await exited(started.child);
  clearTimeout(timer);
  if (code === 0) return { ok: true, message: 'built' };
  return { ok: false, message: `next build failed (exit ${code}); see ${started.logFile}` };
}
