import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../domain/errors';
import { jsonWithResults } from '../kinds/results-json';
import { voteSchema } from '../domain/ballot-schema';
import { voterOf, type RequestVoter } from '../voters/voter-address';
import { MAX_BODY_BYTES, type ApiServices } from './api-env';
import { closesConnection, errorAnswer } from './errors';
import { readNodeJsonBody } from './json-body';
import { sendJson, sendJsonText } from './node-json';

/**
 * `POST /api/polls/{id}/vote` as our own server answers it, straight on Node's request and
 * response: the hottest route skips Hono's router, context and web Response, which cost more CPU
 * per vote than the rest of its answer (docs/BENCHMARKS.md). Everything it decides comes from the
 * places the Hono route uses too: the body's checks (json-body.ts), `voteSchema`, `castVote` and
 * the error mapping (errors.ts), so both answer alike, and tests/contract/vote-paths.embedded.test.ts
 * sends the same votes and refusals through both. The Hono route stays for the API mounted in Next,
 * and for ids that are not plain UUIDs.
 */

/** The route pattern in logs and metrics, as Hono names it. */
const VOTE_ROUTE = '/api/polls/:id/vote';
const PLAIN_VOTE_PATH =
  /^\/api\/polls\/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\/vote(?:\?|$)/;

/** The poll id of a vote answered here, or undefined for Hono to answer. */
export function directVotePollId(method: string | undefined, url: string): string | undefined {
  return method === 'POST' ? PLAIN_VOTE_PATH.exec(url)?.[1] : undefined;
}

export function createDirectVote({ castVote, log }: Pick<ApiServices, 'castVote' | 'log'>) {
  return async function answerVote(
    req: IncomingMessage,
    res: ServerResponse,
    pollId: string,
    requestVoter: RequestVoter,
  ): Promise<void> {
    try {
      const voter = voterOf(requestVoter);
      if (!voter) throw new AppError('invalid_request', 'the client address could not be determined');
      const ballot = voteSchema.parse(await readNodeJsonBody(req, MAX_BODY_BYTES));
      const result = await castVote({ pollId, ballot, voter });
      if (!res.headersSent && !res.destroyed) sendJsonText(res, 200, jsonWithResults(result), API_HEADERS);
    } catch (error) {
      const refusal = errorAnswer(error, log, VOTE_ROUTE, req.headers['x-request-id'] as string | undefined);
      if (refusal.retryAfter !== undefined) res.setHeader('Retry-After', String(refusal.retryAfter));
      if (closesConnection(refusal.status)) res.shouldKeepAlive = false;
      answer(res, refusal.status, refusal.body);
    }
  };
}

/** What every API answer carries (app.ts sets the same two defaults for Hono's routes). */
const API_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  sendJson(res, status, body, API_HEADERS);
}
