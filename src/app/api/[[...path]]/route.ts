import type { IncomingMessage } from 'node:http';
import { createApiApp } from '../../../api/app';
import { loadConfig } from '../../../config';
import { startPollcast, type Pollcast } from '../../../pollcast';
import { currentPollcast } from '../../../server/context';

/**
 * The whole REST + SSE API inside Next, for deployments that cannot run our server (`next start`,
 * serverless). Our server never routes /api here; it serves the same Hono app faster (DESIGN §1a).
 */

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Api = ReturnType<typeof createApiApp>;
const KEY = Symbol.for('pollcast.nextApi');
type Holder = { [KEY]?: Promise<Api> };

/** Once per process, kept on globalThis because Next may load this module more than once. */
function api(): Promise<Api> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = pollcastOfThisProcess().then(createApiApp);
    // A failed start (database down) is retried by the next request.
    holder[KEY].catch(() => delete holder[KEY]);
  }
  return holder[KEY];
}

async function pollcastOfThisProcess(): Promise<Pollcast> {
  try {
    return currentPollcast();
  } catch {
    // Next runs alone: start pollcast here, from the same environment our server would read.
    return startPollcast(loadConfig());
  }
}

/**
 * A route handler cannot see the socket. Hosting platforms put the address they saw last in
 * X-Forwarded-For, and Next fills it with the socket's address when the client sent none, so
 * the last hop stands for the peer; TRUST_PROXY then decides, as under our server, how far left
 * to believe. Exposed directly, `next start` keeps a client's own header, so run it behind a
 * proxy that sets X-Forwarded-For.
 */
function peerOf(request: Request): { incoming: IncomingMessage } | undefined {
  const hops = request.headers.get('x-forwarded-for')?.split(',');
  const peer = hops?.[hops.length - 1]?.trim();
  return peer ? { incoming: { socket: { remoteAddress: peer } } as IncomingMessage } : undefined;
}

async function handle(request: Request): Promise<Response> {
  return (await api()).fetch(request, peerOf(request));
}

export { handle as GET, handle as POST, handle as PATCH, handle as DELETE };
