import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './src/config';
import { DataDirInUseError, lockDataDir } from './src/db/data-dir-lock';
import { createLogger } from './src/logger';
import { startPollcast } from './src/pollcast';
import { createLiveSockets } from './src/realtime/live-sockets';
import { listen } from './src/server/http-server';
import { keepIntlFormatters } from './src/server/intl-formatters';
import { compressingPages } from './src/server/page-compression';
import type { PageHandler } from './src/server/routing';

/** `npm start`: read config, migrate, build the pages if missing, then serve on one port. */

/** A start-up failure the person starting pollcast can act on from its message alone: no stack trace. */
class StartError extends Error {
  override name = 'StartError';
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pollcast: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const root = path.dirname(fileURLToPath(import.meta.url));
  const apiOnly = process.argv.includes('--api-only');

  // The database opens and migrates while the pages build: a data directory in use or a database
  // that is down is said at once, not after the build.
  let build: PageBuild | undefined;
  if (!apiOnly && !config.dev && !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    // A pollcast already running here is refused before it has another build write beside its own.
    if (!config.databaseUrl) refuseDataDirInUse(config.dataDir);
    log.info('building pages, first start only (about a minute)');
    build = buildPages(root);
  }
  const pollcast = await startPollcast(config, log).catch((error: unknown) => {
    build?.stop();
    throw error;
  });
  await build?.finished();
  // The pages format numbers and dates in five languages: one formatter of each sort serves every view.
  if (!apiOnly) keepIntlFormatters();
  const pages = apiOnly ? undefined : await startNext(root, config.dev, config.host, config.port);
  const live = createLiveSockets(pollcast);
  const running = await listen(pollcast, {
    port: config.port,
    host: config.host,
    pages,
    onUpgrade: live.handleUpgrade,
  }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUse(config) : error;
  });
  log.info(`pollcast listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${running.port}`, {
    mode: config.databaseUrl ? 'services' : 'embedded',
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: answering the requests already received', { signal });
    // Live viewers are told to come back (to another instance) at once; requests in flight finish.
    const { unanswered } = await running.drain(config.shutdownTimeoutMs, () => {
      live.close();
      pollcast.hub.close();
    });
    if (unanswered > 0) log.warn('stopped before every request was answered', { unanswered });
    await pollcast.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * `next build` for `npm start` on a fresh checkout. It skips the type check (next.config.ts reads
 * POLLCAST_START_BUILD): `npm test` and `npm run typecheck` run tsc, and the check doubled the
 * first start. Next 16's build runs no linter.
 */
type PageBuild = { finished(): Promise<void>; stop(): void };

function buildPages(root: string): PageBuild {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, POLLCAST_START_BUILD: '1' },
  });
  const failed = new StartError('building the pages failed (see the output above)');
  // Never rejects: a build that fails while the database still opens is said once awaited, not as an unhandled rejection.
  const outcome = (once(child, 'exit') as Promise<[number | null]>).then(
    ([code]) => (code === 0 ? undefined : failed),
    () => failed,
  );
  return {
    finished: async () => {
      const failure = await outcome;
      if (failure) throw failure;
    },
    stop: () => child.kill('SIGTERM'),
  };
}

/** Throws DataDirInUseError if another process holds the embedded data directory; takes nothing. */
function refuseDataDirInUse(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  lockDataDir(dataDir)();
}

function portInUse(config: Config): StartError {
  return new StartError(`PORT ${config.port} is in use on ${config.host}: stop what uses it or choose another PORT`);
}

async function startNext(dir: string, dev: boolean, hostname: string, port: number): Promise<PageHandler> {
  const { default: next } = await import('next');
  // Read by next.config.ts: Next leaves compressing to compressingPages below.
  process.env.POLLCAST_SERVER_COMPRESSES = '1';
  // Next attaches its own upgrade listener to the server of the first page request it serves, and
  // that listener ends sockets on paths it routes, /api/ws included. It gets a server that never
  // emits instead; our server decides every upgrade (listen() in src/server/http-server.ts).
  const app = next({ dev, dir, hostname, port, httpServer: new EventEmitter() as never });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Our server compresses the pages and keeps the build's files compressed (decision 0018).
  return compressingPages({
    handle: (req, res) => handle(req, res),
    upgrade: dev ? app.getUpgradeHandler() : undefined,
  });
}

main().catch((error: unknown) => {
  if (error instanceof StartError || error instanceof DataDirInUseError) {
    console.error(`pollcast: ${error.message}`);
  } else {
    console.error('pollcast failed to start:', error);
  }
  process.exit(1);
});
