import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createApiApp } from '../api/app';
import type { ApiServices } from '../api/api-env';
import { sendJson } from '../api/node-json';
import { createDirectVote, directVotePollId } from '../api/direct-vote';
import type { Config } from '../config';
import { describeError } from '../logger';
import type { PollService } from '../polls/poll-service';
import { passVoterOn, requestVoterOf, voterAddressOf, type RequestVoter } from '../voters/voter-address';
import type { VoterCookies } from '../voters/voter-cookie';
import type { ConnectionGuard } from './connection-guard';
import { refusedJoinCodePage } from './join-code-page';
import { createMetricsScrape, isMetricsPath, type MetricsScrapeServices } from './metrics-scrape';
import { isCrossSiteForm, refusedCrossSiteForm } from './cross-site-form';
import { applyPageSecurity } from './page-security';
import { isLanguageSwitch, passLocaleOn, switchLanguage } from './page-locale';
import { sendPlainPage } from './plain-page';
import { isUnreadablePath, refusedUnreadablePath } from './unreadable-path';
import { destinationOf, isBuildFile } from './request-path';

/**
 * Where a request goes (docs/ARCHITECTURE.md): `/metrics` to the scrape, every spelling of an
 * /api path to the API (a plain vote answered directly by direct-vote.ts, the rest by Hono),
 * WebSocket upgrades to the live sockets, everything else to Next's request handler when pages
 * are on. The voter (address and browser cookie) is resolved here, once, for the API and the
 * pages, and its address must still have room for this socket (CONNECTIONS_PER_ADDRESS).
 */

export type PageHandler = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
  /** Next's development server (hot reload); production pages never take upgrades. */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
};

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** What the handlers use: the API's services, the scrape's, the voter's cookie keys and the socket guard. */
export type RoutingServices = ApiServices &
  MetricsScrapeServices & {
    config: Pick<Config, 'trustProxy' | 'dev'>;
    polls: Pick<PollService, 'checkCodeLookups'>;
    voterCookies: VoterCookies;
    sockets: Pick<ConnectionGuard, 'attribute' | 'upgraded'>;
  };

export type Routing = {
  request(req: http.IncomingMessage, res: http.ServerResponse): void;
  upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void;
};

type Handlers = {
  services: RoutingServices;
  api: ReturnType<typeof getRequestListener>;
  answerVote: ReturnType<typeof createDirectVote>;
  serveMetrics: ReturnType<typeof createMetricsScrape>;
  pages: PageHandler | undefined;
  onUpgrade: UpgradeHandler | undefined;
  isDraining(): boolean;
};

export function createRouting(
  services: RoutingServices,
  options: { pages?: PageHandler | undefined; onUpgrade?: UpgradeHandler | undefined; isDraining(): boolean },
): Routing {
  const handlers: Handlers = {
    services,
    api: getRequestListener(createApiApp(services).fetch),
    answerVote: createDirectVote(services),
    serveMetrics: createMetricsScrape(services),
    pages: options.pages,
    onUpgrade: options.onUpgrade,
    isDraining: options.isDraining,
  };
  return {
    request: (req, res) => routeRequest(handlers, req, res),
    upgrade: (req, socket, head) => routeUpgrade(handlers, req, socket, head),
  };
}

function routeRequest(handlers: Handlers, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (isMetricsPath(req.url)) return void handlers.serveMetrics(req, res);
  const { config, voterCookies, sockets } = handlers.services;
  const destination = destinationOf(req.url);
  // Any value a client sent is replaced: pages and the API learn the voter only from here.
  const voter = requestVoterOf(req, config.trustProxy, voterCookies);
  if (!sockets.attribute(req.socket, voter.address)) return refuseOverShare(res);
  passVoterOn(req.headers, voter);
  if (destination.to === 'api' || !handlers.pages) return toApi(handlers, req, res, destination.url, voter);
  toPages(handlers, handlers.pages, req, res, voter);
}

function toApi(
  handlers: Handlers,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: string,
  voter: RequestVoter,
) {
  req.url = url;
  if (voter.setCookie && handsOutVoterCookie(req.method, url)) res.setHeader('Set-Cookie', voter.setCookie);
  const votedPoll = directVotePollId(req.method, url);
  if (votedPoll) return void handlers.answerVote(req, res, votedPoll, voter);
  void handlers.api(req, res);
}

function toPages(
  handlers: Handlers,
  pages: PageHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  voter: RequestVoter,
): void {
  const { config, log, polls } = handlers.services;
  const locale = passLocaleOn(req);
  if (isUnreadablePath(req.url)) return sendPlainPage(res, refusedUnreadablePath(locale));
  if (isCrossSiteForm(req)) return sendPlainPage(res, refusedCrossSiteForm(req, locale));
  if (isLanguageSwitch(req)) return void switchLanguage(req, res, config.trustProxy).catch(() => res.destroy());
  applyPageSecurity(req, res, config.dev);
  // The build's files are the same for every visitor, kept by browsers and by caches between them
  // and us (`immutable`): a voter's cookie on one could be handed to the next visitor.
  if (voter.setCookie && !isBuildFile(req.url)) res.appendHeader('Set-Cookie', voter.setCookie);
  const page = refusedJoinCodePage(req, polls, voter.address, locale).then((refusal) =>
    refusal ? sendPlainPage(res, refusal) : pages.handle(req, res),
  );
  void page.catch((error: unknown) => {
    log.error('page failed', describeError(error));
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('pollcast could not render this page');
  });
}

function routeUpgrade(handlers: Handlers, req: http.IncomingMessage, socket: Socket, head: Buffer): void {
  const { config, sockets } = handlers.services;
  const draining = handlers.isDraining();
  sockets.upgraded(socket);
  if (!draining && !sockets.attribute(socket, voterAddressOf(req, config.trustProxy))) {
    return void socket.end(OVER_SHARE_UPGRADE, () => socket.destroy());
  }
  if (!draining && handlers.onUpgrade?.(req, socket, head)) return;
  if (!draining && handlers.pages?.upgrade && destinationOf(req.url).to === 'pages') {
    return handlers.pages.upgrade(req, socket, head);
  }
  socket.end(`HTTP/1.1 ${draining ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
}

/** The API answers that read or cast the caller's ballot carry a voter cookie minted for a browser that had none. */
const BALLOT_ROUTE = /^\/api\/polls\/(?!trending(?:\?|$))(?:by-code\/)?[^/?]+(\/vote)?(?:\?|$)/;

function handsOutVoterCookie(method: string | undefined, url: string): boolean {
  const match = BALLOT_ROUTE.exec(url);
  return match !== null && (match[1] ? method === 'POST' : method === 'GET');
}

/** A request whose address already holds CONNECTIONS_PER_ADDRESS sockets: answered, then its socket closes. */
function refuseOverShare(res: http.ServerResponse): void {
  const body = {
    error: {
      code: 'rate_limited',
      message: 'too many open connections from this address; close some and retry',
      details: { retry_after: OVER_SHARE_RETRY_SECONDS },
    },
  };
  res.shouldKeepAlive = false;
  sendJson(res, 429, body, {
    'retry-after': String(OVER_SHARE_RETRY_SECONDS),
    'cache-control': 'no-store',
    connection: 'close',
  });
}

const OVER_SHARE_RETRY_SECONDS = 5;
const OVER_SHARE_UPGRADE =
  `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${OVER_SHARE_RETRY_SECONDS}\r\n` +
  'Content-Length: 0\r\n\r\n';
