import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuWindow } from './lib/cpu';
import {
  createBenchDatabase,
  forgetPollsInRedis,
  postgresVersion,
  settleDisk,
  type BenchDatabase,
} from './lib/database';
import { commandExists, killAll, ROOT, setLogDir, sleep } from './lib/processes';
import { profileSummaries } from './lib/profile';
import { textTable, updateDoc, writeJson, type BenchReport } from './lib/report';
import { failed, type ScenarioResult } from './lib/result';
import { settingsFor, type Settings } from './lib/settings';
import { measureEventMoves } from './scenarios/event-moves';
import { measureFanout } from './scenarios/fanout';
import { measureInsert } from './scenarios/insert';
import { measureOpenLoop } from './scenarios/open-loop';
import { measureReads } from './scenarios/reads';
import {
  cpuPerVoteRows,
  measureEmbedded,
  measureHello,
  measureNextRoute,
  measureObservedVotes,
  measureServicesVotes,
  measureVoteReply,
} from './scenarios/votes';

/**
 * `npm run bench [-- --quick] [--no-pin] [--profile] [--only=votes,reads,fanout,events,next,embedded] [--install-wrk]`
 * Starts what it measures, runs the scenarios of docs/BENCHMARKS.md, prints the table, writes
 * bench/results/latest.json and the generated section of docs/BENCHMARKS.md, and always
 * cleans up: every process group it started, its database, its polls' Redis keys.
 * Without wrk it stops and says how to install it; `--install-wrk` lets it run apt-get itself.
 */

const GROUPS = ['votes', 'reads', 'fanout', 'events', 'next', 'embedded'] as const;
type Group = (typeof GROUPS)[number];

function parseArgs(argv: string[]) {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const groups = only ? (only.split(',') as Group[]) : [...GROUPS];
  const unknown = groups.filter((g) => !GROUPS.includes(g));
  if (unknown.length > 0) throw new Error(`unknown --only group(s): ${unknown.join(', ')}; use ${GROUPS.join(',')}`);
  return {
    quick: argv.includes('--quick'),
    pin: !argv.includes('--no-pin'),
    profile: argv.includes('--profile'),
    installWrk: argv.includes('--install-wrk'),
    groups: new Set(groups),
    partial: only !== undefined,
  };
}

