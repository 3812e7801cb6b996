import { describe, expect, it } from 'vitest';
import { REDIS_TEST_URL, client, nextVoterIp, type Mode, type TestServer } from '../support/harness';
import { useContractInstance } from '../support/contract-instance';
import { openSocketViewer, openSseViewer } from '../support/live-viewers';

/**
 * Open-text polls (issue 27) over real HTTP and live connections, in each mode: creating them,
 * text ballots and their refusals, grouping and ties, results hidden wherever counts are, the
 * creator's moderation reaching live viewers, answers held by the profanity filter, the exports,
 * and the safety of anyone's text.
 */

type TextPoll = { id: string; code: string; admin_token: string; max_choices: number; options: unknown[] };
type Results = { answers: { text: string; count: number }[]; distinct: number };

export function defineTextContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let server: TestServer;
  let api: ReturnType<typeof client>;

  useContractInstance(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {}, (started) => {
    ({ server, api } = started);
  });

  const createText = async (overrides: Record<string, unknown> = {}): Promise<TextPoll> => {
    const reply = await api('POST', '/api/polls', {
      json: { kind: 'text', title: 'One word for today?', ...overrides },
      ip: nextVoterIp(),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as TextPoll;
  };
  const answer = (poll: TextPoll, answers: unknown, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${poll.id}/vote`, { json: { answers }, ip });
  const admin = (poll: TextPoll) => ({ authorization: `Bearer ${poll.admin_token}` });
  const resultsOf = async (poll: TextPoll): Promise<Results> =>
    (await api('GET', `/api/polls/${poll.id}`)).body.results;
  const moderate = (poll: TextPoll, json: Record<string, unknown>) =>
    api('PATCH', `/api/polls/${poll.id}`, { json, headers: admin(poll) });

  describe(`creating text polls (${mode})`, () => {
    it('makes a poll without options whose ballot holds one answer, and says so in every read', async () => {
      const poll = await createText();
      expect(poll).toMatchObject({ kind: 'text', max_choices: 1, options: [], filter_profanity: false });
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body).toMatchObject({
        poll: { kind: 'text', max_choices: 1 },
        options: [],
        results: { answers: [], distinct: 0 },
        voter: { has_voted: false, option_ids: [], answers: [] },
      });
      expect(read.body).not.toHaveProperty('moderation');
      const byCode = await api('GET', `/api/polls/by-code/${poll.code}`);
      expect(byCode.body.results).toEqual(read.body.results);
      expect((await createText({ max_choices: 10, options: [] })).max_choices).toBe(10);
    });

    it('refuses options, more than ten answers a ballot, and the profanity filter on other kinds', async () => {
      for (const [json, path] of [
        [{ kind: 'text', title: 't', options: ['a', 'b'] }, 'options'],
        [{ kind: 'text', title: 't', options: ['a'] }, 'options'],
        [{ kind: 'text', title: 't', max_choices: 11 }, 'max_choices'],
        [{ kind: 'text', title: 't', max_choices: 0 }, 'max_choices'],
        [{ kind: 'text', title: 't', filter_profanity: 'yes' }, 'filter_profanity'],
        [{ kind: 'choice', title: 't', options: ['a', 'b'], filter_profanity: true }, 'filter_profanity'],
        [{ kind: 'ranked', title: 't', options: ['a', 'b'], filter_profanity: true }, 'filter_profanity'],
      ] as const) {
        const reply = await api('POST', '/api/polls', { json, ip: nextVoterIp() });
        expect([reply.status, reply.body.error?.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
        expect(reply.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      }
    });
  });

  describe(`text ballots (${mode})`, () => {
    it('counts a ballot’s answers, and answers with the results and the voter’s own answers', async () => {
      const poll = await createText({ max_choices: 3 });
      const voter = nextVoterIp();
      const first = await answer(poll, ['Pizza', ' sushi ', 'Tacos'], voter);
      expect([first.status, first.body.counted, first.body.results_visible]).toEqual([200, true, true]);
      expect(first.body.new_counts).toEqual({ total_votes: 1, options: [] });
      expect(first.body.results).toEqual({
        answers: [
          { text: 'Pizza', count: 1 },
          { text: 'sushi', count: 1 },
          { text: 'Tacos', count: 1 },
        ],
        distinct: 3,
      });
      const read = await api('GET', `/api/polls/${poll.id}`, { ip: voter });
      expect(read.body.voter).toEqual({
        has_voted: true,
        option_id: null,
        option_ids: [],
        answers: ['Pizza', 'sushi', 'Tacos'],
      });
      expect(read.body.poll.total_votes).toBe(1);
    });

    it('answers the same answers again, in any order, case or spacing, with counted: false; others with 409', async () => {
      const poll = await createText({ max_choices: 2 });
      const voter = nextVoterIp();
      expect((await answer(poll, ['Ice cream', 'Tea'], voter)).body.counted).toBe(true);
      for (const same of [
        ['Ice cream', 'Tea'],
        ['tea', 'ICE CREAM'],
        ['icecream!', ' Tea.'],
      ]) {
        const again = await answer(poll, same, voter);
        expect([again.status, again.body.counted, again.body.new_counts.total_votes], same.join()).toEqual([
          200,
          false,
          1,
        ]);
      }
      for (const other of [['Ice cream'], ['Tea', 'Coffee'], ['Ice cream', 'Tea', 'Coffee']]) {
        const refused = await answer(poll, other, voter);
        const expected = other.length > 2 ? [400, 'invalid_request'] : [409, 'already_voted'];
        expect([refused.status, refused.body.error.code], other.join()).toEqual(expected);
        if (refused.status === 409) expect(refused.body.error.details).toEqual({ answers: ['Ice cream', 'Tea'] });
      }
      expect((await resultsOf(poll)).distinct).toBe(2);
    });

    it('refuses bad answers with 400 invalid_request naming the problem, storing nothing', async () => {
      const poll = await createText({ max_choices: 2 });
      for (const [answers, problem] of [
        [[], /at least one answer/],
        ['Pizza', /answers must be a list/],
        [['a', 'b', 'c'], /at most 2 answers|takes at most 2/],
        [['x'.repeat(41)], /at most 40 characters/],
        [[''], /empty|required|visible/],
        [['   '], /empty|visible/],
        [['\u200b\u200b'], /visible/],
        [['ab\u0007'], /control characters/],
        [['\ud800x'], /valid Unicode/],
        [['abc\u202edef'], /direction/],
        [['\u2066x\u2069'], /direction/],
        [['yes\u200f'], /direction/],
        [['Pizza', 'PIZZA!'], /different from each other/],
        [['cafe', 'ｃａｆｅ'], /different from each other/],
        [['apple', 'аpple'], /different from each other/],
        [[42], /text/],
      ] as const) {
        const reply = await answer(poll, answers);
        expect([reply.status, reply.body.error?.code], JSON.stringify(answers)).toEqual([400, 'invalid_request']);
        expect(reply.body.error.message, JSON.stringify(answers)).toMatch(problem);
      }
      const tooMany = await answer(poll, ['a', 'b', 'c']);
      expect(tooMany.body.error.details).toMatchObject({ max_choices: 2 });
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.total_votes).toBe(0);
    });

    it('refuses options for a text poll and answers for a choice or ranked poll', async () => {
      const poll = await createText();
      const choice = (await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() }))
        .body as { id: string; options: { id: string }[] };
      const voter = nextVoterIp();
      for (const [target, json] of [
        [poll.id, { option_ids: ['aaaaaaaa-0000-4000-8000-000000000001'] }],
        [poll.id, { ranking: ['aaaaaaaa-0000-4000-8000-000000000001'] }],
        [poll.id, { answers: ['a'], option_id: 'aaaaaaaa-0000-4000-8000-000000000001' }],
        [choice.id, { answers: ['a'] }],
      ] as const) {
        const reply = await api('POST', `/api/polls/${target}/vote`, { json, ip: voter });
        expect([reply.status, reply.body.error.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
      }
      expect((await answer(poll, ['a'], voter)).body.counted).toBe(true);
    });

    it('takes answers over the WebSocket, with the same answers and refusals', async () => {
      const poll = await createText();
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      try {
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 1, answers: ['Blue'] });
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 2, answers: ['bad\u202e'] });
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 3, answers: ['Green'] });
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 4, answers: ['BLUE'] });
        await socket.waitFor((messages) => messages.length >= 4, 'four answers');
        const reply = (id: number) => socket.messages.find((message) => message.request_id === id)!;
        expect(reply(1)).toMatchObject({
          type: 'vote_result',
          counted: true,
          results: { answers: [{ text: 'Blue', count: 1 }], distinct: 1 },
        });
        expect(reply(2)).toMatchObject({ type: 'error', code: 'invalid_request' });
        expect(reply(3)).toMatchObject({ type: 'error', code: 'already_voted', details: { answers: ['Blue'] } });
        expect(reply(4)).toMatchObject({ type: 'vote_result', counted: false });
      } finally {
        await socket.close();
      }
    });
  });

  describe(`grouping and order (${mode})`, () => {
    it('counts answers differing in case, width, spaces, trailing punctuation or look-alikes as one', async () => {
      const poll = await createText();
      for (const text of [
        'Ice cream',
        'ice cream',
        'ICE CREAM!',
        'icecream',
        'Ice  cream?',
        'Ｉｃｅ ｃｒｅａｍ',
        'Icе cream',
      ])
        expect((await answer(poll, [text])).body.counted, text).toBe(true);
      await answer(poll, ['ice cream']);
      expect(await resultsOf(poll)).toEqual({ answers: [{ text: 'ice cream', count: 8 }], distinct: 1 });
    });

    it('keeps accents apart and shows each group’s most-used spelling', async () => {
      const poll = await createText();
      for (const text of ['pêche', 'Peche', 'peche', 'PÊCHE', 'Pêche', 'Pêche']) await answer(poll, [text]);
      expect(await resultsOf(poll)).toEqual({
        answers: [
          { text: 'Pêche', count: 4 },
          { text: 'Peche', count: 2 },
        ],
        distinct: 2,
      });
    });

    it('orders by count, and equal counts by which was given first', async () => {
      const poll = await createText({ max_choices: 2 });
      await answer(poll, ['Delta', 'Alpha']);
      await answer(poll, ['Charlie']);
      await answer(poll, ['Bravo', 'charlie']);
      await answer(poll, ['alpha']);
      const { answers } = await resultsOf(poll);
      expect(answers).toEqual([
        { text: 'Alpha', count: 2 },
        { text: 'Charlie', count: 2 },
        { text: 'Delta', count: 1 },
        { text: 'Bravo', count: 1 },
      ]);
    });

    it('shows the 100 answers given most and counts every distinct one', async () => {
      const poll = await createText({ max_choices: 10 });
      const words = Array.from({ length: 130 }, (_, i) => `word ${String(i).padStart(3, '0')}`);
      for (let i = 0; i < words.length; i += 10) await answer(poll, words.slice(i, i + 10));
      await answer(poll, ['word 129', 'word 128']);
      const results = await resultsOf(poll);
      expect(results.distinct).toBe(130);
      expect(results.answers).toHaveLength(100);
      expect(results.answers.slice(0, 3)).toEqual([
        { text: 'word 128', count: 2 },
        { text: 'word 129', count: 2 },
        { text: 'word 000', count: 1 },
      ]);
      expect(results.answers.at(-1)).toEqual({ text: 'word 097', count: 1 });
    });
  });

  describe(`hidden text results (${mode})`, () => {
    it.each(['after_vote', 'after_close', 'creator'] as const)(
      '%s: results are null wherever the counts are hidden, and the answers nowhere',
      async (visibility) => {
        const poll = await createText({ results_visibility: visibility, listed: true });
        const secret = 'Zanzibar';
        const stranger = nextVoterIp();
        const sse = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': stranger });
        const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': stranger } });
        try {
          socket.send({ type: 'subscribe', poll_id: poll.id });
          const voted = await answer(poll, [secret]);
          const votersView = visibility === 'after_vote';
          expect([voted.body.results_visible, voted.body.results]).toEqual([
            votersView,
            votersView ? { answers: [{ text: secret, count: 1 }], distinct: 1 } : null,
          ]);
          const strangerRead = await api('GET', `/api/polls/${poll.id}`, { ip: stranger });
          expect([strangerRead.body.results_visible, strangerRead.body.results]).toEqual([false, null]);
          const byCode = await api('GET', `/api/polls/by-code/${poll.code}`, { ip: stranger });
          expect(byCode.body.results).toBeNull();
          const creator = await api('GET', `/api/polls/${poll.id}`, { ip: stranger, headers: admin(poll) });
          expect(creator.body.results).toEqual({ answers: [{ text: secret, count: 1 }], distinct: 1 });

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
          expect(listed.length).toBeGreaterThan(0);
          const oembed = await api('GET', `/api/oembed?url=${encodeURIComponent(`${server.url}/polls/${poll.id}`)}`);
          expect(oembed.status).toBe(200);
          const metrics = await server.pollcast.renderMetrics();
          for (const [place, text] of [
            ['a live message', JSON.stringify(live)],
            ['the lists', JSON.stringify(listed)],
            ['oEmbed', JSON.stringify(oembed.body)],
            ['metrics', metrics.body],
            ['a stranger’s read', JSON.stringify(strangerRead.body)],
            ['a read by code', JSON.stringify(byCode.body)],
          ] as const)
            expect(text, place).not.toContain(secret);

          expect((await moderate(poll, { is_active: false })).status).toBe(200);
          const shown = visibility !== 'creator';
          const closed = await api('GET', `/api/polls/${poll.id}`, { ip: stranger });
          expect(closed.body.results).toEqual(shown ? { answers: [{ text: secret, count: 1 }], distinct: 1 } : null);
          await sse.waitFor((events) => events.some((e) => JSON.parse(e.data).is_active === false), 'the close');
          const last = JSON.parse(sse.events.at(-1)!.data);
          expect(last.results).toEqual(closed.body.results);
        } finally {
          sse.close();
          await socket.close();
        }
      },
    );
  });

  describe(`moderation (${mode})`, () => {
    it('hides an answer by group from every result and live view at once, and shows it again', async () => {
      const poll = await createText();
      for (const text of ['Rude', 'Kind', 'Kind', 'Calm']) await answer(poll, [text]);
      const sse = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': nextVoterIp() });
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      try {
        socket.send({ type: 'subscribe', poll_id: poll.id });
        await sse.waitFor((events) => events.length > 0, 'the first state over SSE');
        await socket.waitFor((messages) => messages.some((m) => m.type === 'poll_updated'), 'the first state over WS');
        const before = JSON.parse(sse.events.at(-1)!.data);
        expect(before.results.answers.map((a: { text: string }) => a.text)).toEqual(['Kind', 'Rude', 'Calm']);

        const hidden = await moderate(poll, { hide_answers: ['RUDE!'] });
        expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
        // The very next live update leaves it out, on both transports.
        await sse.waitFor((events) => JSON.parse(events.at(-1)!.data).seq > before.seq, 'the hide over SSE');
        await socket.waitFor((m) => m.some((message) => message.seq > before.seq), 'the hide over the WebSocket');
        const next = [JSON.parse(sse.events.at(-1)!.data), socket.messages.findLast((m) => m.seq > before.seq)];
        for (const message of next)
          expect(message.results).toEqual({
            answers: [
              { text: 'Kind', count: 2 },
              { text: 'Calm', count: 1 },
            ],
            distinct: 2,
          });
        expect(JSON.stringify(next)).not.toContain('Rude');

        // Later answers in the hidden group stay out; the creator sees them in the moderation block.
        expect((await answer(poll, ['rude'])).body.results.answers).not.toContainEqual(
          expect.objectContaining({ text: 'rude' }),
        );
        expect((await resultsOf(poll)).distinct).toBe(2);
        const creator = await api('GET', `/api/polls/${poll.id}`, { headers: admin(poll) });
        expect(creator.body.moderation).toEqual({ hidden: [{ text: 'Rude', count: 2 }], held: [] });
        const stranger = await api('GET', `/api/polls/${poll.id}`);
        expect(stranger.body).not.toHaveProperty('moderation');

        const shownAgain = await moderate(poll, { show_answers: ['rude'] });
        expect(shownAgain.status).toBe(200);
        expect(await resultsOf(poll)).toEqual({
          answers: [
            { text: 'Rude', count: 2 },
            { text: 'Kind', count: 2 },
            { text: 'Calm', count: 1 },
          ],
          distinct: 3,
        });
        await sse.waitFor((events) => JSON.stringify(events.at(-1)).includes('Rude'), 'the show over SSE');
      } finally {
        sse.close();
        await socket.close();
      }
    });

    it('hides an answer before anyone gives it, and needs the admin token and a text poll', async () => {
      const poll = await createText();
      expect((await moderate(poll, { hide_answers: ['Spoiler'] })).status).toBe(200);
      await answer(poll, ['spoiler!']);
      await answer(poll, ['Fine']);
      expect(await resultsOf(poll)).toEqual({ answers: [{ text: 'Fine', count: 1 }], distinct: 1 });
      const creator = await api('GET', `/api/polls/${poll.id}`, { headers: admin(poll) });
      expect(creator.body.moderation.hidden).toEqual([{ text: 'spoiler!', count: 1 }]);

      const path = `/api/polls/${poll.id}`;
      expect((await api('PATCH', path, { json: { hide_answers: ['Fine'] } })).status).toBe(401);
      expect(
        (await api('PATCH', path, { json: { hide_answers: ['Fine'] }, headers: { authorization: 'Bearer x' } })).status,
      ).toBe(401);
      for (const json of [
        { hide_answers: [] },
        { hide_answers: 'Fine' },
        { hide_answers: ['bad\u202e'] },
        { hide_answers: ['Fine'], show_answers: ['FINE'] },
      ]) {
        const reply = await moderate(poll, json);
        expect([reply.status, reply.body.error?.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
      }
      const choice = (await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() }))
        .body as TextPoll;
      const refused = await moderate(choice, { hide_answers: ['a'] });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'invalid_request']);
      expect(await resultsOf(poll)).toEqual({ answers: [{ text: 'Fine', count: 1 }], distinct: 1 });
    });

    it('holds back what the profanity filter flags, counts it, and lets the creator release it', async () => {
      const poll = await createText({ filter_profanity: true });
      const rude = await answer(poll, ['shit']);
      expect([rude.status, rude.body.counted]).toEqual([200, true]);
      expect(rude.body.results).toEqual({ answers: [], distinct: 0 });
      await answer(poll, ['Sunny']);
      await answer(poll, ['SHIT!']);
      expect(await resultsOf(poll)).toEqual({ answers: [{ text: 'Sunny', count: 1 }], distinct: 1 });
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.total_votes).toBe(3);
      const creator = await api('GET', `/api/polls/${poll.id}`, { headers: admin(poll) });
      expect(creator.body.moderation).toEqual({ hidden: [], held: [{ text: 'shit', count: 2 }] });

      expect((await moderate(poll, { show_answers: ['Shit'] })).status).toBe(200);
      expect((await resultsOf(poll)).answers).toEqual([
        { text: 'shit', count: 2 },
        { text: 'Sunny', count: 1 },
      ]);
      // Released for good: a later flagged spelling of the group does not hold it again.
      await answer(poll, ['s h i t']);
      expect((await resultsOf(poll)).distinct).toBe(2);

      // A group that showed until a new spelling of it was flagged leaves the results then.
      const later = await createText({ filter_profanity: true });
      await answer(later, ['Hello']);
      expect((await answer(later, ['sh it'])).body.results.answers.map((a: { text: string }) => a.text)).toEqual([
        'Hello',
        'sh it',
      ]);
      expect((await answer(later, ['shit'])).body.results).toEqual({
        answers: [{ text: 'Hello', count: 1 }],
        distinct: 1,
      });
      expect(await resultsOf(later)).toEqual({ answers: [{ text: 'Hello', count: 1 }], distinct: 1 });
      const plain = await createText();
      expect((await answer(plain, ['shit'])).body.results.answers).toEqual([{ text: 'shit', count: 1 }]);
    });
  });

  describe(`exporting text polls (${mode})`, () => {
    it('writes each ballot’s answers in CSV columns, defused, in JSON, and the groups with their marks', async () => {
      const poll = await createText({ max_choices: 3, filter_profanity: true });
      await answer(poll, ['=HYPERLINK("x")', 'Plain, with comma']);
      await answer(poll, ['PLAIN, with comma', '@SUM(1)', '-2']);
      await answer(poll, ['shit']);
      await moderate(poll, { hide_answers: ['-2'] });

      const csv = await api('GET', `/api/polls/${poll.id}/export.csv`, { headers: admin(poll) });
      expect(csv.status).toBe(200);
      const rows = String(csv.body)
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      expect(rows[0]).toBe('voted_at (UTC),answer 1,answer 2,answer 3');
      expect(rows.slice(1).map((row) => row.replace(/^[^,]+,/, ''))).toEqual([
        `"'=HYPERLINK(""x"")","Plain, with comma",`,
        `"PLAIN, with comma",'@SUM(1),'-2`,
        'shit,,',
      ]);

      const json = await api('GET', `/api/polls/${poll.id}/export.json`, { headers: admin(poll) });
      expect(json.body.poll).toMatchObject({ kind: 'text', filter_profanity: true });
      expect(json.body.ballots.map((ballot: { answers: string[] }) => ballot.answers)).toEqual([
        ['=HYPERLINK("x")', 'Plain, with comma'],
        ['PLAIN, with comma', '@SUM(1)', '-2'],
        ['shit'],
      ]);
      expect(json.body.results).toEqual([
        { text: 'Plain, with comma', count: 2, hidden: false, held: false },
        { text: '=HYPERLINK("x")', count: 1, hidden: false, held: false },
        { text: '@SUM(1)', count: 1, hidden: false, held: false },
        { text: '-2', count: 1, hidden: true, held: false },
        { text: 'shit', count: 1, hidden: false, held: true },
      ]);

      const results = await api('GET', `/api/polls/${poll.id}/export.csv?part=results`, { headers: admin(poll) });
      expect(
        String(results.body)
          .replace(/^\uFEFF/, '')
          .split('\r\n')
          .filter(Boolean),
      ).toEqual([
        'answer,count,hidden,held',
        '"Plain, with comma",2,false,false',
        `"'=HYPERLINK(""x"")",1,false,false`,
        `'@SUM(1),1,false,false`,
        `'-2,1,true,false`,
        'shit,1,false,true',
      ]);
    });
  });

  describe(`anyone’s text is safe (${mode})`, () => {
    it('returns markup and script in an answer as plain JSON text, never as HTML', async () => {
      const poll = await createText({ max_choices: 2 });
      const markup = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];
      const voted = await answer(poll, markup);
      expect(voted.status).toBe(200);
      expect(voted.headers.get('content-type')).toMatch(/^application\/json/);
      expect(voted.headers.get('x-content-type-options')).toBe('nosniff');
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.headers.get('content-type')).toMatch(/^application\/json/);
      expect(read.body.results.answers.map((a: { text: string }) => a.text).sort()).toEqual([...markup].sort());
    });

    it('refuses direction controls anywhere in an answer, at every door', async () => {
      const poll = await createText();
      const voter = nextVoterIp();
      for (const control of [
        '\u202a',
        '\u202b',
        '\u202c',
        '\u202d',
        '\u202e',
        '\u2066',
        '\u2067',
        '\u2068',
        '\u2069',
        '\u200e',
        '\u200f',
        '\u061c',
      ]) {
        const reply = await answer(poll, [`a${control}b`], voter);
        expect([reply.status, reply.body.error?.code], JSON.stringify(control)).toEqual([400, 'invalid_request']);
      }
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': voter } });
      try {
        socket.send({ type: 'vote', poll_id: poll.id, request_id: 1, answers: ['\u202etxet'] });
        await socket.waitFor((messages) => messages.length >= 1, 'the refusal');
        expect(socket.messages[0]).toMatchObject({ type: 'error', code: 'invalid_request' });
      } finally {
        await socket.close();
      }
      expect((await resultsOf(poll)).distinct).toBe(0);
    });
  });

  describe(`a flood of distinct answers (${mode})`, () => {
    const FLOOD = 100_000;
    /** Answer i as text of one width, so the live messages' size says what they carry. */
    const textOf = (i: number) => `answer ${String(i).padStart(6, '0')}`;
    /** A distinct voter address for each of the flood's ballots. */
    const addressOf = (i: number) => `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

    it(
      'keeps results and live messages to the top 100 through 100,000 distinct answers',
      { timeout: 180_000 },
      async () => {
        const poll = await createText();
        const sse = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': nextVoterIp() });
        try {
          await sse.waitFor((events) => events.length > 0, 'the first state');
          // The one vote path, in process and 1,000 at a time: the writer batches them as it would requests.
          let next = 0;
          const castNext = async (): Promise<void> => {
            for (let i = next++; i < FLOOD; i = next++) {
              const voter = { address: addressOf(i), browser: `flood-${i}` };
              await server.pollcast.castVote({
                pollId: poll.id,
                ballot: { field: 'answers', values: [textOf(i)] },
                voter,
              });
            }
          };
          await Promise.all(Array.from({ length: 1_000 }, castNext));
          // Then the first hundred once more, by other voters: they lead, in the order they were first given.
          const again = Array.from({ length: 100 }, (_, i) => i);
          await Promise.all(
            again.map((i) =>
              server.pollcast.castVote({
                pollId: poll.id,
                ballot: { field: 'answers', values: [textOf(i)] },
                voter: { address: addressOf(FLOOD + i), browser: `again-${i}` },
              }),
            ),
          );

          const results = await resultsOf(poll);
          expect(results.distinct).toBe(FLOOD);
          expect(results.answers.every((answer) => answer.count === 2)).toBe(true);
          expect(results.answers.map((answer) => answer.text).sort()).toEqual(again.map(textOf));
          await sse.waitFor(
            (events) => JSON.parse(events.at(-1)!.data).total_votes === FLOOD + 100,
            'the last vote live',
          );
          const full = sse.events.map((event) => JSON.parse(event.data)).filter((m) => m.results.distinct >= 100);
          expect(full.length).toBeGreaterThan(1);
          for (const message of full) expect(message.results.answers).toHaveLength(100);
          // From the first message with 100 answers to the last, only the numbers' digits may differ.
          const sizes = sse.events.map((event) => event.data.length).slice(-full.length);
          expect(Math.max(...sizes) - sizes[0]!).toBeLessThanOrEqual(20);

          // A hidden answer makes every instance read the leaders again, from 100,000 groups: a 101st comes in.
          expect((await moderate(poll, { hide_answers: [textOf(0)] })).status).toBe(200);
          const reread = await resultsOf(poll);
          expect(reread.distinct).toBe(FLOOD - 1);
          expect(reread.answers.map((answer) => answer.count)).toEqual([...Array<number>(99).fill(2), 1]);
          expect(reread.answers.map((answer) => answer.text)).not.toContain(textOf(0));
        } finally {
          sse.close();
        }
      },
    );
  });
}
