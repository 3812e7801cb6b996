import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mode, Store } from '../support/harness';
import { openSocketViewer, openSseViewer, type SocketViewer, type SseViewer } from '../support/live-viewers';
import { loadMinneapolis } from '../support/minneapolis';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { rankAll } from '../support/ranked-ballots';
import { apiOf, servicesEnv, storeFor } from './hostile-clients';

/**
 * The 2013 Minneapolis mayoral election (tests/fixtures/rcv/README.md) voted into a ranked poll
 * of a started pollcast, every one of its 79,312 ballots through the HTTP API as a voter of its
 * own: the live result, a live viewer's last message and the RCTab export must give RCTab's
 * first round, final round and winner.
 */

type Results = { rounds: { tally: Record<string, number> }[]; winner: string | null };
type RctabRound = { tally: Record<string, string>; tallyResults: { elected?: string }[] };

/** Ballots in flight at once: fuller vote batches, so fewer counts per ballot; bounded for 2 cores. */
const CONCURRENCY = 96;

export function defineMinneapolisSuite(mode: Mode): void {
  const election = loadMinneapolis();
  let store: Store;
  let server: PollcastProcess;

  beforeAll(async () => {
    store = await storeFor(mode);
    server = await startPollcastProcess({ env: { ...servicesEnv(store), TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await server?.stop();
    await store?.drop();
  });

  describe(`the 2013 Minneapolis mayoral election as a ranked poll (${mode})`, () => {
    it("gives RCTab's first round, final round and winner, live and exported", async () => {
      const poll = await apiOf(server).create({
        kind: 'ranked',
        title: 'Minneapolis mayor 2013',
        options: election.options,
        max_choices: 3,
      });
      const idOf = new Map(poll.options.map((option) => [option.option_text, option.id]));
      const nameOf = new Map(poll.options.map((option) => [option.id, option.option_text]));
      const byName = (tally: Record<string, number>) =>
        Object.fromEntries(Object.entries(tally).map(([id, votes]) => [nameOf.get(id), votes]));
      const ballots = election.ballots.map((ranking) => ranking.map((name) => idOf.get(name)!));

      const sse: SseViewer = await openSseViewer(server.url, poll.id);
      const socket: SocketViewer = await openSocketViewer(server.url);
      try {
        socket.send({ type: 'subscribe', poll_id: poll.id });
        const started = performance.now();
        const outcomes = await rankAll(server.url, poll.id, ballots, { concurrency: CONCURRENCY });
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `minneapolis (${mode}): ${ballots.length} ballots in ${seconds.toFixed(1)} s, ` +
            `${Math.round(ballots.length / seconds)} per second, ${CONCURRENCY} at a time`,
        );
        const refused = outcomes.filter(
          (outcome) => !('status' in outcome) || outcome.status !== 200 || !outcome.counted,
        );
        expect(refused.slice(0, 3)).toEqual([]);

        const read = await apiOf(server).read(poll.id);
        expect(read.body.poll.total_votes).toBe(79_312);
        const results = read.body.results as Results;
        expect(byName(results.rounds[0]!.tally)).toEqual(election.expectedRounds[0]);
        expect(byName(results.rounds.at(-1)!.tally)).toEqual(election.expectedRounds.at(-1));
        expect(nameOf.get(results.winner!)).toBe(election.expectedWinner);
        expect(read.body.options.map((option: { vote_count: number }) => option.vote_count)).toEqual(
          poll.options.map((option) => results.rounds[0]!.tally[option.id]),
        );

        // Every viewer's last message is the final count, whichever instance or path it came through.
        const final = (message: { total_votes?: number }) => message.total_votes === 79_312;
        await sse.waitFor(
          (events) => events.some((event) => final(JSON.parse(event.data))),
          'the last ballot over SSE',
        );
        await socket.waitFor((messages) => messages.some(final), 'the last ballot over the WebSocket');
        expect(JSON.parse(sse.events.at(-1)!.data).results).toEqual(results);
        expect(socket.messages.at(-1)!.results).toEqual(results);

        const rctab = await rawRequest(server.url, 'GET', `/api/polls/${poll.id}/export.rctab.json`, {
          headers: { authorization: `Bearer ${poll.admin_token}` },
        });
        expect(rctab.status).toBe(200);
        const rounds = rctab.body.results as RctabRound[];
        const asText = (tally: Record<string, number>) =>
          Object.fromEntries(Object.entries(tally).map(([name, votes]) => [name, String(votes)]));
        expect(rounds[0]!.tally).toEqual(asText(election.expectedRounds[0]!));
        expect(rounds.at(-1)!.tally).toEqual(asText(election.expectedRounds.at(-1)!));
        expect(rounds.at(-1)!.tallyResults).toEqual([{ elected: election.expectedWinner, transfers: {} }]);
        expect(rctab.body.summary).toMatchObject({ totalNumBallots: '79312', numCandidates: 36 });
      } finally {
        sse.close();
        await socket.close();
      }
    }, 300_000);
  });
}
