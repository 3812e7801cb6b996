import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createPolls } from '../lib/api';
import { cpuWindow, type CpuUsage } from '../lib/cpu';
import { countVotes, countVotesEmbedded, type VoteCount } from '../lib/database';
import { cpuPerUnit, failed, skipped, voteCheck, type ScenarioResult } from '../lib/result';
import {
  buildNext,
  nextBuildHasApiRoute,
  startHello,
  startNextApi,
  startPollcast,
  startVoteReply,
  type Server,
  type Store,
} from '../lib/servers';
import { voterBlock, type Settings } from '../lib/settings';
import { runWrk, type Ballot, type PollTarget, type WrkResult, type WrkRun } from '../lib/wrk';

/**
 * Request-rate scenarios, all driven by wrk with the same connections and durations:
 * the hello-world baseline, P1 (votes over many polls), P2 (one hot poll), and, without
 * targets, the same votes through Next's route handler and in embedded (PGlite) mode.
 */

export type VoteContext = { settings: Settings; databaseUrl: string; pollIds: string[] };

type WrkTarget = WrkRun['target'];

const ratio = (value: number, baseline: number) => (baseline > 0 ? value / baseline : undefined);

export async function measureHello(ctx: VoteContext): Promise<ScenarioResult> {
  const title = 'hello-world baseline (plain Node http)';
  const server = await startHello(ctx.settings);
  try {
    const { result, usage } = await measuredLoad(ctx, server, () => ({ getPath: '/' }), { warmup: true });
    return {
      id: 'hello',
      title,
      status: 'ok',
      value: result.perSecond,
      unit: 'req/s',
      latency: result.latency,
      cpu: usage,
      cpuPerUnit: cpuPerUnit(usage, result.ok, 'request'),
      details: { statuses: result.statuses, socketErrors: result.socketErrors },
    };
  } finally {
    await server.stop();
  }
}

/**
 * P1 and P2 on one pollcast process in services mode, then P1 again over polls that count
 * browsers: every request comes without a voter cookie, so each is a new browser that the
 * server hands a signed cookie, as a room of phones opening the poll would.
 */
export async function measureServicesVotes(ctx: VoteContext, hello?: ScenarioResult): Promise<ScenarioResult[]> {
  const server = await startPollcast('pollcast-votes', ctx.settings, { databaseUrl: ctx.databaseUrl });
  try {
    const spread = await createPolls(server.url, ctx.settings.spreadPolls, 'spread');
    const hot = await createPolls(server.url, 1, 'hot');
    ctx.pollIds.push(...spread.map((p) => p.id), ...hot.map((p) => p.id));

    const p1 = await voteScenario(ctx, server, spread, { warmup: true }, (ids) => countVotes(ctx.databaseUrl, ids));
    const p1Result: ScenarioResult = {
      id: 'P1',
      title: `P1 durable votes/s over ${spread.length} polls`,
      ...p1,
      baseline: hello?.value ? { name: 'hello-world', value: hello.value, unit: 'req/s' } : undefined,
      ratio: hello?.value ? ratio(p1.value, hello.value) : undefined,
    };
    p1Result.target = p1Result.ratio === undefined ? undefined : { text: '≥ 0.30', met: p1Result.ratio >= 0.3 };

    const p2 = await voteScenario(ctx, server, hot, { warmup: false }, (ids) => countVotes(ctx.databaseUrl, ids));
    const p2Ratio = ratio(p2.value, p1.value);
    const p2Result: ScenarioResult = {
      id: 'P2',
      title: 'P2 durable votes/s on one hot poll',
      ...p2,
      baseline: { name: 'P1', value: p1.value, unit: 'votes/s' },
      ratio: p2Ratio,
      target: p2Ratio === undefined ? undefined : { text: '≥ 0.8 × P1', met: p2Ratio >= 0.8 },
    };

    const rooms = await createPolls(server.url, ctx.settings.spreadPolls, 'browsers', { voter_identity: 'browser' });
    ctx.pollIds.push(...rooms.map((p) => p.id));
    const browsers = await voteScenario(ctx, server, rooms, { warmup: false }, (ids) =>
      countVotes(ctx.databaseUrl, ids),
    );
    const browsersResult: ScenarioResult = {
      id: 'P1-browser',
      title: `P1 with one ballot per browser (voter_identity "browser"), ${rooms.length} polls`,
      ...browsers,
      baseline: { name: 'P1', value: p1.value, unit: 'votes/s' },
      ratio: ratio(browsers.value, p1.value),
    };
    const ranked = await kindVotes(ctx, server, p1.value, 'ranked');
    const text = await kindVotes(ctx, server, p1.value, 'text');
    return [p1Result, p2Result, browsersResult, ranked, text];
  } finally {
    await server.stop();
  }
}

