import { databaseErrorKind } from '../db/errors';
import { isAppError } from '../domain/errors';
import type { Logger } from '../logger';
import type { Metrics, VoteOutcomeLabel } from '../metrics';
import type { CastVote } from '../votes/cast-vote';
import type { ConnectionGuardEvents } from './connection-guard';

/**
 * The hooks through which the services' work is counted (src/metrics.ts). While metrics are off
 * each is absent or the service itself, so the hot paths pay nothing for them.
 */

/** castVote with its outcome and time counted. */
export function measuredCastVote(castVote: CastVote, metrics: Metrics): CastVote {
  if (!metrics.enabled) return castVote;
  return async (input) => {
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const result = await castVote(input);
      metrics.vote(result.counted ? 'counted' : 'repeated', took());
      return result;
    } catch (error) {
      metrics.vote(voteOutcomeOf(error), took());
      throw error;
    }
  };
}

const REFUSALS: Record<string, VoteOutcomeLabel> = {
  already_voted: 'already_voted',
  poll_closed: 'poll_closed',
  not_found: 'not_found',
  invalid_option: 'invalid_option',
  invalid_request: 'invalid_request',
  rate_limited: 'rate_limited',
  service_unavailable: 'unavailable',
};

function voteOutcomeOf(error: unknown): VoteOutcomeLabel {
  return (isAppError(error) && REFUSALS[error.code]) || 'error';
}

/** The vote writer's onBatch: each statement's size, time and outcome, and how the database failed. */
export function countBatches(metrics: Metrics): ((size: number, seconds: number, error?: unknown) => void) | undefined {
  if (!metrics.enabled) return undefined;
  return (size, seconds, error) => {
    metrics.voteBatch(size, seconds, error === undefined);
    if (error !== undefined) metrics.databaseError(databaseErrorKind(error) ?? 'unknown');
  };
}

/** The hub's onFanOut: frames written, and updates slow viewers skipped. */
export function countFanOuts(metrics: Metrics): ((sent: number, skipped: number) => void) | undefined {
  if (!metrics.enabled) return undefined;
  return (sent, skipped) => {
    metrics.framesSent(sent);
    if (skipped > 0) metrics.framesSkipped(skipped);
  };
}

/** How often a flood is logged while it lasts: its counts add up in metrics in between. */
const PRESSURE_LOG_INTERVAL_MS = 10_000;

/** Counts every shed and refused socket, and logs a warning with the heaviest address at most every 10 s. */
export function reportConnectionPressure(metrics: Metrics, log: Logger): ConnectionGuardEvents {
  let lastLog = -Infinity;
  let shed = 0;
  let refused = 0;
  const logNow = (fields: Record<string, unknown>) => {
    const now = performance.now();
    if (now - lastLog < PRESSURE_LOG_INTERVAL_MS) return;
    lastLog = now;
    log.warn('too many connections: shedding and refusing', { shed, refused, ...fields });
    shed = refused = 0;
  };
  return {
    refused(reason: 'address' | 'server') {
      metrics.connectionRefused(reason);
      refused++;
      logNow({ reason });
    },
    shed(key: string, held: number) {
      metrics.connectionShed();
      shed++;
      logNow({ heaviest: key, held });
    },
  };
}
