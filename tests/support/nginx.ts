import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from './pollcast-process';

/**
 * nginx with the config we ship (deploy/nginx/pollcast.conf) in front of test instances. Each
 * one is a process of its own, with its prefix, pid file, temp paths and logs in a temp
 * directory, listening on a free loopback port, and stopped by its PID: the system's nginx
 * service is never touched.
 */

const SHIPPED_CONF = path.join(ROOT, 'deploy/nginx/pollcast.conf');

/** The nginx binary: NGINX_PATH, `nginx` on the PATH, or Debian's /usr/sbin/nginx (outside a user's PATH). */
function nginxBinary(): string | undefined {
  const candidates = [process.env.NGINX_PATH, 'nginx', '/usr/sbin/nginx'].filter((c): c is string => !!c);
  return candidates.find((candidate) => spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0);
}

/** Whether the nginx suite runs; with REQUIRE_SERVICES=1 a missing nginx fails instead. */
export function nginxAvailability(): { run: boolean } {
  if (nginxBinary()) return { run: true };
  const reason = 'nginx is not installed (apt-get install -y nginx)';
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${reason}, and REQUIRE_SERVICES=1`);
  console.warn(`skipping the nginx suite: ${reason} (set REQUIRE_SERVICES=1 to fail instead)`);
  return { run: false };
}

/**
 * The shipped config with its upstream `server` lines pointing at `upstreams` (in order, their
 * parameters kept) and its `listen` lines replaced by one. Anything else is left as written;
 * a file whose shape no longer fits throws, rather than testing something other than what ships.
 */
function renderPollcastConf(text: string, options: { listen: string; upstreams: string[] }): string {
  const serverLine = /^(\s*server\s+)(\S+)([^;\n]*;)$/gm;
  const servers = [...text.matchAll(serverLine)];
  if (servers.length !== options.upstreams.length) {
    throw new Error(`${SHIPPED_CONF} has ${servers.length} upstream server lines, not ${options.upstreams.length}`);
  }
  let at = 0;
  let rendered = text.replace(
    serverLine,
    (_line, head: string, _address, rest: string) => `${head}${options.upstreams[at++]}${rest}`,
  );
  let listens = 0;
  rendered = rendered.replace(/^(\s*)listen\s+[^;\n]+;\n/gm, (_line, indent: string) =>
    listens++ === 0 ? `${indent}listen ${options.listen};\n` : '',
  );
  if (listens === 0) throw new Error(`${SHIPPED_CONF} has no listen line`);
  return rendered;
}

/**
 * One access log line: what was asked, the answer, every instance nginx tried in order, and what
 * each answered (502 where it refused the connection or closed it without an answer).
 */
type ProxiedRequest = { method: string; uri: string; status: number; upstreams: string[]; answers: number[] };

export type Nginx = {
  url: string;
  port: number;
  pid: number;
  /** The requests nginx finished so far, from its access log. */
  requests(): ProxiedRequest[];
  /** Everything it printed (its error log). */
  output(): string;
  /** SIGTERM to its master process (a fast stop), then SIGKILL after 5 s; removes its directory. */
  stop(): Promise<void>;
};

/** Starts nginx with the shipped config in front of `upstreams` (`host:port` each); resolves once it accepts connections. */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-nginx-'));
  const port = await freePort();
  const shipped = fs.readFileSync(SHIPPED_CONF, 'utf8');
  fs.writeFileSync(
    path.join(dir, 'pollcast.conf'),
    renderPollcastConf(shipped, { listen: `127.0.0.1:${port}`, upstreams }),
  );
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${path.join(dir, name)};`)
    .join('\n');
  // A minimal nginx.conf around the include (Debian's adds MIME types, gzip and logs, which the
  // include does not rely on); the log format names the instances each request went to. One
  // worker, so round robin alternates strictly between the instances.
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : ''}worker_processes 1;
events {
  worker_connections 1024;
}
http {
${temp}
  log_format pollcast_test '$request_method $uri $status "$upstream_addr" "$upstream_status"';
  access_log ${path.join(dir, 'access.log')} pollcast_test;
  include ${path.join(dir, 'pollcast.conf')};
}
`,
  );

  const child = spawn(
    binary,
    [
      '-e',
      'stderr',
      '-p',
      dir,
      '-c',
      path.join(dir, 'nginx.conf'),
      '-g',
      `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr;`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited before it was ready:\n${output}`);
    }
    if (await accepts(port)) {
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid: child.pid as number,
        requests: () => accessLog(path.join(dir, 'access.log')),
        output: () => output,
        stop,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`nginx did not listen in time:\n${output}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function accessLog(file: string): ProxiedRequest[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, method = '', uri = '', status = '0', addresses = '', statuses = ''] =
        /^(\S+) (\S+) (\d+) "(.*)" "(.*)"$/.exec(line) ?? [];
      // "a, b" lists the instances tried in turn; "a : b" an internal redirect (error_page).
      const list = (text: string) => text.split(/, | : /).filter((item) => item !== '-' && item !== '');
      return { method, uri, status: Number(status), upstreams: list(addresses), answers: list(statuses).map(Number) };
    });
}
