import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { nextVoterIp, type Mode, type Store } from '../support/harness';
import { openSocketViewer, openSseViewer } from '../support/live-viewers';
import { countRankings } from '../support/minneapolis';
import { pgliteTemplate, queryPgliteDataDir, seedPgliteDataDir } from '../support/pglite-template';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { rankAll } from '../support/ranked-ballots';
import { instantRunoff } from '../../src/kinds/ranked/tally';
import { apiOf, servicesEnv, storeFor } from './hostile-clients';

/**
 * Stopping and starting the assembled server as an operator (or a container runtime) does:
 * SIGTERM in the middle of a burst of votes answers everyone and loses nothing; SIGKILL leaves
 * a data directory the next start can open.
 */

type Outcome = { status: number; counted?: boolean } | { error: string };

/** POSTs a vote on an agent's kept-alive connection, resolving its outcome instead of throwing. */
function voteOn(agent: http.Agent, url: string, pollId: string, optionId: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ option_id: optionId });
    const request = http.request(
      `${url}/api/polls/${pollId}/vote`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(status === 200 ? { status, counted: JSON.parse(text).counted } : { status });
        });
        response.on('error', (error) => resolve({ error: error.message }));
      },
    );
    request.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    request.end(body);
  });
}

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

export function defineRestartSuite(mode: Mode): void {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(store: Store, env: Record<string, string> = {}): Promise<PollcastProcess> {
    const server = await startPollcastProcess({
      dataDir: store.dataDir,
      env: { ...servicesEnv(store), TRUST_PROXY: '127.0.0.1', RATE_LIMIT_VOTES_PER_MINUTE: '100000', ...env },
    });
    cleanups.push(() => server.stop());
    return server;
  }

  /**
   * A store of its own; in embedded mode its data directory starts as an initialised, empty cluster,
   * so the first start migrates without running initdb (tests/support/pglite-template.ts).
   */
  async function newStore(): Promise<Store> {
    const store = await storeFor(mode);
    cleanups.push(() => store.drop());
    if (!store.url) await seedPgliteDataDir(store.dataDir);
    return store;
  }

  /** A stopped server's poll as its database holds it: the rows of its ballots and its total. */
  async function storedVotes(store: Store, pollId: string): Promise<{ rows: number; total: number }> {
    const sql =
      'select (select count(*)::int from votes where poll_id = $1) as rows, total_votes as total from polls where id = $1';
    if (!store.url) {
      const [found] = await queryPgliteDataDir<{ rows: number; total: number }>(store.dataDir, sql, [pollId]);
      return found!;
    }
    const client = new pg.Client({ connectionString: store.url });
    await client.connect();
    try {
      return (await client.query(sql, [pollId])).rows[0];
    } finally {
      await client.end();
    }
  }

  if (mode === 'embedded') beforeAll(() => pgliteTemplate(), 120_000);

  describe(`graceful stop (${mode})`, () => {
    it('answers every vote already received when it gets SIGTERM mid-burst, and loses none', async () => {
      const store = await newStore();
      const server = await start(store);
      const poll = await apiOf(server).create();
      const viewer = await openSseViewer(server.url, poll.id);
      const socket = await openSocketViewer(server.url);
      socket.send({ type: 'subscribe', poll_id: poll.id });
      const socketClosed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));

      // 128 connections, each proven open by one answered request, then a vote on every one.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
      cleanups.push(async () => agent.destroy());
      const warm = await Promise.all(Array.from({ length: 128 }, () => get(agent, `${server.url}/api/health`)));
      expect(warm.every((status) => status === 200)).toBe(true);
      const burst: Promise<Outcome>[] = [];
      let firstAnswer!: () => void;
      const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
      for (let i = 0; i < 128; i++) {
        const outcome = voteOn(agent, server.url, poll.id, poll.options[i % 3]!.id);
        void outcome.then(firstAnswer);
        burst.push(outcome);
      }
      await answered;
      const exitCode = server.signal('SIGTERM');
      const outcomes = await Promise.all(burst);

      expect(outcomes.filter((o) => 'error' in o)).toEqual([]);
      const statuses = new Set(outcomes.map((o) => ('status' in o ? o.status : 0)));
      expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
      expect(await exitCode).toBe(0);
      await viewer.waitForEnd();
      // The stream's last words tell an EventSource to come back (to another instance) at once.
      expect(viewer.raw).toMatch(/retry: 250\n\n$/);
      expect(await socketClosed).toBe(1012);
      expect(server.output()).not.toContain('"level":"error"');

      const acknowledged = outcomes.filter((o) => 'status' in o && o.status === 200 && o.counted).length;
      expect(acknowledged).toBeGreaterThan(0);
      expect(await storedVotes(store, poll.id)).toEqual({ rows: acknowledged, total: acknowledged });
    });

    it('answers every request a kept-alive voter sends through SIGTERM, and resets none', async () => {
      const store = await newStore();
      const server = await start(store);
      const poll = await apiOf(server).create();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      cleanups.push(async () => agent.destroy());

      // 64 voters, each sending its next vote as soon as the last one is answered, on its own
      // kept-alive connection, until the server says it is stopping or no longer listens.
      let warmedUp = 0;
      let allWarm!: () => void;
      const warm = new Promise<void>((resolve) => (allWarm = resolve));
      const voter = async () => {
        const outcomes: Outcome[] = [];
        for (let i = 0; i < 400; i++) {
          const outcome = await voteOn(agent, server.url, poll.id, poll.options[i % 3]!.id);
          outcomes.push(outcome);
          if (i === 0 && ++warmedUp === 64) allWarm();
          if ('error' in outcome || outcome.status === 503) break;
        }
        return outcomes;
      };
      const voters = Array.from({ length: 64 }, voter);
      await warm;
      expect(await server.signal('SIGTERM')).toBe(0);
      const outcomes = (await Promise.all(voters)).flat();

      // A request that reached the server got an answer; a new connection after it stopped
      // listening is refused, which a client can tell apart and retry elsewhere.
      const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
      expect(errors.filter((error) => error !== 'ECONNREFUSED')).toEqual([]);
      const statuses = outcomes.flatMap((o) => ('status' in o ? [o.status] : []));
      expect(statuses).toContain(200);
      expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    });
  });

  describe(`crash mid-burst, ranked (${mode})`, () => {
    it('keeps every acknowledged ranked ballot through SIGKILL, its ranking counted once', async () => {
      const store = await newStore();
      const server = await start(store);
      const poll = await apiOf(server).create({ kind: 'ranked', options: ['Ada', 'Bo', 'Cy', 'Di'] });
      const optionIds = poll.options.map((option) => option.id);
      // 3,000 voters, each ranking a rotation of the options cut to 1 to 4 of them.
      const ballots = Array.from({ length: 3_000 }, (_, i) =>
        [...optionIds.slice(i % 4), ...optionIds.slice(0, i % 4)].slice(0, 1 + ((i >> 2) % 4)),
      );

      let acknowledged = 0;
      let killed: Promise<number | null> | undefined;
      const outcomes = await rankAll(server.url, poll.id, ballots, {
        concurrency: 64,
        onOutcome: (outcome) => {
          if ('status' in outcome && outcome.status === 200 && outcome.counted) acknowledged++;
          if (acknowledged === 500) killed ??= server.signal('SIGKILL');
        },
      });
      await killed;
      const acked = outcomes.flatMap((outcome, i) => ('status' in outcome && outcome.counted ? [i] : []));
      const unanswered = outcomes.filter((outcome) => 'error' in outcome).length;
      expect(acked.length).toBeGreaterThanOrEqual(500);
      expect(unanswered).toBeGreaterThan(0);

      const again = await start(store);
      const api = apiOf(again);
      const read = await api.read(poll.id);
      const exported = await rawRequest(again.url, 'GET', `/api/polls/${poll.id}/export.json`, {
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      const rows = (exported.body.ballots as { ranking: string[] }[]).map((ballot) => ballot.ranking);
      // Committed and not yet answered when the process died: in, though nobody was told.
      expect(rows.length).toBeGreaterThanOrEqual(acked.length);
      expect(rows.length).toBeLessThanOrEqual(acked.length + unanswered);
      expect(read.body.poll.total_votes).toBe(rows.length);
      // The ranking counts the count reads hold exactly the rows' rankings.
      expect(read.body.results).toEqual(instantRunoff(optionIds, countRankings(rows), poll.id));

      // Every acknowledged voter's ballot is there as cast: sending it again counts nothing.
      const resent = await rankAll(
        again.url,
        poll.id,
        acked.map((i) => ballots[i]!),
        {
          concurrency: 32,
          voterOf: (j) => acked[j]!,
        },
      );
      expect(resent.filter((outcome) => !('status' in outcome) || outcome.status !== 200 || outcome.counted)).toEqual(
        [],
      );
      expect((await api.read(poll.id)).body.poll.total_votes).toBe(rows.length);
    }, 120_000);
  });

  // PGlite's data directory is the embedded mode's own; services mode keeps nothing on disk.
  if (mode === 'embedded') {
    describe('restart after a crash (embedded)', () => {
      it('starts on a data directory whose lock names a live process that is not pollcast, never beside a live one', async () => {
        const store = await newStore();
        const first = await startPollcastProcess({ dataDir: store.dataDir, env: { TRUST_PROXY: '127.0.0.1' } });
        const poll = await apiOf(first).create();
        expect((await apiOf(first).vote(poll.id, poll.options[0]!.id)).status).toBe(200);
        await first.signal('SIGKILL');

        // As after a restart in a container: the lock left behind names a PID that is now another
        // live process (this test runner), in both the current and the older lock file formats.
        const claims = fs.readdirSync(store.dataDir).filter((name) => /^pollcast\.\d+-[0-9a-f]+\.pid$/.test(name));
        expect(claims).toHaveLength(1);
        const text = fs.readFileSync(path.join(store.dataDir, claims[0]!), 'utf8');
        fs.rmSync(path.join(store.dataDir, claims[0]!));
        fs.writeFileSync(
          path.join(store.dataDir, `pollcast.${process.pid}-0badc0de.pid`),
          text.replace(/^pid \d+$/m, `pid ${process.pid}`),
        );
        fs.writeFileSync(path.join(store.dataDir, 'pollcast.pid'), String(process.pid));

        const second = await start(store);
        expect((await apiOf(second).read(poll.id)).body.stats.total_votes).toBe(1);
        await expect(startPollcastProcess({ dataDir: store.dataDir })).rejects.toThrow(/in use by process/);
        expect((await apiOf(second).read(poll.id)).body.stats.total_votes).toBe(1);
        // Three processes start one after another: on a busy 2-core machine that alone can take a minute.
      }, 120_000);
    });
  }
}
