import type http from 'node:http';
import net from 'node:net';
import { sendJson } from '../api/node-json';
import type { ConnectionGuard } from './connection-guard';

/**
 * The graceful stop (SIGTERM, a rolling restart): the server stops taking connections, answers
 * 503 to requests that arrive on open ones, and waits for every request already received to be
 * answered before it closes the rest (docs/OPERATIONS.md).
 */

/**
 * How long a socket must have been idle before a graceful stop closes it: a client that keeps its
 * connection busy sends its next request sooner and gets its 503 with `Connection: close`.
 */
const IDLE_BEFORE_CLOSE_MS = 1_000;

/**
 * Stops listening, runs `beforeWait`, then waits up to `timeoutMs` for the open connections to
 * finish their answers and closes them all; `closed` resolves on the server's `close` event.
 * Resolves how many connections were still open when the time ran out.
 */
export async function drainServer(
  server: http.Server,
  closed: Promise<void>,
  sockets: Pick<ConnectionGuard, 'closeIdle' | 'closeAll'>,
  timeoutMs: number,
  beforeWait?: () => void,
): Promise<{ unanswered: number }> {
  // Stops taking connections but leaves the open ones be (http.Server.close would also close
  // the idle ones, racing a request a client may be sending on one: a reset, no answer).
  // Each socket closes after its next answer (503, Connection: close) or once it sat idle.
  if (server.listening) net.Server.prototype.close.call(server);
  beforeWait?.();
  const deadline = Date.now() + timeoutMs;
  let open = sockets.closeIdle(IDLE_BEFORE_CLOSE_MS);
  while (open > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    open = sockets.closeIdle(IDLE_BEFORE_CLOSE_MS);
  }
  sockets.closeAll();
  server.closeAllConnections();
  server.close();
  await closed;
  return { unanswered: open };
}

/** The answer to a request that arrives while draining: come back (to another instance), and this socket closes. */
export function refuseWhileDraining(res: http.ServerResponse): void {
  const body = {
    error: { code: 'service_unavailable', message: 'this server is restarting; try again', details: { retry: true } },
  };
  res.shouldKeepAlive = false;
  sendJson(res, 503, body, { 'retry-after': '1', 'cache-control': 'no-store', connection: 'close' });
}
