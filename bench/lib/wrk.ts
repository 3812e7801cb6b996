import fs from 'node:fs';
import path from 'node:path';
import { exited, startProcess, stopProcess, ROOT } from './processes';
import type { Latency } from './stats';

/** Runs wrk with bench/load/votes.lua in its own process and reads the numbers it prints. */

export type PollTarget = { id: string; optionIds: string[] };

/** What each vote holds: one option, a ranking of up to 5 options, or one written answer (bench/load/votes.lua). */
export type Ballot = 'choice' | 'ranked' | 'text';

export type WrkRun = {
  url: string;
  connections: number;
  /** How long load is offered; wrk then waits up to `drainMs` for the answers still in flight. */
  loadMs: number;
  drainMs: number;
  cpu?: number;
  /** What to send: votes over these polls (choice ballots unless said), or GETs of one path. */
  target: { polls: PollTarget[]; ipBase: number; ballot?: Ballot } | { getPath: string };
  /** Stop offering load after this many requests, even before `loadMs` is up. */
  maxRequests?: number;
};

export type WrkResult = {
  /** 200 responses: for votes, acknowledged new votes. */
  ok: number;
  completed: number;
  statuses: Record<string, number>;
  perSecond: number;
  latency: Latency;
  socketErrors: number;
  /** Requests still without an answer when wrk stopped; non-zero makes the vote check inexact. */
  unanswered: number;
};

let runs = 0;

export async function runWrk(run: WrkRun, workDir: string, onStart?: (pid: number) => void): Promise<WrkResult> {
  const name = `wrk-${++runs}`;
  const env: Record<string, string> = { BENCH_LOAD_MS: String(run.loadMs) };
  if (run.maxRequests !== undefined) env.BENCH_MAX_REQUESTS = String(run.maxRequests);
  if ('getPath' in run.target) env.BENCH_GET_PATH = run.target.getPath;
  else {
    const pollsFile = path.join(workDir, `${name}-polls.txt`);
    fs.writeFileSync(pollsFile, run.target.polls.map((p) => [p.id, ...p.optionIds].join(' ')).join('\n') + '\n');
    env.BENCH_POLLS = pollsFile;
    env.BENCH_IP_BASE = String(run.target.ipBase);
    env.BENCH_BALLOT = run.target.ballot ?? 'choice';
  }
  const seconds = Math.ceil((run.loadMs + run.drainMs) / 1000);
  const started = startProcess(
    name,
    [
      'wrk',
      '-t1',
      `-c${run.connections}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      path.join(ROOT, 'bench/load/votes.lua'),
      run.url,
    ],
    { env, cpu: run.cpu, stdio: 'pipe' },
  );
  onStart?.(started.pid);
  let stdout = '';
  started.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // Every answer is in: SIGINT makes wrk stop waiting out -d and report at once.
    if (chunk.includes('BENCH_DRAINED')) started.child.kill('SIGINT');
  });
  const killer = setTimeout(() => void stopProcess(started), (seconds + 30) * 1000);
  const code = await exited(started.child);
  clearTimeout(killer);
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${stdout.slice(-2_000)}`);
  const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as {
    completed: number;
    unanswered: number;
    statuses: Record<string, number>;
    offered_ms: number;
    errors: Record<string, number>;
    latency_us: { p50: number; p90: number; p99: number; max: number; mean: number };
  };
  const ok = raw.statuses['200'] ?? 0;
  const ms = (us: number) => us / 1000;
  return {
    ok,
    completed: raw.completed,
    statuses: raw.statuses,
    perSecond: ok / (Math.max(raw.offered_ms, 1) / 1000),
    latency: {
      p50: ms(raw.latency_us.p50),
      p90: ms(raw.latency_us.p90),
      p99: ms(raw.latency_us.p99),
      max: ms(raw.latency_us.max),
    },
    socketErrors: Object.values(raw.errors).reduce((a, b) => a + b, 0),
    unanswered: raw.unanswered,
  };
}
