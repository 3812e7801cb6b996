import { createPolls, hasStreamEndpoint } from '../lib/api';
import { cpuWindow, type CpuUsage } from '../lib/cpu';
import { countVotes } from '../lib/database';
import { rssKb, sleep } from '../lib/processes';
import { failed, skipped, voteCheck, type ScenarioResult } from '../lib/result';
import { startPollcast, startSseBroadcaster, type Server } from '../lib/servers';
import { voterBlock, type Settings } from '../lib/settings';
import type { Latency } from '../lib/stats';
import { startWorker, type Worker } from '../lib/worker';

/**
 * P3 and P4: N SSE viewers of one poll on one instance while votes arrive at a steady rate,
 * first against a minimal raw-Node broadcaster (the baseline), then against pollcast, with the
 * same viewer and voter processes. P4 reads the server's RSS before and after the viewers join.
 */

export type FanoutContext = { settings: Settings; databaseUrl: string; pollIds: string[] };

type FanoutRun = {
  viewers: number;
  connectMs: number;
  connectFailures: Record<string, number>;
  memoryPerViewerKb: number;
  deliveriesPerSecond: number;
  expectedPerSecond: number;
  events: number;
  dropped: number;
  latency: Latency & { matched: number; unmatched: number };
  votes: {
    sent: number;
    unanswered: number;
    ok: number;
    perSecond: number;
    statuses: Record<string, number>;
    latency: Latency;
  };
  cpu: CpuUsage;
};

const TITLES = {
  deliveries: 'P3 deliveries/s to SSE viewers',
  latency: 'P3 vote acknowledged → event received',
  memory: 'P4 memory per idle SSE viewer',
};
const ROWS: [string, string][] = [
  ['P3', TITLES.deliveries],
  ['P3', TITLES.latency],
  ['P4', TITLES.memory],
];