/**
 * P1 again over polls of another kind on the same server: ranked ballots (rankings of up to four
 * of four options, 64 distinct) or written answers; read against P1 of the same run.
 */
async function kindVotes(ctx: VoteContext, server: Server, p1: number, ballot: Ballot): Promise<ScenarioResult> {
  const polls = await createPolls(server.url, ctx.settings.spreadPolls, ballot, { kind: ballot });
  ctx.pollIds.push(...polls.map((p) => p.id));
  const measured = await voteScenario(ctx, server, polls, { warmup: true, ballot }, (ids) =>
    countVotes(ctx.databaseUrl, ids, ballot),
  );
  const measuredRatio = ratio(measured.value, p1);
  return {
    id: `P1-${ballot}`,
    title: `P1 with ${ballot === 'ranked' ? 'ranked ballots' : 'one written answer per ballot'}, ${polls.length} polls`,
    ...measured,
    baseline: { name: 'P1', value: p1, unit: 'votes/s' },
    ratio: measuredRatio,
    target: measuredRatio === undefined ? undefined : { text: '≥ 0.8 × P1', met: measuredRatio >= 0.8 },
  };
}

/**
 * What watching a server costs the vote path: P1 again on a server with Prometheus metrics on
 * (METRICS_TOKEN set), and on one writing a log line per request (LOG_LEVEL=info, the default
 * outside the bench), each against P1 (metrics off, LOG_LEVEL=warn) measured in the same run.
 */
export async function measureObservedVotes(ctx: VoteContext, p1: ScenarioResult): Promise<ScenarioResult[]> {
  const runs: { id: string; title: string; env: Record<string, string> }[] = [
    {
      id: 'P1-metrics',
      title: 'P1 with Prometheus metrics on',
      env: { METRICS_TOKEN: 'bench-metrics-token-0123456789' },
    },
    { id: 'P1-logs', title: 'P1 with a log line per request (LOG_LEVEL=info)', env: { LOG_LEVEL: 'info' } },
  ];
  const results: ScenarioResult[] = [];
  for (const run of runs) {
    const server = await startPollcast(run.id, ctx.settings, { databaseUrl: ctx.databaseUrl }, run.env);
    try {
      const polls = await createPolls(server.url, ctx.settings.spreadPolls, run.id);
      ctx.pollIds.push(...polls.map((p) => p.id));
      const measured = await voteScenario(ctx, server, polls, { warmup: true }, (ids) =>
        countVotes(ctx.databaseUrl, ids),
      );
      // Only a remark on the row: a scrape that fails leaves it out rather than failing the row.
      const batches = run.env.METRICS_TOKEN
        ? await batchSummary(server, run.env.METRICS_TOKEN).catch(() => undefined)
        : undefined;
      results.push({
        id: run.id,
        title: `${run.title}, ${polls.length} polls${batches ? `; ${batches.text}` : ''}`,
        ...measured,
        details: { ...measured.details, batches },
        baseline: p1.value ? { name: 'P1', value: p1.value, unit: 'votes/s' } : undefined,
        ratio: p1.value ? ratio(measured.value, p1.value) : undefined,
      });
    } finally {
      await server.stop();
    }
  }
  return results;
}

/**
 * How the vote writer batched the run's votes (warm-up included), from the server's own
 * histograms: votes per batch and time per batch statement, commit included, on average.
 */
async function batchSummary(
  server: Server,
  token: string,
): Promise<{ batches: number; votesPerBatch: number; msPerBatch: number; text: string } | undefined> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return undefined;
  const text = await response.text();
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
  const batches = read('pollcast_vote_batch_size_count');
  const votes = read('pollcast_vote_batch_size_sum');
  const seconds = read('pollcast_vote_batch_duration_seconds_sum');
  if (!(batches > 0) || !Number.isFinite(votes) || !Number.isFinite(seconds)) return undefined;
  const votesPerBatch = Math.round((votes / batches) * 10) / 10;
  const msPerBatch = Math.round(((seconds * 1000) / batches) * 10) / 10;
  return { batches, votesPerBatch, msPerBatch, text: `batches of ${votesPerBatch} votes, ${msPerBatch} ms each` };
}

