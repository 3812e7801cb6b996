import { createPolls } from '../lib/api';
import { cpuWindow, type CpuUsage } from '../lib/cpu';
import { countVotes } from '../lib/database';
import { cpuPerUnit, skipped, voteCheck, type ScenarioResult } from '../lib/result';
import { startHello, startPollcast, type Server } from '../lib/servers';
import { voterBlock, type Settings } from '../lib/settings';
import type { Latency } from '../lib/stats';
import { startWorker, type Worker } from '../lib/worker';
import type { PollTarget } from '../lib/wrk';

/**
 * P6: latency under an open-loop load at half of P1's measured rate, where a closed loop (wrk)
 * would hide queueing. Votes leave on a fixed schedule (bench/load/open-loop.ts) and each is timed
 * from when it was due. Baseline: the hello-world server under the same tool at the same offered
 * rate; the ratio is P6's p99 ÷ hello-world's p99.
 */

export type OpenLoopContext = { settings: Settings; databaseUrl: string; pollIds: string[] };

/** Past this many connections, requests wait in the load tool for a free one (and their wait counts). */
const MAX_CONNECTIONS = 1000;

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

const TITLES = { baseline: 'hello-world under the open-loop load', p6: 'P6 open loop at ½ P1' };

export async function measureOpenLoop(ctx: OpenLoopContext, p1: ScenarioResult): Promise<ScenarioResult[]> {
  const { settings } = ctx;
  if (p1.status !== 'ok' || !p1.value) {
    const reason = 'needs P1 votes/s measured in the same run';
    return [skipped('hello-open', TITLES.baseline, reason), skipped('P6', TITLES.p6, reason)];
  }
  const rate = p1.value / 2;
  const tool = startWorker('open-loop', 'bench/load/open-loop.ts', { cpu: settings.cpus.load });
  try {
    const hello = await startHello(settings);
    let baseline: Measured;
    try {
      baseline = await measure(settings, tool, hello, rate, () => ({ getPath: '/' }));
    } finally {
      await hello.stop();
    }
    const server = await startPollcast('pollcast-open-loop', settings, { databaseUrl: ctx.databaseUrl });
    try {
      const polls = await createPolls(server.url, settings.spreadPolls, 'open-loop');
      ctx.pollIds.push(...polls.map((p) => p.id));
      const votes = await measure(settings, tool, server, rate, () => ({ polls, ipBase: voterBlock() }));
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
    await tool.stop();
  }
}

type Measured = { warm: OpenLoopResult; run: OpenLoopResult; cpu: CpuUsage };

async function measure(
  settings: Settings,
  tool: Worker,
  server: Server,
  rate: number,
  target: () => Target,
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
  const cpu = cpuWindow([server.pid], [tool.started.pid]);
  const run = await call(settings.loadMs);
  return { warm, run, cpu: cpu.end() };
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
      title: `${TITLES.p6}: ${offered} votes/s offered, ${Math.round(votes.run.perSecond).toLocaleString('en-US')}/s acked, ${pollCount} polls`,
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
  ];
}