/** Debian packages wrk; run only on --install-wrk, since installing system packages is the owner's call. */
function installWrk(): void {
  console.log('… installing wrk (apt-get install -y wrk)');
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', 'wrk']);
  if (!commandExists('wrk'))
    throw new Error('wrk is needed for the load and could not be installed: apt-get install -y wrk');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!commandExists('wrk')) {
    if (!args.installWrk) {
      console.error(
        'bench: wrk is needed for the load and is not installed; install it with\n' +
          '  apt-get install -y wrk\n' +
          'or let the bench install it (Debian, as root): npm run bench -- --install-wrk',
      );
      return 1;
    }
    installWrk();
  }
  if (args.pin && !commandExists('taskset')) throw new Error('taskset is missing (util-linux); or pass --no-pin');

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-bench-'));
  setLogDir(path.join(workDir, 'logs'));
  const resultsDir = path.join(ROOT, 'bench/results');
  const profileDir = args.profile ? path.join(resultsDir, 'profiles') : undefined;
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  const settings = settingsFor({ quick: args.quick, pin: args.pin, workDir, profileDir });
  const startedAt = new Date();

  console.log(`pollcast bench${args.quick ? ' --quick' : ''}: logs in ${workDir}/logs`);
  const idle = cpuWindow([]);
  await sleep(1_000);
  const idleCheck = idle.end();
  if (idleCheck.busy > 0.2) console.log(`note: the machine is busy before the start (${idleCheck.busy} cores in use)`);

  const database = await createBenchDatabase();
  const pollIds: string[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= cleanUp(database, pollIds).catch((error: unknown) => console.error('clean-up failed:', error)));
  const abort = (why: string, code: number) => {
    console.error(`bench: ${why}; stopping everything`);
    void cleanup().finally(() => process.exit(code));
  };
  const deadline = setTimeout(
    () => abort(`time limit of ${settings.timeLimitMs / 1000} s reached`, 1),
    settings.timeLimitMs,
  );
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));

  try {
    const results = await runScenarios(settings, args.groups, database.url, pollIds);
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      quick: settings.quick,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: await postgresVersion(),
        kernel: os.release(),
      },
      layout:
        settings.cpus.load === undefined
          ? 'nothing pinned'
          : `load tools (wrk, viewers, voter) on CPU${settings.cpus.load}, the server under test on CPU${settings.cpus.server}, PostgreSQL and Redis unpinned`,
      idleCheck,
      settings: { ...settings, workDir: undefined },
      results,
      notes: notes(settings, idleCheck.busy, results),
    };
    console.log(`\n${textTable(results)}\n`);
    for (const note of report.notes) console.log(`- ${note}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    writeJson(report, path.join(resultsDir, 'latest.json'));
    if (args.partial) console.log('\n--only run: docs/BENCHMARKS.md left as it was');
    else await updateDoc(report, path.join(ROOT, 'docs/BENCHMARKS.md'));
    console.log(`\nwrote bench/results/latest.json${args.partial ? '' : ' and docs/BENCHMARKS.md'}`);
    if (profileDir) for (const summary of profileSummaries(profileDir)) console.log(`\n${summary}`);
    const ok = !results.some((r) => r.status === 'failed' || r.check?.ok === false);
    if (ok) fs.rmSync(workDir, { recursive: true, force: true });
    else console.log(`logs kept in ${workDir}/logs`);
    return ok ? 0 : 1;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

async function runScenarios(
  settings: Settings,
  groups: Set<Group>,
  databaseUrl: string,
  pollIds: string[],
): Promise<ScenarioResult[]> {
  const ctx = { settings, databaseUrl, pollIds };
  const results: ScenarioResult[] = [];
  const step = async (label: string, run: () => Promise<ScenarioResult[]>, ids: [string, string][]) => {
    const startedAt = Date.now();
    console.log(`… ${label}`);
    try {
      // Each step starts on a settled disk, not behind the writes of the steps before it.
      await settleDisk();
      results.push(...(await run()));
    } catch (error) {
      console.error(`${label} failed:`, error instanceof Error ? error.message : error);
      results.push(...ids.map(([id, title]) => failed(id, title, error)));
    }
    console.log(`  (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  };
  // Baselines first, each before the rows read against it: insert and hello before P1 (and its
  // CPU rows), P1 before what is read against P1 (P2, P1-*, P6, next, embedded).
  let insert: ScenarioResult | undefined;
  let hello: ScenarioResult | undefined;
  let p1: ScenarioResult = { id: 'P1', title: 'P1', status: 'skipped' };
  if (groups.has('votes')) {
    await step(
      'plain batched INSERT baseline (PostgreSQL CPU per row)',
      async () => [(insert = await measureInsert(ctx))],
      [['insert', 'plain 100-row batched INSERT baseline']],
    );
    await step('hello-world baseline', async () => [(hello = await measureHello(ctx))], [
      ['hello', 'hello-world baseline'],
    ]);
    await step(
      'P1, P2: votes over 100 polls, then on one hot poll, then P1 counting browsers',
      async () => {
        const measured = await measureServicesVotes(ctx, hello);
        p1 = measured[0] ?? p1;
        const nodeAlone = await measureVoteReply(ctx, p1, hello).catch((error: unknown) =>
          failed('vote-reply', "P1's requests answered by Node alone", error),
        );
        // The CPU rows go right after P1, whose numbers they read; Node's share of P1-cpu after them.
        return [p1, ...cpuPerVoteRows(p1, hello, insert), nodeAlone, ...measured.slice(1)];
      },
      [
        ['P1', 'P1 durable votes/s'],
        ['P1-cpu', 'server CPU per vote'],
        ['P1-db', 'PostgreSQL + Redis CPU per vote'],
        ['vote-reply', "P1's requests answered by Node alone"],
        ['P2', 'P2 hot poll votes/s'],
        ['P1-browser', 'P1 counting browsers'],
        ['P1-ranked', 'P1 with ranked ballots'],
        ['P1-text', 'P1 with written answers'],
      ],
    );
    await step('P1 with metrics on, then with request logs', () => measureObservedVotes(ctx, p1), [
      ['P1-metrics', 'P1 with metrics'],
      ['P1-logs', 'P1 with request logs'],
    ]);
    await step(
      'P6: open-loop votes at half of P1, after hello-world under the same load',
      () => measureOpenLoop(ctx, p1),
      [
        ['hello-open', 'hello-world under the open-loop load'],
        ['P6', 'P6 open loop at ½ P1'],
        ['commit-probe', 'durable one-row commits during P6'],
      ],
    );
  }
  if (groups.has('reads')) {
    await step('reading a choice and a ranked poll with many ballots', () => measureReads(ctx), [
      ['read-choice', 'GET a choice poll'],
      ['read-ranked', 'GET a ranked poll'],
    ]);
  }
  if (groups.has('fanout')) {
    await step(`P3, P4: ${settings.viewers} SSE viewers`, () => measureFanout(ctx), [['P3', 'P3 fan-out']]);
  }
  if (groups.has('events')) {
    await step(
      `P5: ${settings.viewers} SSE followers of an event, ${settings.eventMoves} moves`,
      () => measureEventMoves(ctx),
      [['P5', 'P5 event moves']],
    );
  }
  if (groups.has('next')) {
    await step('votes through a Next route handler', async () => [await measureNextRoute(ctx, p1)], [
      ['next', 'Next route'],
    ]);
  }
  if (groups.has('embedded')) {
    await step('votes in embedded mode', async () => [await measureEmbedded(ctx, p1)], [['embedded', 'embedded']]);
  }
  return results;
}

