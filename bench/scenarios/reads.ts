import pg from 'pg';
import { createPolls } from '../lib/api';
import { countVotes } from '../lib/database';
import { failed, voteCheck, type ScenarioResult } from '../lib/result';
import { startPollcast, type Server } from '../lib/servers';
import { voterBlock } from '../lib/settings';
import { runWrk, type Ballot, type PollTarget } from '../lib/wrk';
import { measuredLoad, type VoteContext } from './votes';

/**
 * Reading a poll that holds many ballots: GET /api/polls/{id} of a ranked poll, whose answer
 * carries every instant-runoff round, against the same read of a choice poll with as many ballots,
 * in the same run. Both polls have ten options; the ranked ballots rank one to five of them, which
 * gives thousands of distinct rankings (79,312 Minneapolis ballots had 6,538). The polls are filled
 * through the API, then read by a freshly started server, whose first read of each is timed alone.
 */

type ReadKind = 'choice' | 'ranked';
type Filled = { poll: PollTarget; check: { text: string; ok: boolean } };

const OPTIONS = Array.from({ length: 10 }, (_, i) => `candidate ${i + 1}`);

export async function measureReads(ctx: VoteContext): Promise<ScenarioResult[]> {
  const ballots = ctx.settings.quick ? 5_000 : 100_000;
  const store = { databaseUrl: ctx.databaseUrl };
  const filling = await startPollcast('pollcast-fill', ctx.settings, store);
  let polls: Record<ReadKind, Filled>;
  try {
    const [choice] = await createPolls(filling.url, 1, 'read choice', { options: OPTIONS });
    const [ranked] = await createPolls(filling.url, 1, 'read ranked', { kind: 'ranked', options: OPTIONS });
    if (!choice || !ranked) throw new Error('creating the polls to read failed');
    ctx.pollIds.push(choice.id, ranked.id);
    polls = {
      choice: await fill(ctx, filling, choice, 'choice', ballots),
      ranked: await fill(ctx, filling, ranked, 'ranked', ballots),
    };
  } finally {
    await filling.stop();
  }
  const server = await startPollcast('pollcast-reads', ctx.settings, store);
  try {
    const cold = {
      choice: await timedRead(server, polls.choice.poll.id),
      ranked: await timedRead(server, polls.ranked.poll.id),
    };
    const rankings = await distinctRankings(ctx.databaseUrl, polls.ranked.poll.id);
    const read = async (ballot: ReadKind) => {
      const path = `/api/polls/${polls[ballot].poll.id}`;
      const { result, usage } = await measuredLoad(ctx, server, () => ({ getPath: path }), { warmup: true });
      return { result, usage };
    };
    const choice = await read('choice');
    const ranked = await read('ranked');
    const ratio = choice.result.perSecond > 0 ? ranked.result.perSecond / choice.result.perSecond : undefined;
    const n = ballots.toLocaleString('en-US');
    const row = (id: string, title: string, measured: typeof choice, ballot: ReadKind): ScenarioResult => ({
      id,
      title,
      status: 'ok',
      value: measured.result.perSecond,
      unit: 'reads/s',
      latency: measured.result.latency,
      cpu: measured.usage,
      check: {
        ok: measured.result.ok === measured.result.completed && polls[ballot].check.ok,
        text: `${polls[ballot].check.text}; first read after a restart ${cold[ballot].toFixed(1)} ms`,
      },
      details: { statuses: measured.result.statuses, firstReadMs: cold[ballot], distinctRankings: rankings },
    });
    return [
      row('read-choice', `GET a choice poll with ${n} ballots`, choice, 'choice'),
      {
        ...row(
          'read-ranked',
          `GET a ranked poll with ${n} ballots (${rankings.toLocaleString('en-US')} rankings)`,
          ranked,
          'ranked',
        ),
        baseline: { name: 'read-choice', value: choice.result.perSecond, unit: 'reads/s' },
        ratio,
        target: ratio === undefined ? undefined : { text: '≥ 0.8 × read-choice', met: ratio >= 0.8 },
      },
    ];
  } catch (error) {
    return [failed('read-choice', 'GET a choice poll', error), failed('read-ranked', 'GET a ranked poll', error)];
  } finally {
    await server.stop();
  }
}

/** Votes at least `ballots` new voters into one poll and checks every acknowledged one is a row. */
async function fill(
  ctx: VoteContext,
  server: Server,
  poll: PollTarget,
  ballot: Ballot,
  ballots: number,
): Promise<Filled> {
  const result = await runWrk(
    {
      url: server.url,
      connections: ctx.settings.connections,
      loadMs: 10 * 60_000,
      drainMs: ctx.settings.drainMs,
      cpu: ctx.settings.cpus.load,
      target: { polls: [poll], ipBase: voterBlock(), ballot },
      maxRequests: ballots,
    },
    ctx.settings.workDir,
  );
  // wrk's first request on each connection comes before the script can hold it back: a few more may land.
  if (result.ok < ballots) throw new Error(`filling the ${ballot} poll: ${result.ok} of ${ballots} votes acknowledged`);
  return { poll, check: voteCheck(result.ok, await countVotes(ctx.databaseUrl, [poll.id], ballot), result.unanswered) };
}

async function timedRead(server: Server, pollId: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/polls/${pollId}`, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`reading poll ${pollId}: ${response.status}`);
  return performance.now() - started;
}

async function distinctRankings(databaseUrl: string, pollId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from poll_rankings where poll_id = $1',
      [pollId],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
