import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './src/config';
import { createLogger } from './src/logger';
import { startPollcast } from './src/pollcast';
import { createLiveSockets } from './src/realtime/live-sockets';
import { listen, type PageHandler } from './src/server/http-server';

/** `npm start`: read config, build the pages if missing, migrate, then serve on one port. */

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

  if (!apiOnly && !config.dev && !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    log.info('building the web pages once (next build)');
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const pollcast = await startPollcast(config, log);
  const pages = apiOnly ? undefined : await startNext(root, config.dev, config.host, config.port);
  const live = createLiveSockets(pollcast);
  const running = await listen(pollcast, {
    port: config.port,
    host: config.host,
    pages,
    onUpgrade: live.handleUpgrade,
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

async function startNext(dir: string, dev: boolean, hostname: string, port: number): Promise<PageHandler> {
  const { default: next } = await import('next');
  // Next attaches its own upgrade listener to the server of the first page request it serves, and
  // that listener ends sockets on paths it routes, /api/ws included. It gets a server that never
  // emits instead; our server decides every upgrade (listen() in src/server/http-server.ts).
  const app = next({ dev, dir, hostname, port, httpServer: new EventEmitter() as never });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), upgrade: dev ? app.getUpgradeHandler() : undefined };
}

main().catch((error: unknown) => {
  console.error('pollcast failed to start:', error);
  process.exit(1);
});