/** The API mounted in Next's catch-all route handler (`next start`), for deployments without our server. */
export async function measureNextRoute(ctx: VoteContext, p1: ScenarioResult): Promise<ScenarioResult> {
  const id = 'next';
  const title = 'votes/s through a Next route handler';
  if (!nextBuildHasApiRoute()) {
    if (ctx.settings.quick) return skipped(id, title, 'no Next build with the API route; a full run builds it');
    const build = await buildNext(10 * 60_000);
    if (!build.ok) return failed(id, title, build.message);
  }
  const server = await startNextApi('next-api', ctx.settings, { databaseUrl: ctx.databaseUrl });
  try {
    return await reportedOnly(ctx, server, id, title, p1, (polls) => countVotes(ctx.databaseUrl, polls));
  } finally {
    await server.stop();
  }
}

export async function measureEmbedded(ctx: VoteContext, p1: ScenarioResult): Promise<ScenarioResult> {
  const dataDir = path.join(ctx.settings.workDir, 'embedded-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const store: Store = { dataDir };
  const server = await startPollcast('pollcast-embedded', ctx.settings, store);
  let stopped = false;
  try {
    // The data directory can only be read once pollcast has let go of it.
    return await reportedOnly(ctx, server, 'embedded', 'votes/s in embedded mode (PGlite)', p1, async (polls) => {
      await server.stop();
      stopped = true;
      return countVotesEmbedded(dataDir, polls);
    });
  } finally {
    if (!stopped) await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function reportedOnly(
  ctx: VoteContext,
  server: Server,
  id: string,
  title: string,
  p1: ScenarioResult,
  count: (pollIds: string[]) => Promise<VoteCount>,
): Promise<ScenarioResult> {
  const polls = await createPolls(server.url, ctx.settings.spreadPolls, id);
  ctx.pollIds.push(...polls.map((p) => p.id));
  const measured = await voteScenario(ctx, server, polls, { warmup: true }, count);
  return {
    id,
    title: `${title}, ${polls.length} polls`,
    ...measured,
    baseline: p1.value ? { name: 'P1', value: p1.value, unit: 'votes/s' } : undefined,
    ratio: p1.value ? ratio(measured.value, p1.value) : undefined,
  };
}

type Measured = Pick<ScenarioResult, 'status' | 'unit' | 'latency' | 'check' | 'cpu' | 'cpuPerUnit' | 'details'> & {
  value: number;
};

async function voteScenario(
  ctx: VoteContext,
  server: Server,
  polls: PollTarget[],
  { warmup, ballot }: { warmup: boolean; ballot?: Ballot },
  count: (pollIds: string[]) => Promise<VoteCount>,
): Promise<Measured> {
  const { warm, result, usage } = await measuredLoad(ctx, server, () => ({ polls, ipBase: voterBlock(), ballot }), {
    warmup,
  });
  const unanswered = (warm?.unanswered ?? 0) + result.unanswered;
  const check = voteCheck((warm?.ok ?? 0) + result.ok, await count(polls.map((p) => p.id)), unanswered);
  return {
    status: 'ok',
    value: result.perSecond,
    unit: 'votes/s',
    latency: result.latency,
    check,
    cpu: usage,
    cpuPerUnit: cpuPerUnit(usage, result.ok, 'vote'),
    details: { statuses: result.statuses, socketErrors: result.socketErrors, measuredAcked: result.ok },
  };
}

/**
 * The load every wrk row here runs: an optional warm-up, then the measured load, with the
 * server's (and the load tool's) CPU counted over the measured part only. `target` is called
 * per load, so vote loads get a fresh block of voter addresses each time.
 */
export async function measuredLoad(
  ctx: VoteContext,
  server: Server,
  target: () => WrkTarget,
  { warmup }: { warmup: boolean },
): Promise<{ warm?: WrkResult; result: WrkResult; usage: CpuUsage }> {
  const warm = warmup ? await load(ctx, server, target(), ctx.settings.warmupMs) : undefined;
  const cpu = cpuWindow([server.pid]);
  const result = await load(ctx, server, target(), ctx.settings.loadMs, (pid) => cpu.addLoad(pid));
  return { warm, result, usage: cpu.end() };
}

function load(
  ctx: VoteContext,
  server: Server,
  target: WrkTarget,
  loadMs: number,
  onStart?: (pid: number) => void,
): Promise<WrkResult> {
  const { settings } = ctx;
  return runWrk(
    {
      url: server.url,
      connections: settings.connections,
      loadMs,
      drainMs: settings.drainMs,
      cpu: settings.cpus.load,
      target,
    },
    settings.workDir,
    onStart,
  );
}

/**
 * What P1-cpu's budget holds once Node has done its part: P1's requests again, each answered by
 * Node alone from memory after P1's median latency (bench/baselines/vote-reply.ts), so the answers
 * come at about P1's rate and in bursts like P1's. Its server µs per request is the least any
 * vote server on Node pays per vote at that rate; P1-cpu less this is what pollcast's own work
 * costs. Read against hello-world's µs per request, like P1-cpu.
 */
export async function measureVoteReply(
  ctx: VoteContext,
  p1: ScenarioResult,
  hello?: ScenarioResult,
): Promise<ScenarioResult> {
  const id = 'vote-reply';
  const title = "P1's requests answered by Node alone, from memory";
  const waitMs = p1.latency?.p50;
  if (p1.status !== 'ok' || waitMs === undefined) return skipped(id, title, 'needs P1 measured in the same run');
  const wait = Math.max(1, Math.round(waitMs));
  const server = await startVoteReply(ctx.settings, wait);
  try {
    // Any poll ids do: the baseline answers every vote path alike.
    const polls = Array.from({ length: ctx.settings.spreadPolls }, () => ({
      id: crypto.randomUUID(),
      optionIds: Array.from({ length: 4 }, () => crypto.randomUUID()),
    }));
    const { result, usage } = await measuredLoad(ctx, server, () => ({ polls, ipBase: voterBlock() }), {
      warmup: true,
    });
    const perRequest = cpuPerUnit(usage, result.ok, 'request');
    const helloServer = hello?.cpuPerUnit?.server;
    return {
      id,
      title: `${title} after P1's p50 (${wait} ms), ${Math.round(result.perSecond).toLocaleString('en-US')} req/s`,
      status: 'ok',
      value: perRequest?.server,
      unit: 'µs',
      baseline: helloServer ? { name: 'hello-world server per request', value: helloServer, unit: 'µs' } : undefined,
      ratio: helloServer && perRequest ? ratio(perRequest.server, helloServer) : undefined,
      latency: result.latency,
      check: {
        ok: result.ok === result.completed && result.unanswered === 0,
        text: `200s ${result.ok.toLocaleString('en-US')} of ${result.completed.toLocaleString('en-US')}`,
      },
      cpu: usage,
      cpuPerUnit: perRequest,
      details: { statuses: result.statuses, socketErrors: result.socketErrors, waitMs: wait },
    };
  } finally {
    await server.stop();
  }
}

/**
 * P1-cpu and P1-db: what a vote costs in CPU, read against the least that could do the same work,
 * all from rows measured earlier in the run: the server's µs per vote in P1 against hello-world's
 * µs per request, and PostgreSQL + Redis's µs per vote in P1 against PostgreSQL's µs per row of
 * the plain batched INSERT baseline (the same rows, bench/baselines/insert.ts).
 */
export function cpuPerVoteRows(p1: ScenarioResult, hello?: ScenarioResult, insert?: ScenarioResult): ScenarioResult[] {
  const rows: {
    id: string;
    title: string;
    value?: number;
    baseline?: { name: string; value?: number; unit: string };
    limit: number;
  }[] = [
    {
      id: 'P1-cpu',
      title: 'server CPU per vote (P1)',
      value: p1.cpuPerUnit?.server,
      baseline: { name: 'hello-world server per request', value: hello?.cpuPerUnit?.server, unit: 'µs' },
      limit: 3,
    },
    {
      id: 'P1-db',
      title: 'PostgreSQL + Redis CPU per vote (P1)',
      value: p1.cpuPerUnit?.services,
      baseline: { name: 'PostgreSQL per row, plain INSERT', value: insert?.cpuPerUnit?.services, unit: 'µs' },
      limit: 2,
    },
  ];
  return rows.map(({ id, title, value, baseline, limit }) => {
    if (value === undefined) return skipped(id, title, 'P1 has no CPU per vote');
    if (baseline?.value === undefined || !(baseline.value > 0))
      return skipped(id, title, `no baseline (${baseline?.name ?? 'none'}) in this run`);
    const r = value / baseline.value;
    return {
      id,
      title,
      status: 'ok',
      value,
      unit: 'µs',
      baseline: { name: baseline.name, value: baseline.value, unit: baseline.unit },
      ratio: r,
      target: { text: `≤ ${limit}`, met: r <= limit },
    };
  });
}
