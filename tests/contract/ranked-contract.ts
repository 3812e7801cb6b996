import { describe, expect, it } from 'vitest';
import { instantRunoff } from '../../src/kinds/ranked/tally';
import { REDIS_TEST_URL, client, nextVoterIp, type Mode, type TestServer } from '../support/harness';
import { useContractInstance } from '../support/contract-instance';
import { openSocketViewer, openSseViewer } from '../support/live-viewers';

/**
 * Ranked-choice polls (issue 26) over real HTTP and live connections, in each mode: creating
 * them, ranked ballots and their refusals, the instant-runoff results at every entry point and hidden
 * wherever counts are, and the exports.
 */

type Option = { id: string; option_text: string; vote_count: number | null };
type RankedPoll = { id: string; code: string; admin_token: string; max_choices: number; options: Option[] };
type Results = {
  method: 'irv';
  rounds: {
    round: number;
    tally: Record<string, number>;
    eliminated: string[];
    exhausted: number;
    tie_break?: string;
  }[];
  winner: string | null;
};

export function defineRankedContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let server: TestServer;
  let api: ReturnType<typeof client>;

  useContractInstance(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {}, (started) => {
    ({ server, api } = started);
  });

  const createRanked = async (overrides: Record<string, unknown> = {}): Promise<RankedPoll> => {
    const reply = await api('POST', '/api/polls', {
      json: { kind: 'ranked', title: 'Mayor', options: ['Ada', 'Bo', 'Cy', 'Di'], ...overrides },
      ip: nextVoterIp(),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as RankedPoll;
  };
  /** The option ids of a poll named by the first letters of their texts, in that order: `ids(poll, 'CAB')`. */
  const ids = (poll: RankedPoll, order: string) =>
    [...order].map((letter) => poll.options.find((option) => option.option_text.startsWith(letter))!.id);
  const rank = (poll: RankedPoll, ranking: unknown, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${poll.id}/vote`, { json: { ranking }, ip });
  const admin = (poll: RankedPoll) => ({ authorization: `Bearer ${poll.admin_token}` });
  /** What pollcast's count gives for these rankings, by option letters. */
  const expected = (poll: RankedPoll, ...orders: string[]) => {
    const counts = new Map<string, number>();
    for (const order of orders) counts.set(order, (counts.get(order) ?? 0) + 1);
    return instantRunoff(
      poll.options.map((option) => option.id),
      [...counts].map(([order, count]) => ({ ranking: ids(poll, order), count })),
      poll.id,
    );
  };

  describe(`creating ranked polls (${mode})`, () => {
    it('makes a ranked poll whose ballots may rank every option, and says so in every answer', async () => {
      const poll = await createRanked();
      expect(poll).toMatchObject({ kind: 'ranked', max_choices: 4, total_votes: 0 });
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body.poll).toMatchObject({ kind: 'ranked', max_choices: 4 });
      expect(read.body.results).toEqual({
        method: 'irv',
        rounds: [
          { round: 1, tally: Object.fromEntries(ids(poll, 'ABCD').map((id) => [id, 0])), eliminated: [], exhausted: 0 },
        ],
        winner: null,
      });
      const byCode = await api('GET', `/api/polls/by-code/${poll.code}`);
      expect(byCode.body.results).toEqual(read.body.results);
      const choice = await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() });
      expect(choice.body).toMatchObject({ kind: 'choice', max_choices: 1 });
      expect((await api('GET', `/api/polls/${choice.body.id}`)).body).not.toHaveProperty('results');
    });

    it('takes up to 50 options and a max_choices below them; refuses 51 options and an unknown kind', async () => {
      const fifty = Array.from({ length: 50 }, (_, i) => `Candidate ${i + 1}`);
      expect((await createRanked({ options: fifty, max_choices: 3 })).max_choices).toBe(3);
      for (const [json, path] of [
        [{ kind: 'ranked', title: 't', options: [...fifty, 'One more'] }, 'options'],
        [{ kind: 'choice', title: 't', options: fifty.slice(0, 21) }, 'options'],
        [{ kind: 'approval', title: 't', options: ['a', 'b'] }, 'kind'],
        [{ kind: 'ranked', title: 't', options: ['a', 'b'], max_choices: 3 }, 'max_choices'],
      ] as const) {
        const reply = await api('POST', '/api/polls', { json, ip: nextVoterIp() });
        expect([reply.status, reply.body.error.code], JSON.stringify(json).slice(0, 60)).toEqual([
          400,
          'invalid_request',
        ]);
        expect(reply.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      }
    });
  });

  describe(`ranked ballots (${mode})`, () => {
    it('counts a ranking and answers with the first-round counts and the rounds', async () => {
      const poll = await createRanked();
      const first = await rank(poll, ids(poll, 'BCA'));
      expect([first.status, first.body.counted, first.body.results_visible]).toEqual([200, true, true]);
      expect(first.body.new_counts).toEqual({
        total_votes: 1,
        options: ids(poll, 'ABCD').map((id, i) => ({ id, count: i === 1 ? 1 : 0 })),
      });
      expect(first.body.results).toEqual(expected(poll, 'BCA'));
      expect(first.body.results.winner).toBe(ids(poll, 'B')[0]);

      const voter = nextVoterIp();
      await rank(poll, ids(poll, 'CA'), voter);
      await rank(poll, ids(poll, 'AC'));
      const read = await api('GET', `/api/polls/${poll.id}`, { ip: voter });
      expect(read.body.results).toEqual(expected(poll, 'BCA', 'CA', 'AC'));
      expect(read.body.voter).toEqual({ has_voted: true, option_id: ids(poll, 'C')[0], option_ids: ids(poll, 'CA') });
      expect(read.body.options.map((o: Option) => o.vote_count)).toEqual([1, 1, 1, 0]);
    });

    it('answers the same ranking again with counted: false, and another order with 409 and the earlier ranking', async () => {
      const poll = await createRanked();
      const voter = nextVoterIp();
      expect((await rank(poll, ids(poll, 'DAB'), voter)).body.counted).toBe(true);
      const again = await rank(
        poll,
        ids(poll, 'DAB').map((id) => id.toUpperCase()),
        voter,
      );
      expect([again.status, again.body.counted, again.body.new_counts.total_votes]).toEqual([200, false, 1]);
      for (const other of ['ADB', 'DA', 'DABC']) {
        const refused = await rank(poll, ids(poll, other), voter);
        expect([refused.status, refused.body.error.code], other).toEqual([409, 'already_voted']);
        expect(refused.body.error.details).toEqual({ ranking: ids(poll, 'DAB') });
      }
      const { body } = await api('GET', `/api/polls/${poll.id}`);
      expect(body.poll.total_votes).toBe(1);
    });

    it('refuses a ranking that is empty, repeats an option, is too long, malformed or of another poll', async () => {
      const poll = await createRanked({ max_choices: 2 });
      const other = await createRanked();
      const [a, b, c] = ids(poll, 'ABC') as [string, string, string];
      for (const [ranking, code] of [
        [[], 'invalid_request'],
        [[a, b, a], 'invalid_request'],
        [[a, a.toUpperCase()], 'invalid_request'],
        [[a, b, c], 'invalid_request'],
        [[a, 'not-an-id'], 'invalid_request'],
        ['a', 'invalid_request'],
        [[a, other.options[1]!.id], 'invalid_option'],
      ] as const) {
        const reply = await rank(poll, ranking);
        expect([reply.status, reply.body.error.code], JSON.stringify(ranking)).toEqual([400, code]);
      }
      const tooMany = await rank(poll, [a, b, c]);
      expect(tooMany.body.error.details).toEqual({ max_choices: 2 });
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.total_votes).toBe(0);
    });

    it('refuses options for a ranked poll and a ranking for a choice poll, at once and for good', async () => {
      const poll = await createRanked();
      const choice = (await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() }))
        .body as RankedPoll;
      const voter = nextVoterIp();
      for (const [target, json] of [
        [poll, { option_ids: ids(poll, 'A') }],
        [poll, { option_id: ids(poll, 'A')[0] }],
        [poll, { option_ids: ids(poll, 'A'), ranking: ids(poll, 'A') }],
        [choice, { ranking: [choice.options[0]!.id] }],
      ] as const) {
        const reply = await api('POST', `/api/polls/${target.id}/vote`, { json, ip: voter });
        expect([reply.status, reply.body.error.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
      }
      expect((await rank(poll, ids(poll, 'A'), voter)).body.counted).toBe(true);
    });

    it('takes a ranking over the WebSocket, with the same answers and refusals', async () => {
      const poll = await createRanked();
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      try {
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 1, ranking: ids(poll, 'CB') });
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 2, option_ids: ids(poll, 'C') });
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 3, ranking: ids(poll, 'BC') });
        await socket.waitFor((messages) => messages.length >= 3, 'three answers');
        const answer = (id: number) => socket.messages.find((message) => message.request_id === id)!;
        expect(answer(1)).toMatchObject({ type: 'vote_result', counted: true, results: expected(poll, 'CB') });
        expect(answer(2)).toMatchObject({ type: 'error', code: 'invalid_request' });
        expect(answer(3)).toMatchObject({
          type: 'error',
          code: 'already_voted',
          details: { ranking: ids(poll, 'CB') },
        });
      } finally {
        await socket.close();
      }
    });

    it('counts hand-checked polls as instant runoff does: exhaustion, short ballots, a drawn tie', async () => {
      // No majority in round 1; D goes to B; C's ballots rank nobody else and are exhausted; A and B
      // are then tied, and round 1, where B had fewer, decides.
      const poll = await createRanked({ max_choices: 3 });
      for (const order of ['A', 'A', 'A', 'BA', 'BC', 'C', 'C', 'DB']) await rank(poll, ids(poll, order));
      const { body } = await api('GET', `/api/polls/${poll.id}`);
      const [a, b, c, d] = ids(poll, 'ABCD') as [string, string, string, string];
      expect(body.results).toEqual({
        method: 'irv',
        rounds: [
          { round: 1, tally: { [a]: 3, [b]: 2, [c]: 2, [d]: 1 }, eliminated: [d], exhausted: 0 },
          { round: 2, tally: { [a]: 3, [b]: 3, [c]: 2 }, eliminated: [c], exhausted: 0 },
          { round: 3, tally: { [a]: 3, [b]: 3 }, eliminated: [], exhausted: 2, tie_break: 'previous_round' },
        ],
        winner: a,
      } satisfies Results);

      // Two options tied from the first ballot to the last: the draw seeded by the poll's id decides.
      const tied = await createRanked({ options: ['Ada', 'Bo'] });
      await rank(tied, ids(tied, 'AB'));
      await rank(tied, ids(tied, 'BA'));
      const draw = (await api('GET', `/api/polls/${tied.id}`)).body.results as Results;
      expect(draw).toEqual(expected(tied, 'AB', 'BA'));
      expect(draw.rounds).toHaveLength(1);
      expect(draw.rounds[0]!.tie_break).toBe('random');
      expect(ids(tied, 'AB')).toContain(draw.winner);
    });
  });

  describe(`editing ranked polls (${mode})`, () => {
    const edit = (poll: RankedPoll, options: string[]) =>
      api('PATCH', `/api/polls/${poll.id}`, { json: { options }, headers: admin(poll) });
    const SIX = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];

    it('lets ballots rank every option after an edit adds or removes some, when the creator set no limit', async () => {
      const poll = await createRanked();
      const more = await edit(poll, SIX);
      expect([more.status, more.body.max_choices]).toEqual([200, 6]);
      const fewer = await edit(poll, ['Ada', 'Bo', 'Cy']);
      expect([fewer.status, fewer.body.max_choices]).toEqual([200, 3]);
      const again = (await edit(poll, SIX)).body as RankedPoll;
      expect(again.max_choices).toBe(6);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.max_choices).toBe(6);
      const all = await rank(again, ids(again, 'FEDCBA'));
      expect([all.status, all.body.counted], JSON.stringify(all.body)).toEqual([200, true]);
    });

    it('keeps the limit the creator chose, never above the options, and brings it back with more', async () => {
      const poll = await createRanked({ max_choices: 3 });
      expect((await edit(poll, SIX)).body.max_choices).toBe(3);
      const two = await edit(poll, ['Ada', 'Bo']);
      expect([two.status, two.body.max_choices], JSON.stringify(two.body)).toEqual([200, 2]);
      const five = (await edit(poll, SIX.slice(0, 5))).body as RankedPoll;
      expect(five.max_choices).toBe(3);
      const tooLong = await rank(five, ids(five, 'EDCB'));
      expect([tooLong.status, tooLong.body.error.details]).toEqual([400, { max_choices: 3 }]);
      expect((await rank(five, ids(five, 'EDC'))).body.counted).toBe(true);
    });
  });

  describe(`hidden ranked results (${mode})`, () => {
    const sees = (body: { results_visible: boolean; results: Results | null }) => [body.results_visible, body.results];

    it.each(['after_vote', 'after_close', 'creator'] as const)(
      '%s: results are null wherever the counts are hidden, and the count itself nowhere',
      async (visibility) => {
        const poll = await createRanked({ results_visibility: visibility, listed: true });
        const voter = nextVoterIp();
        const stranger = nextVoterIp();
        const sse = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': stranger });
        const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': stranger } });
        try {
          socket.send({ type: 'subscribe', poll_id: poll.id });
          const voted = await rank(poll, ids(poll, 'CA'), voter);
          const votersView = visibility === 'after_vote';
          expect(sees(voted.body)).toEqual([votersView, votersView ? expected(poll, 'CA') : null]);
          const strangerRead = await api('GET', `/api/polls/${poll.id}`, { ip: stranger });
          expect(sees(strangerRead.body)).toEqual([false, null]);
          const byCode = await api('GET', `/api/polls/by-code/${poll.code}`, { ip: stranger });
          expect(sees(byCode.body)).toEqual([false, null]);
          const creator = await api('GET', `/api/polls/${poll.id}`, { ip: stranger, headers: admin(poll) });
          expect(sees(creator.body)).toEqual([true, expected(poll, 'CA')]);

          const seq = strangerRead.body.stats.seq;
          await sse.waitFor((events) => events.some((e) => JSON.parse(e.data).seq >= seq), 'the vote over SSE');
          await socket.waitFor((messages) => messages.some((m) => m.seq >= seq), 'the vote over the WebSocket');
          const live = [...sse.events.map((e) => JSON.parse(e.data)), ...socket.messages.filter((m) => m.poll_id)];
          for (const message of live)
            expect([message.type, message.results_visible, message.results]).toEqual(['poll_updated', false, null]);

          const listed = [
            ...(await api('GET', '/api/polls?limit=100')).body.polls,
            ...(await api('GET', '/api/polls/trending?limit=50')).body.polls,
          ].filter((listedPoll: { id: string }) => listedPoll.id === poll.id);
          const oembed = await api(
            'GET',
            `/api/oembed?url=${encodeURIComponent(`${server.url}/polls/${poll.id}`)}&format=json`,
          );
          const metrics = await server.pollcast.renderMetrics();
          for (const [place, text] of [
            ['a live message', JSON.stringify(live)],
            ['the lists', JSON.stringify(listed)],
            ['oEmbed', JSON.stringify(oembed.body)],
            ['metrics', metrics.body],
            ['a stranger’s read', JSON.stringify(strangerRead.body)],
          ] as const) {
            expect(text, place).not.toMatch(/"winner"|"rounds"|"tally"/);
            expect(text, place).not.toContain(ids(poll, 'C')[0] + '":');
          }
          expect(listed.length).toBeGreaterThan(0);
          expect(oembed.status).toBe(200);

          // Closed, nobody can vote any more: "after you vote" and "when it closes" show everyone.
          expect(
            (await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: admin(poll) })).status,
          ).toBe(200);
          const shown = visibility !== 'creator';
          const closed = await api('GET', `/api/polls/${poll.id}`, { ip: stranger });
          expect(sees(closed.body)).toEqual([shown, shown ? expected(poll, 'CA') : null]);
          await sse.waitFor(
            (events) => events.some((e) => JSON.parse(e.data).is_active === false),
            'the close over SSE',
          );
          const last = JSON.parse(sse.events.at(-1)!.data);
          expect([last.results_visible, last.results]).toEqual([shown, shown ? expected(poll, 'CA') : null]);
        } finally {
          sse.close();
          await socket.close();
        }
      },
    );
  });

  describe(`exporting ranked polls (${mode})`, () => {
    it('writes each ballot’s ranks as option text in CSV, its ranking in JSON, and the count as RCTab’s summary', async () => {
      const poll = await createRanked({ options: ['=Ada', 'Bo, Jr.', 'Cy'], max_choices: 3 });
      for (const order of ['=B', 'BC=', 'C']) await rank(poll, ids(poll, order));

      const csv = await api('GET', `/api/polls/${poll.id}/export.csv`, { headers: admin(poll) });
      expect(csv.status).toBe(200);
      const rows = String(csv.body)
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      expect(rows[0]).toBe('voted_at (UTC),ballot,rank 1,rank 2,rank 3');
      expect(rows.slice(1).map((row) => row.replace(/^[^,]+,/, ''))).toEqual([
        `1,'=Ada,"Bo, Jr.",`,
        `2,"Bo, Jr.",Cy,'=Ada`,
        '3,Cy,,',
      ]);

      const json = await api('GET', `/api/polls/${poll.id}/export.json`, { headers: admin(poll) });
      expect(json.body.poll.kind).toBe('ranked');
      expect(json.body.ballots.map((ballot: { ranking: string[] }) => ballot.ranking)).toEqual([
        ids(poll, '=B'),
        ids(poll, 'BC='),
        ids(poll, 'C'),
      ]);
      expect(json.body.ballots[1].options).toEqual(['Bo, Jr.', 'Cy', '=Ada']);

      const rctab = await api('GET', `/api/polls/${poll.id}/export.rctab.json`, { headers: admin(poll) });
      expect(rctab.status).toBe(200);
      expect(rctab.headers.get('content-disposition')).toMatch(/^attachment; filename="poll-[A-Z0-9]{6}-rctab\.json"$/);
      expect(rctab.body).toMatchObject({
        jsonFormatVersion: '1',
        config: { contest: 'Mayor', generatedBy: 'pollcast' },
      });
      expect(rctab.body.results[0].tally).toEqual({ '=Ada': '1', 'Bo, Jr.': '1', Cy: '1' });
      expect(rctab.body.results.at(-1).tallyResults).toEqual([
        {
          elected: poll.options.find((o) => o.id === expected(poll, '=B', 'BC=', 'C').winner)!.option_text,
          transfers: {},
        },
      ]);
      expect(rctab.body.summary).toMatchObject({ numCandidates: 3, totalNumBallots: '3' });
    });

    it('gives the RCTab summary to the creator only, and only of a ranked poll', async () => {
      const poll = await createRanked();
      const path = `/api/polls/${poll.id}/export.rctab.json`;
      expect((await api('GET', path)).status).toBe(401);
      expect((await api('GET', path, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const choice = (await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() }))
        .body as RankedPoll;
      const refused = await api('GET', `/api/polls/${choice.id}/export.rctab.json`, { headers: admin(choice) });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'invalid_request']);
      const hidden = await createRanked({ results_visibility: 'creator' });
      await rank(hidden, ids(hidden, 'A'));
      const summary = await api('GET', `/api/polls/${hidden.id}/export.rctab.json`, { headers: admin(hidden) });
      expect(summary.body.results[0].tally).toMatchObject({ Ada: '1' });
    });
  });
}
