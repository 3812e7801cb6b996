import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPolls } from './lib/api';
import { countVotes, createBenchDatabase, forgetPollsInRedis, settleDisk, type BenchDatabase } from './lib/database';
import { killAll, ROOT, setLogDir } from './lib/processes';
import { voteCheck } from './lib/result';
import { startPollcast } from './lib/servers';
import { settingsFor, type Settings } from './lib/settings';
import { type Ballot } from './lib/wrk';
import { measuredLoad } from './scenarios/votes';

/**
 * `npx tsx bench/ab.ts [--base=<other checkout>] [--rounds=2] [--ballot=choice|ranked|text] [--b-ballot=…] [--quick]`
 *
 * An interleaved A/B of P1 (durable votes/s over 100 polls). A is the server of another checkout
 * of pollcast (say a worktree at the commit before a change, with its own node_modules), or this
 * one; B is this one. A votes with `--ballot` ballots, B with `--b-ballot` (the same unless said),
 * so `--b-ballot=ranked` alone reads ranked P1 against choice P1 on this checkout. Runs go A B B A,
 * `rounds` times, each on a server started afresh with its own database, so drift of the machine
 * over the run falls on both sides alike. Prints every run and the medians.
 */

type Side = { name: 'A' | 'B'; root: string; ballot: Ballot; database: BenchDatabase; pollIds: string[] };
type Run = { side: 'A' | 'B'; votesPerSecond: number; serverMicros: number; servicesMicros: number; check: string };

function parse(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const ballot = (value('ballot') ?? 'choice') as Ballot;
  return {
    base: path.resolve(value('base') ?? ROOT),
    rounds: Number(value('rounds') ?? 2),
    ballot,
    bBallot: (value('b-ballot') ?? ballot) as Ballot,
    quick: argv.includes('--quick'),
  };
}

async function measure(settings: Settings, side: Side): Promise<Run> {
  const { ballot } = side;
  await settleDisk();
  const store = { databaseUrl: side.database.url };
  const server = await startPollcast(`ab-${side.name}`, settings, store, {}, side.root);
  try {
    const kind = ballot === 'choice' ? {} : { kind: ballot };
    const polls = await createPolls(server.url, settings.spreadPolls, `ab ${side.name}`, kind);
    side.pollIds.push(...polls.map((p) => p.id));
    const ctx = { settings, databaseUrl: side.database.url, pollIds: side.pollIds };
    const { warm, result, usage } = await measuredLoad(ctx, server, () => ({ polls, ipBase: nextBlock(), ballot }), {
      warmup: true,
    });
    const count = await countVotes(
      side.database.url,
      polls.map((p) => p.id),
      ballot,
    );
    const check = voteCheck((warm?.ok ?? 0) + result.ok, count, (warm?.unanswered ?? 0) + result.unanswered);
    const micros = (cores: number) => (cores * usage.seconds * 1e6) / Math.max(result.ok, 1);
    return {
      side: side.name,
      votesPerSecond: result.perSecond,
      serverMicros: micros(usage.server),
      servicesMicros: micros(usage.services),
      check: `${check.ok ? 'ok' : 'FAILED'}: ${check.text}`,
    };
  } finally {
    await server.stop();
  }
}

// Each side's runs vote from their own address blocks; 115 blocks are plenty for 10 rounds.
let block = 11;
const nextBlock = () => block++ * 0x1000000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (!fs.existsSync(path.join(args.base, 'server.ts'))) throw new Error(`${args.base} holds no pollcast checkout`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-ab-'));
  setLogDir(path.join(workDir, 'logs'));
  const settings = settingsFor({ quick: args.quick, pin: true, workDir });
  const sides: Record<'A' | 'B', Side> = {
    A: { name: 'A', root: args.base, ballot: args.ballot, database: await createBenchDatabase(), pollIds: [] },
    B: { name: 'B', root: ROOT, ballot: args.bBallot, database: await createBenchDatabase(), pollIds: [] },
  };
  const runs: Run[] = [];
  try {
    for (let round = 0; round < args.rounds; round++) {
      for (const name of ['A', 'B', 'B', 'A'] as const) {
        const run = await measure(settings, sides[name]);
        runs.push(run);
        console.log(
          `${name}: ${Math.round(run.votesPerSecond)} votes/s, server ${run.serverMicros.toFixed(0)} µs/vote, ` +
            `db+redis ${run.servicesMicros.toFixed(0)} µs/vote (${run.check})`,
        );
      }
    }
    const of = (side: 'A' | 'B', key: 'votesPerSecond' | 'serverMicros' | 'servicesMicros') =>
      median(runs.filter((r) => r.side === side).map((r) => r[key]));
    console.log(`\nA = ${args.base} (${args.ballot})\nB = ${ROOT} (${args.bBallot})`);
    console.log(`medians over ${args.rounds * 2} runs each:`);
    for (const key of ['votesPerSecond', 'serverMicros', 'servicesMicros'] as const) {
      console.log(
        `  ${key}: A ${of('A', key).toFixed(1)}, B ${of('B', key).toFixed(1)}, B/A ${(of('B', key) / of('A', key)).toFixed(3)}`,
      );
    }
    return runs.every((r) => r.check.startsWith('ok')) ? 0 : 1;
  } finally {
    killAll();
    for (const side of Object.values(sides)) {
      await side.database.drop();
      await forgetPollsInRedis(side.pollIds).catch(() => undefined);
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