export async function measureFanout(ctx: FanoutContext): Promise<ScenarioResult[]> {
  const { settings } = ctx;
  const viewers = startWorker('sse-viewers', 'bench/load/sse-viewers.ts', { cpu: settings.cpus.load });
  const voter = startWorker('steady-voter', 'bench/load/steady-voter.ts', { cpu: settings.cpus.load });
  let server: Server | undefined;
  try {
    // pollcast starts first, to learn whether it streams at all; it idles through the baseline.
    server = await startPollcast('pollcast-fanout', settings, { databaseUrl: ctx.databaseUrl });
    const [poll] = await createPolls(server.url, 1, 'fan-out');
    if (!poll) throw new Error('no poll created');
    ctx.pollIds.push(poll.id);
    if (!(await hasStreamEndpoint(server.port, poll.id))) {
      const reason = 'no stream endpoint (GET /api/polls/{id}/stream)';
      return ROWS.map(([id, title]) => skipped(id, title, reason));
    }
    const broadcaster = await startSseBroadcaster(settings);
    let baseline: FanoutRun;
    try {
      baseline = await fanoutRun(settings, broadcaster, { id: 'baseline', optionIds: ['a'] }, viewers, voter);
    } finally {
      await broadcaster.stop();
    }
    const run = await fanoutRun(settings, server, poll, viewers, voter);
    const check = voteCheck(run.votes.ok, await countVotes(ctx.databaseUrl, [poll.id]), run.votes.unanswered);
    return results(settings, run, baseline, check);
  } catch (error) {
    return ROWS.map(([id, title]) => failed(id, title, error));
  } finally {
    await Promise.all([server?.stop(), viewers.stop(), voter.stop()]);
  }
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');

function results(
  settings: Settings,
  run: FanoutRun,
  baseline: FanoutRun,
  check: { text: string; ok: boolean },
): ScenarioResult[] {
  const deliveriesRatio = run.deliveriesPerSecond / baseline.deliveriesPerSecond;
  const latencyRatio = baseline.latency.p99 > 0 ? run.latency.p99 / baseline.latency.p99 : undefined;
  const details = (r: FanoutRun) => ({
    viewers: r.viewers,
    connectMs: r.connectMs,
    connectFailures: r.connectFailures,
    expectedPerSecond: r.expectedPerSecond,
    events: r.events,
    dropped: r.dropped,
    matched: r.latency.matched,
    unmatched: r.latency.unmatched,
    votes: r.votes,
  });
  return [
    {
      id: 'P3',
      title:
        `${TITLES.deliveries} (${count(run.viewers)} of ${count(settings.viewers)} viewers; ` +
        `votes offered ${count(settings.fanoutVotesPerSecond)}/s, acked ${count(run.votes.perSecond)}/s)`,
      status: 'ok',
      value: run.deliveriesPerSecond,
      unit: 'deliveries/s',
      baseline: { name: 'raw SSE broadcaster', value: baseline.deliveriesPerSecond, unit: 'deliveries/s' },
      ratio: deliveriesRatio,
      target: { text: '≥ 0.8', met: deliveriesRatio >= 0.8 },
      latency: run.votes.latency,
      check,
      cpu: run.cpu,
      details: { pollcast: details(run), baseline: details(baseline) },
    },
    {
      id: 'P3',
      title: TITLES.latency,
      status: 'ok',
      value: run.latency.p99,
      unit: 'ms p99',
      baseline: { name: 'raw SSE broadcaster', value: baseline.latency.p99, unit: 'ms p99' },
      ratio: latencyRatio,
      // Same update policy, same viewer and voter processes: pollcast should add nothing to the tail.
      target: latencyRatio === undefined ? undefined : { text: '≤ 1.0', met: latencyRatio <= 1 },
      latency: run.latency,
    },
    {
      id: 'P4',
      title: TITLES.memory,
      status: 'ok',
      value: run.memoryPerViewerKb,
      unit: 'KB',
      baseline: { name: 'raw SSE broadcaster', value: baseline.memoryPerViewerKb, unit: 'KB' },
      ratio: run.memoryPerViewerKb / baseline.memoryPerViewerKb,
      target: { text: '≤ 16 KB', met: run.memoryPerViewerKb <= 16 },
    },
  ];
}

async function fanoutRun(
  settings: Settings,
  server: Server,
  poll: { id: string; optionIds: string[] },
  viewers: Worker,
  voter: Worker,
): Promise<FanoutRun> {
  const connect = (count: number) =>
    viewers.call<{ ready: number; failed: number; reasons: Record<string, number>; ms: number }>(
      'connect',
      {
        port: server.port,
        path: `/api/polls/${poll.id}/stream`,
        count,
        concurrency: 200,
        timeoutMs: settings.viewerConnectTimeoutMs,
      },
      settings.viewerConnectTimeoutMs + 10_000,
    );
  // A few viewers come and go first, so P4 measures what each viewer adds, not first-use costs.
  await connect(50);
  await viewers.call('close');
  await sleep(settings.settleMs);
  const rssBefore = rssKb(server.pid);
  const connected = await connect(settings.viewers);
  if (connected.ready === 0) throw new Error(`no viewer connected: ${JSON.stringify(connected.reasons)}`);
  await sleep(settings.settleMs);
  const memoryPerViewerKb = (rssKb(server.pid) - rssBefore) / connected.ready;

  const cpu = cpuWindow([server.pid], [viewers.started.pid, voter.started.pid]);
  await viewers.call('record');
  const votes = await voter.call<FanoutRun['votes'] & { acks: [number, number][]; window: [number, number] }>(
    'vote',
    {
      port: server.port,
      pollId: poll.id,
      optionIds: poll.optionIds,
      rate: settings.fanoutVotesPerSecond,
      durationMs: settings.fanoutMs,
      ipBase: voterBlock(),
      connections: 256,
    },
    settings.fanoutMs + 30_000,
  );
  // The last votes' update may wait one coalescing interval, then travel.
  await sleep(1000 / settings.liveUpdatesPerSecond + 500);
  const stopped = await viewers.call<{ updates: number; events: number; dropped: number }>('stop');
  const usage = cpu.end();
  const analysis = await viewers.call<Pick<FanoutRun, 'deliveriesPerSecond' | 'latency'>>('analyze', {
    acks: votes.acks,
    window: votes.window,
  });
  await viewers.call('close');
  const { acks: _acks, window: _window, ...voteSummary } = votes;
  return {
    viewers: connected.ready,
    connectMs: connected.ms,
    connectFailures: connected.reasons,
    memoryPerViewerKb,
    ...analysis,
    expectedPerSecond: connected.ready * settings.liveUpdatesPerSecond,
    events: stopped.events,
    dropped: stopped.dropped,
    votes: voteSummary,
    cpu: usage,
  };
}
