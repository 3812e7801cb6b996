import { createEvent, type BenchEvent } from '../lib/api';
import { cpuWindow, type CpuUsage } from '../lib/cpu';
import { now, sleep } from '../lib/processes';
import { failed, type ScenarioResult } from '../lib/result';
import { startPollcast, startSseBroadcaster, type Server } from '../lib/servers';
import type { Settings } from '../lib/settings';
import type { Latency } from '../lib/stats';
import { startWorker, type Worker } from '../lib/worker';
import type { FanoutContext } from './fanout';

/**
 * P5: an event's presenter moves its audience. N followers of one event on one instance (SSE,
 * GET /api/events/{id}/stream), the presenter moves from question to question, a pause between moves;
 * each follower notes when it first sees each new `current`. The baseline is the raw SSE
 * broadcaster, sending the same `event_updated` (pollcast's own questions) to the same follower
 * process. Latency runs from the moment a move is sent to each follower's message.
 */

type MovesRun = {
  followers: number;
  connectMs: number;
  connectFailures: Record<string, number>;
  /** Followers by how many moves they saw. */
  movesSeen: Record<string, number>;
  complete: number;
  dropped: number;
  latency: Latency & { matched: number; unmatched: number };
  moveAnswers: number[];
  cpu: CpuUsage;
};

type Presenter = { path: string; move(index: number): Promise<number> };

const TITLE = 'P5 presenter move → follower message';

export async function measureEventMoves(ctx: FanoutContext): Promise<ScenarioResult[]> {
  const { settings } = ctx;
  const followers = startWorker('event-followers', 'bench/load/sse-viewers.ts', { cpu: settings.cpus.load });
  let server: Server | undefined;
  try {
    server = await startPollcast('pollcast-events', settings, { databaseUrl: ctx.databaseUrl });
    // One question more than moves: the first move, to question 0, is not measured (below).
    const event = await createEvent(server.url, settings.eventMoves + 1);
    ctx.pollIds.push(...event.questions.map((q) => (q as { id: string }).id));
    const broadcaster = await startSseBroadcaster(settings);
    let baseline: MovesRun;
    try {
      baseline = await movesRun(settings, broadcaster, rawPresenter(broadcaster, event), followers);
    } finally {
      await broadcaster.stop();
    }
    const run = await movesRun(settings, server, pollcastPresenter(server, event), followers);
    return [result(settings, run, baseline)];
  } catch (error) {
    return [failed('P5', TITLE, error)];
  } finally {
    await Promise.all([server?.stop(), followers.stop()]);
  }
}

function pollcastPresenter(server: Server, event: BenchEvent): Presenter {
  return {
    path: `/api/events/${event.id}/stream`,
    move: (current) => patch(`${server.url}/api/events/${event.id}`, { current }, event.adminToken),
  };
}

/** The broadcaster is told the question too, so it sends what pollcast sends. */
function rawPresenter(server: Server, event: BenchEvent): Presenter {
  return {
    path: '/api/events/baseline/stream',
    move: (current) =>
      patch(`${server.url}/api/events/baseline`, {
        current,
        question_count: event.questions.length,
        question: event.questions[current],
      }),
  };
}

async function patch(url: string, body: unknown, token?: string): Promise<number> {
  const response = await fetch(url, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return response.status;
}

async function movesRun(
  settings: Settings,
  server: Server,
  presenter: Presenter,
  followers: Worker,
): Promise<MovesRun> {
  const connected = await followers.call<{
    ready: number;
    failed: number;
    reasons: Record<string, number>;
    ms: number;
  }>(
    'connect',
    {
      port: server.port,
      path: presenter.path,
      count: settings.viewers,
      concurrency: 200,
      timeoutMs: settings.viewerConnectTimeoutMs,
      watch: 'current',
    },
    settings.viewerConnectTimeoutMs + 10_000,
  );
  if (connected.ready === 0) throw new Error(`no follower connected: ${JSON.stringify(connected.reasons)}`);
  await sleep(settings.settleMs);

  // A first move warms up both ends (the presenter's connection, first-use costs); the measured
  // moves then go from a question to the next, each follower leaving one poll's results for another.
  const moveAnswers = [await presenter.move(0)];
  await sleep(settings.eventMoveGapMs);
  const cpu = cpuWindow([server.pid], [followers.started.pid]);
  await followers.call('record');
  const sent: [number, number][] = [];
  for (let current = 1; current <= settings.eventMoves; current++) {
    const at = now();
    sent.push([current, at]);
    moveAnswers.push(await presenter.move(current));
    await sleep(Math.max(0, at + settings.eventMoveGapMs - now()));
  }
  const stopped = await followers.call<{ dropped: number; changes: Record<string, number> }>('stop');
  const usage = cpu.end();
  const analysis = await followers.call<{ latency: MovesRun['latency'] }>('analyze', {
    acks: sent,
    window: [sent[0]![1], now()],
  });
  await followers.call('close');
  if (moveAnswers.some((status) => status !== 200)) throw new Error(`a move was refused: ${moveAnswers.join(', ')}`);
  return {
    followers: connected.ready,
    connectMs: connected.ms,
    connectFailures: connected.reasons,
    movesSeen: stopped.changes,
    complete: stopped.changes[settings.eventMoves] ?? 0,
    dropped: stopped.dropped,
    latency: analysis.latency,
    moveAnswers,
    cpu: usage,
  };
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');

function result(settings: Settings, run: MovesRun, baseline: MovesRun): ScenarioResult {
  const ratio = baseline.latency.p99 > 0 ? run.latency.p99 / baseline.latency.p99 : undefined;
  const everyone = (r: MovesRun) => r.complete === r.followers && r.followers === settings.viewers;
  const details = ({ cpu: _cpu, ...r }: MovesRun) => r;
  return {
    id: 'P5',
    title: `${TITLE} (${count(run.followers)} of ${count(settings.viewers)} SSE followers, ${settings.eventMoves} moves)`,
    status: 'ok',
    value: run.latency.p99,
    unit: 'ms p99',
    baseline: { name: 'raw SSE broadcaster', value: baseline.latency.p99, unit: 'ms p99' },
    ratio,
    target: ratio === undefined ? undefined : { text: '≤ 1.0', met: ratio <= 1 },
    latency: run.latency,
    check: {
      text:
        `every move reached ${count(run.complete)} of ${count(settings.viewers)} followers ` +
        `(raw broadcaster: ${count(baseline.complete)})`,
      ok: everyone(run) && everyone(baseline),
    },
    cpu: run.cpu,
    details: { pollcast: details(run), baseline: details(baseline) },
  };
}
