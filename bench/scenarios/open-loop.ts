import { createPolls } from '../lib/api';
import { cpuWindow, type CpuUsage } from '../lib/cpu';
import { countVotes } from '../lib/database';
import { cpuPerUnit, skipped, voteCheck, type ScenarioResult } from '../lib/result';
import { startHello, startPollcast, type Server } from '../lib/servers';
import { voterBlock, type Settings } from '../lib/settings';
import type { Latency } from '../lib/stats';
import { startWorker, type Worker } from '../lib/worker';
import type { PollTarget } from '../lib/wrk';
import type { ProbeResult } from '../load/commit-probe';

/**
 * P6: latency under an open-loop load at half of P1's measured rate, where a closed loop (wrk)
 * would hide queueing. Votes leave on a fixed schedule (bench/load/open-loop.ts) and each is timed
 * from when it was due. Baseline: the hello-world server under the same tool at the same offered
 * rate; the ratio is P6's p99 ÷ hello-world's p99.
 *
 * Beside both, the commit probe (bench/load/commit-probe.ts) times one-row durable commits to the
 * same PostgreSQL: a vote cannot be answered sooner than a commit made at the same moment, so
 * the probe's tail during P6 is the floor under P6's, and its tail during hello-world's run (the
 * probe's commits alone) tells whether the disk stalls by itself or under the votes' writes.
 */

export type OpenLoopContext = { settings: Settings; databaseUrl: string; pollIds: string[] };

/** Past this many connections, requests wait in the load tool for a free one (and their wait counts). */
const MAX_CONNECTIONS = 1000;
/** Durable commits per second the probe makes: ~0.012 cores of PostgreSQL (bench/load/commit-probe.ts). */
const PROBE_RATE = 100;

type OpenLoopResult = {
  rate: number;
  sent: number;
  answered: number;
  unanswered: number;
  ok: number;
  statuses: Record<string, number>;
  perSecond: number;
  latency: Latency;
  lateness: { p50: number; p99: number; max: number };
  connectionsOpened: number;
  maxInFlight: number;
  lastAnswerMs: number;
};

type Target = { getPath: string } | { polls: PollTarget[]; ipBase: number };

const TITLES = {
  baseline: 'hello-world under the open-loop load',
  p6: 'P6 open loop at ½ P1',
  probe: 'durable one-row commits during P6',
};

export async function measureOpenLoop(ctx: OpenLoopContext, p1: ScenarioResult): Promise<ScenarioResult[]> {
  const { settings } = ctx;
  if (p1.status !== 'ok' || !p1.value) {
    const reason = 'needs P1 votes/s measured in the same run';
    return [
      skipped('hello-open', TITLES.baseline, reason),
      skipped('P6', TITLES.p6, reason),
      skipped('commit-probe', TITLES.probe, reason),
    ];
  }
  const rate = p1.value / 2;
  const tool = startWorker('open-loop', 'bench/load/open-loop.ts', { cpu: settings.cpus.load });
  const probe = startWorker('commit-probe', 'bench/load/commit-probe.ts', { cpu: settings.cpus.load });
  const probing = { worker: probe, databaseUrl: ctx.databaseUrl };
  try {
    const hello = await startHello(settings);
    let baseline: Measured;
    try {
      baseline = await measure(settings, tool, hello, rate, () => ({ getPath: '/' }), probing);
    } finally {
      await hello.stop();
    }
    const server = await startPollcast('pollcast-open-loop', settings, { databaseUrl: ctx.databaseUrl });
    try {
      const polls = await createPolls(server.url, settings.spreadPolls, 'open-loop');
      ctx.pollIds.push(...polls.map((p) => p.id));
      const votes = await measure(settings, tool, server, rate, () => ({ polls, ipBase: voterBlock() }), probing);
      const acked = votes.warm.ok + votes.run.ok;
      const unanswered = votes.warm.unanswered + votes.run.unanswered;
      const check = voteCheck(
        acked,
        await countVotes(
          ctx.databaseUrl,
          polls.map((p) => p.id),
        ),
        unanswered,
      );
      return rows(rate, polls.length, baseline, votes, check);
    } finally {
      await server.stop();
    }
  } finally {
    await Promise.all([tool.stop(), probe.stop()]);
  }
}

type Measured = { warm: OpenLoopResult; run: OpenLoopResult; cpu: CpuUsage; probe: ProbeResult };

