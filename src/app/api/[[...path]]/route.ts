import { createApiApp } from '../../../api/app';
import { ERROR_STATUS } from '../../../api/errors';
import { loadConfig } from '../../../config';
import { normalizeIp, voterKey } from '../../../domain/voter';
import { startPollcast } from '../../../pollcast';
import { pageServices } from '../../_lib/page-services.server';
import { voterWith } from '../../../voters/voter-address';
import { saysHttps, type VoterCookies } from '../../../voters/voter-cookie';

/**
 * The whole REST + SSE API inside Next, for deployments that cannot run our server (`next start`,
 * serverless). A route handler cannot see the socket, so it learns the client's address only
 * from the header named by NEXT_API_CLIENT_IP_HEADER, which the hosting platform must set and
 * overwrite; unset, this mount serves nothing. The browser half of the voter is the signed cookie,
 * as under our server. Under our own server every /api spelling goes to the same Hono app before
 * Next sees it, so a request that still arrives here is refused.
 */

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Mounted =
  | { kind: 'our-server' }
  | { kind: 'off' }
  | { kind: 'on'; api: ReturnType<typeof createApiApp>; clientIpHeader: string; voterCookies: VoterCookies };
const KEY = Symbol.for('pollcast.nextApi');
type Holder = { [KEY]?: Promise<Mounted> };

/** Once per process, kept on globalThis because Next may load this module more than once. */
function mounted(): Promise<Mounted> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = mount();
    // A failed start (database down) is retried by the next request.
    holder[KEY].catch(() => delete holder[KEY]);
  }
  return holder[KEY];
}

async function mount(): Promise<Mounted> {
  if (runsUnderOurServer()) return { kind: 'our-server' };
  const config = loadConfig();
  if (!config.nextApiClientIpHeader) return { kind: 'off' };
  const pollcast = await startPollcast(config);
  return {
    kind: 'on',
    api: createApiApp(pollcast),
    clientIpHeader: config.nextApiClientIpHeader,
    voterCookies: pollcast.voterCookies,
  };
}

function runsUnderOurServer(): boolean {
  try {
    pageServices();
    return true;
  } catch {
    return false;
  }
}

/** The platform's header may list several hops; the one it added itself is the last. */
function clientIp(request: Request, header: string): string | undefined {
  const hops = request.headers.get(header)?.split(',');
  const ip = normalizeIp(hops?.[hops.length - 1]);
  return ip === undefined ? undefined : voterKey(ip);
}

function refusal(message: string): Response {
  const body = { error: { code: 'not_found', message } };
  return Response.json(body, { status: ERROR_STATUS.not_found });
}

async function handle(request: Request): Promise<Response> {
  const mount = await mounted();
  if (mount.kind === 'our-server') return refusal('no such endpoint');
  if (mount.kind === 'off') {
    return refusal('this deployment serves the API from pollcast’s own server; see NEXT_API_CLIENT_IP_HEADER');
  }
  // The API hands a minted cookie back where it would under our server.
  const voter = voterWith(
    clientIp(request, mount.clientIpHeader),
    request.headers.get('cookie'),
    mount.voterCookies,
    // The host in front terminates TLS; the URL or its X-Forwarded-Proto says whether it did.
    () => new URL(request.url).protocol === 'https:' || saysHttps(request.headers.get('x-forwarded-proto')),
  );
  return mount.api.fetch(request, { voter });
}

export { handle as GET, handle as POST, handle as PATCH, handle as DELETE };
