import type { CpuUsage } from './cpu';
import type { VoteCount } from './database';
import type { Latency } from './stats';

/** One row of the bench's table: a number, the baseline it is read against, and its target. */

export type ScenarioResult = {
  id: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  value?: number;
  unit?: string;
  baseline?: { name: string; value: number; unit: string };
  /** value ÷ baseline value. */
  ratio?: number;
  target?: { text: string; met: boolean };
  /** Request latency of the load (for fan-out: vote acknowledged → event received). */
  latency?: Latency;
  check?: { text: string; ok: boolean };
  cpu?: CpuUsage;
  /**
   * CPU time per unit of the result (a request, a vote, an inserted row), in µs: the server under
   * test's, and PostgreSQL + Redis's. From the same /proc counters as `cpu`: cores × window
   * seconds × 1e6 ÷ the units done in the window.
   */
  cpuPerUnit?: { server: number; services: number; unit: string };
  details?: Record<string, unknown>;
};

/** µs of CPU per unit over a window in which `units` units (requests, votes, rows) were done. */
export function cpuPerUnit(cpu: CpuUsage, units: number, unit: string): ScenarioResult['cpuPerUnit'] {
  if (!(units > 0) || !(cpu.seconds > 0)) return undefined;
  const micros = (cores: number) => Math.round(((cores * cpu.seconds * 1e6) / units) * 10) / 10;
  return { server: micros(cpu.server), services: micros(cpu.services), unit };
}

export function skipped(id: string, title: string, reason: string): ScenarioResult {
  return { id, title, status: 'skipped', reason };
}

export function failed(id: string, title: string, error: unknown): ScenarioResult {
  return { id, title, status: 'failed', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Acknowledged votes must equal the rows in `votes` and both counter sums, exactly. Votes the
 * load tool gave up waiting for (`unanswered`) may or may not be rows, so they fail the check.
 */
export function voteCheck(acked: number, count: VoteCount, unanswered = 0): { text: string; ok: boolean } {
  const ok =
    acked === count.rows &&
    count.rows === count.pollCounters &&
    count.rows === count.optionCounters &&
    count.pollsOff === 0 &&
    unanswered === 0;
  const n = (value: number) => value.toLocaleString('en-US');
  const text =
    `acked ${n(acked)} ${acked === count.rows ? '=' : '≠'} rows ${n(count.rows)}, ` +
    `counters ${n(count.pollCounters)}/${n(count.optionCounters)}` +
    (count.pollsOff > 0 ? `, ${count.pollsOff} polls off` : '') +
    (unanswered > 0 ? `, ${n(unanswered)} never answered` : '');
  return { text, ok };
}