async function measure(
  settings: Settings,
  tool: Worker,
  server: Server,
  rate: number,
  target: () => Target,
  probing: { worker: Worker; databaseUrl: string },
): Promise<Measured> {
  const call = (durationMs: number) =>
    tool.call<OpenLoopResult>(
      'run',
      {
        port: server.port,
        rate,
        durationMs,
        drainMs: settings.drainMs,
        maxConnections: MAX_CONNECTIONS,
        target: target(),
      },
      durationMs + settings.drainMs + 30_000,
    );
  const warm = await call(settings.warmupMs);
  await probing.worker.call('start', { databaseUrl: probing.databaseUrl, rate: PROBE_RATE });
  const cpu = cpuWindow([server.pid], [tool.started.pid, probing.worker.started.pid]);
  const run = await call(settings.loadMs);
  const usage = cpu.end();
  const probe = await probing.worker.call<ProbeResult>('stop', undefined, 30_000);
  return { warm, run, cpu: usage, probe };
}

function rows(
  rate: number,
  pollCount: number,
  baseline: Measured,
  votes: Measured,
  check: { text: string; ok: boolean },
): ScenarioResult[] {
  const offered = Math.round(rate).toLocaleString('en-US');
  const details = (m: Measured) => {
    const { latency: _latency, ...run } = m.run;
    return { ...run, warmup: { sent: m.warm.sent, ok: m.warm.ok, unanswered: m.warm.unanswered } };
  };
  const baseP99 = baseline.run.latency.p99;
  const p99 = votes.run.latency.p99;
  const ratio = baseP99 > 0 ? p99 / baseP99 : undefined;
  const n = (value: number) => value.toLocaleString('en-US');
  // The baseline's own check: every GET answered with a 200, warm-up included.
  const helloOk = baseline.warm.ok + baseline.run.ok;
  const helloSent = baseline.warm.sent + baseline.run.sent;
  const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());
  const probe = votes.probe;
  // Probes fall behind their schedule only if commits keep taking longer than the interval; then
  // the window's end goes unprobed, and the row says so.
  const probesExpected = Math.floor(PROBE_RATE * votes.cpu.seconds * 0.9);
  const probeOk = probe.failed === 0 && baseline.probe.failed === 0 && probe.commits >= probesExpected;
  return [
    {
      id: 'hello-open',
      title: `${TITLES.baseline}, ${offered} req/s offered`,
      status: 'ok',
      value: baseP99,
      unit: 'ms p99',
      latency: baseline.run.latency,
      check: {
        ok: helloOk === helloSent,
        text: `200s ${n(helloOk)} ${helloOk === helloSent ? '=' : '≠'} sent ${n(helloSent)}`,
      },
      cpu: baseline.cpu,
      cpuPerUnit: cpuPerUnit(baseline.cpu, baseline.run.ok, 'request'),
      details: details(baseline),
    },
    {
      id: 'P6',
      title:
        `${TITLES.p6}: ${offered} votes/s offered, ${Math.round(votes.run.perSecond).toLocaleString('en-US')}/s acked, ` +
        `${pollCount} polls; a durable commit's p99 meanwhile ${ms(probe.latency.p99)} ms (commit-probe)`,
      status: 'ok',
      value: p99,
      unit: 'ms p99',
      baseline: { name: 'hello-world, same open loop', value: baseP99, unit: 'ms p99' },
      ratio,
      target: ratio === undefined ? undefined : { text: '≤ 5', met: ratio <= 5 },
      latency: votes.run.latency,
      check,
      cpu: votes.cpu,
      cpuPerUnit: cpuPerUnit(votes.cpu, votes.run.ok, 'vote'),
      details: details(votes),
    },
    {
      id: 'commit-probe',
      title:
        `${TITLES.probe}, ${PROBE_RATE}/s on their own connection (the floor under P6's latency); ` +
        `during hello-world's run, the probe's commits alone: p99 ${ms(baseline.probe.latency.p99)} ms, ` +
        `max ${ms(baseline.probe.latency.max)} ms`,
      status: 'ok',
      value: probe.latency.p99,
      unit: 'ms p99',
      latency: probe.latency,
      check: {
        ok: probeOk,
        text:
          `committed ${n(probe.commits)}` +
          (probe.failed + baseline.probe.failed > 0 ? `, ${probe.failed + baseline.probe.failed} failed` : '') +
          (probe.commits < probesExpected ? `, fewer than ${n(probesExpected)}` : ''),
      },
      details: { duringVotes: probe, duringHello: baseline.probe },
    },
  ];
}