function notes(settings: Settings, busyBefore: number, results: ScenarioResult[]): string[] {
  const notes: string[] = [];
  if (settings.quick)
    notes.push('`--quick`: seconds-long runs and 500 viewers, to prove the harness works; not a measurement.');
  if (busyBefore > 0.2)
    notes.push(`The machine was already using ${busyBefore} cores before the run: numbers are noisy.`);
  for (const r of results) {
    if (r.cpu && r.cpu.other > 0.2)
      notes.push(`${r.id}: other processes used ${r.cpu.other} cores during the measurement.`);
  }
  notes.push(
    `Every vote is a new voter (X-Forwarded-For from loopback, TRUST_PROXY=127.0.0.1), so each 200 is one new row; ` +
      `wrk with ${settings.connections} connections, ${settings.loadMs / 1000} s after ${settings.warmupMs / 1000} s warm-up. ` +
      'Before each step, CHECKPOINT and `sync` write out what the steps before it left for the disk.',
    `P3/P4: ${settings.viewers} viewers on raw sockets, votes at ${settings.fanoutVotesPerSecond}/s for ${settings.fanoutMs / 1000} s; ` +
      `pollcast and the raw broadcaster both send at most ${settings.liveUpdatesPerSecond} updates/s per poll (LIVE_UPDATES_PER_SECOND).`,
  );
  const has = (id: string) => results.some((r) => r.id === id && r.status === 'ok');
  if (has('P5'))
    notes.push(
      `P5: ${settings.viewers} followers of one event of ${settings.eventMoves + 1} questions (choice, ranked and text in turn) ` +
        `on raw sockets; the presenter shows the first, then moves to each next one, one move every ${settings.eventMoveGapMs / 1000} s, ` +
        "and latency runs from the moment a move is sent to a follower's `event_updated` showing it. The raw broadcaster " +
        "gets the same question in each move and sends the same bytes at once; pollcast also starts each follower's " +
        'live results of the new question, as the audience page does.',
    );
  if (has('insert'))
    notes.push(
      'CPU µs per unit = cores × window seconds × 1e6 ÷ units done in the window (requests, votes, rows). ' +
        'insert: a Node process on the server CPU inserts 100 rows per statement over 8 connections in a closed loop, ' +
        'each row a ballot in a copy of `votes` and its choice in a copy of `vote_choices` (same columns and indexes, ' +
        "no foreign keys); P1-db reads P1's PostgreSQL + Redis µs per vote against its PostgreSQL µs per row, " +
        "P1-cpu P1's server µs per vote against hello-world's per request.",
    );
  if (has('vote-reply'))
    notes.push(
      "vote-reply: wrk sends P1's requests again to a Node server that reads and parses each body and answers it " +
        "from memory (bench/baselines/vote-reply.ts) with the headers and body size of pollcast's answer to a new " +
        "voter, each after P1's p50 on a timer, so they come at about P1's rate; its server µs per request is " +
        "Node's part of P1-cpu, the rest is pollcast's.",
    );
  if (has('P1-ranked'))
    notes.push(
      'P1-ranked: P1 again on the same server over 100 ranked polls of four options, each ballot ranking one to four ' +
        "of them (64 distinct rankings); its check sums the polls' ranking counts instead of their option counters.",
    );
  if (has('P1-text'))
    notes.push(
      'P1-text: P1 again on the same server over 100 open-text polls, each ballot one answer: every other one of 20 ' +
        "common answers, the rest all different; its check sums the polls' answer groups instead of option counters.",
    );
  if (has('read-ranked'))
    notes.push(
      'read-choice, read-ranked: one choice and one ranked poll of ten options, each filled through the API by wrk ' +
        'with new voters (the ranked ballots rank one to five options, thousands of distinct rankings), then read with ' +
        "GET /api/polls/{id} by a server started afresh; each row's check gives its first read alone after the restart.",
    );
  if (has('P6'))
    notes.push(
      `P6: an open-loop load (bench/load/open-loop.ts) offers half of P1's votes/s on a fixed schedule, ` +
        `${settings.loadMs / 1000} s after ${settings.warmupMs / 1000} s warm-up, over up to 1,000 keep-alive connections; ` +
        "latency runs from each request's due time, so queueing counts. Baseline (hello-open): hello-world under the same " +
        'load at the same rate.',
    );
  if (has('commit-probe'))
    notes.push(
      'commit-probe: during P6, and during hello-open for comparison, bench/load/commit-probe.ts commits one-row ' +
        "INSERTs to the bench database one at a time, 100/s on a fixed schedule, each timed from its due time. A vote's " +
        'answer waits for its commit, so P6 cannot be faster than these commits at the same moment: a stall of ' +
        "the disk's WAL flush shows in both. Its commits add about 2 % to P6's db+redis CPU.",
    );
  return notes;
}

async function cleanUp(database: BenchDatabase, pollIds: string[]): Promise<void> {
  killAll();
  await sleep(200);
  await database.drop();
  await forgetPollsInRedis(pollIds).catch((error: unknown) =>
    console.error(`could not clean the bench's Redis keys: ${error instanceof Error ? error.message : error}`),
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    killAll();
    process.exit(1);
  },
);
