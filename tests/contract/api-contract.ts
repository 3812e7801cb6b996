import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  REDIS_TEST_URL,
  client,
  freshStore,
  nextVoterIp,
  startInstance,
  tcpRelay,
  WAIT,
  type Mode,
  type Store,
  type TestServer,
} from '../support/harness';
import { useContractInstance } from '../support/contract-instance';

/** The REST contract of docs/API.md, run over real HTTP against each mode, with or without Redis. */

export function defineApiContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let store: Store;
  let server: TestServer;
  let api: ReturnType<typeof client>;

  useContractInstance(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {}, (started) => {
    ({ store, server, api } = started);
  });

  const createPoll = async (overrides: Record<string, unknown> = {}, on = api) => {
    const reply = await on('POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...overrides },
      ip: nextVoterIp(),
    });
    expect(reply.status).toBe(201);
    return reply.body as {
      id: string;
      admin_token: string;
      options: { id: string; option_text: string; vote_count: number }[];
      expires_at: string | null;
    };
  };
  const vote = (pollId: string, optionId: unknown, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${pollId}/vote`, { json: { option_id: optionId }, ip });

  describe(`creating polls (${mode})`, () => {
    it('creates a poll and answers 201 with a Location and a one-time admin token', async () => {
      const reply = await api('POST', '/api/polls', {
        json: { title: '  Best editor?  ', description: 'Be honest', options: [' vim ', 'emacs'], category: 'tech' },
      });
      expect(reply.status).toBe(201);
      expect(reply.headers.get('location')).toBe(`/api/polls/${reply.body.id}`);
      expect(reply.body).toMatchObject({
        title: 'Best editor?',
        description: 'Be honest',
        category: 'tech',
        is_active: true,
        total_votes: 0,
        expires_at: null,
      });
      expect(reply.body.options.map((o: { option_text: string }) => o.option_text)).toEqual(['vim', 'emacs']);
      expect(reply.body.admin_token).toMatch(/^[\w-]{20,}$/);
      const [row] = await server.pollcast.database.rows<{ admin_token_hash: string }>(
        sql`select admin_token_hash from polls where id = ${reply.body.id}::uuid`,
      );
      expect(row?.admin_token_hash).not.toContain(reply.body.admin_token);
      const read = await api('GET', `/api/polls/${reply.body.id}`);
      expect(JSON.stringify(read.body)).not.toContain(reply.body.admin_token);
    });

    it.each([
      ['no title', { options: ['a', 'b'] }],
      ['a blank title', { title: '   ', options: ['a', 'b'] }],
      ['one option', { title: 't', options: ['a'] }],
      ['21 options', { title: 't', options: Array.from({ length: 21 }, (_, i) => `o${i}`) }],
      ['repeated options', { title: 't', options: ['Yes', 'yes '] }],
      ['an empty option', { title: 't', options: ['a', ''] }],
      ['a 256-character title', { title: 'x'.repeat(256), options: ['a', 'b'] }],
      ['a too long description', { title: 't', options: ['a', 'b'], description: 'd'.repeat(2001) }],
      ['an end time in the past', { title: 't', options: ['a', 'b'], expires_at: '2020-01-01T00:00:00Z' }],
      ['an end time that is not a date', { title: 't', options: ['a', 'b'], expires_at: 'tomorrow' }],
      ['options that are not texts', { title: 't', options: [1, 2] }],
      ['a list instead of an object', [1, 2, 3]],
    ])('refuses %s with 400 invalid_request', async (_label, json) => {
      const reply = await api('POST', '/api/polls', { json });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
      expect(reply.body.error.message).toEqual(expect.any(String));
    });

    it('refuses a body that is not JSON with 400, and one not labelled JSON with 415', async () => {
      const broken = await api('POST', '/api/polls', {
        body: '{"title":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('invalid_request');
      const form = await api('POST', '/api/polls', {
        body: 'title=x&options=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(form.body.error.code).toBe('unsupported_media_type');
      const plain = await api('POST', '/api/polls', {
        body: '{"title":"t","options":["a","b"]}',
        headers: { 'content-type': 'text/plain' },
      });
      expect(plain.status).toBe(415);
    });

    it('refuses a body over the size cap with 413', async () => {
      const reply = await api('POST', '/api/polls', {
        json: { title: 't', options: ['a', 'b'], description: 'x'.repeat(40_000) },
      });
      expect(reply.status).toBe(413);
      expect(reply.body.error.code).toBe('payload_too_large');
    });
  });

  describe(`reading polls (${mode})`, () => {
    it('lists open listed polls newest first, pages through them and filters by category', async () => {
      const category = `cat-${Date.now()}`;
      const first = await createPoll({ title: 'first', category, listed: true });
      const second = await createPoll({ title: 'second', category, listed: true });
      const closed = await createPoll({ title: 'closed', category, listed: true });
      // Unlisted, as polls are unless asked: newest, open, and in no list.
      await createPoll({ title: 'unlisted', category });
      await api('PATCH', `/api/polls/${closed.id}`, {
        json: { is_active: false },
        headers: { authorization: `Bearer ${closed.admin_token}` },
      });
      const page1 = await api('GET', `/api/polls?category=${category}&limit=1&page=1`);
      expect(page1.status).toBe(200);
      expect(page1.body.polls.map((p: { id: string }) => p.id)).toEqual([second.id]);
      expect(page1.body.pagination).toEqual({
        page: 1,
        limit: 1,
        total: 2,
        total_pages: 2,
        total_capped: false,
        next_cursor: expect.any(String),
      });
      const page2 = await api('GET', `/api/polls?category=${category}&limit=1&page=2`);
      expect(page2.body.polls.map((p: { id: string }) => p.id)).toEqual([first.id]);
      expect(page2.body.pagination.next_cursor).toBeNull();
      const cursor = encodeURIComponent(page1.body.pagination.next_cursor);
      const next = await api('GET', `/api/polls?category=${category.toUpperCase()}&limit=1&cursor=${cursor}`);
      expect(next.status).toBe(200);
      expect(next.body.polls.map((p: { id: string }) => p.id)).toEqual([first.id]);
      expect(next.body.pagination).toEqual({
        page: null,
        limit: 1,
        total: 2,
        total_pages: 2,
        total_capped: false,
        next_cursor: null,
      });
    });

    it.each(['limit=0', 'limit=101', 'limit=abc', 'page=0', 'page=-3', 'page=51', 'cursor=abc', 'page=1&cursor=abc'])(
      'refuses ?%s with 400',
      async (query) => {
        const reply = await api('GET', `/api/polls?${query}`);
        expect(reply.status).toBe(400);
        expect(reply.body.error.code).toBe('invalid_request');
      },
    );

    it('tells the caller whether and how they voted', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      const before = await api('GET', `/api/polls/${poll.id}`, { ip });
      expect(before.body.voter).toEqual({ has_voted: false, option_id: null, option_ids: [] });
      await vote(poll.id, poll.options[1]!.id, ip);
      const after = await api('GET', `/api/polls/${poll.id}`, { ip });
      expect(after.status).toBe(200);
      expect(after.body.voter).toEqual({
        has_voted: true,
        option_id: poll.options[1]!.id,
        option_ids: [poll.options[1]!.id],
      });
      expect(after.body.stats.total_votes).toBe(1);
      expect(after.body.options.map((o: { vote_count: number }) => o.vote_count)).toEqual([0, 1, 0]);
      const stranger = await api('GET', `/api/polls/${poll.id}`, { ip: nextVoterIp() });
      expect(stranger.body.voter.has_voted).toBe(false);
    });

    it('answers 404 for an unknown or malformed poll id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%27%3B%20drop%20table%20polls']) {
        const reply = await api('GET', `/api/polls/${id}`);
        expect(reply.status).toBe(404);
        expect(reply.body.error.code).toBe('not_found');
      }
    });

    it('orders trending polls by recent votes', async () => {
      const quiet = await createPoll({ title: 'quiet', listed: true });
      const busy = await createPoll({ title: 'busy', listed: true });
      await vote(quiet.id, quiet.options[0]!.id);
      for (let i = 0; i < 3; i++) await vote(busy.id, busy.options[0]!.id);
      const reply = await api('GET', '/api/polls/trending?limit=50');
      expect(reply.status).toBe(200);
      const ids = reply.body.polls.map((p: { id: string }) => p.id);
      expect(ids.indexOf(busy.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(busy.id)).toBeLessThan(ids.indexOf(quiet.id));
    });
  });

  describe(`listing (${mode})`, () => {
    const ids = (reply: { body: { polls: { id: string }[] } }) => reply.body.polls.map((p) => p.id);
    const listIds = async () => ids(await api('GET', '/api/polls?limit=100'));
    const trendingIds = async (limit = 50) => ids(await api('GET', `/api/polls/trending?limit=${limit}`));

    it('makes polls unlisted unless asked: reachable by id and code, in no list and not trending', async () => {
      const poll = (await createPoll()) as Awaited<ReturnType<typeof createPoll>> & { code: string; listed: boolean };
      expect(poll.listed).toBe(false);
      for (const option of [0, 1, 1]) expect((await vote(poll.id, poll.options[option]!.id)).status).toBe(200);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll).toMatchObject({ id: poll.id, listed: false });
      expect((await api('GET', `/api/polls/by-code/${poll.code}`)).body.poll.id).toBe(poll.id);
      expect(await listIds()).not.toContain(poll.id);
      expect(await trendingIds()).not.toContain(poll.id);
    });

    it('keeps unlisted polls off the trending board, so listed ones fill the places', async () => {
      await trendingIds(); // the board is warm: votes from now on go to it
      const hidden = await Promise.all([1, 2, 3].map(() => createPoll()));
      const shown = await createPoll({ listed: true });
      for (const poll of hidden) for (let v = 0; v < 4; v++) await vote(poll.id, poll.options[0]!.id);
      await vote(shown.id, shown.options[0]!.id);
      const top = await api('GET', '/api/polls/trending?limit=1');
      expect(top.body.polls).toHaveLength(1);
      expect(top.body.polls[0]).toMatchObject({ listed: true });
      const all = await trendingIds();
      expect(all).toContain(shown.id);
      for (const poll of hidden) expect(all).not.toContain(poll.id);
    });

    it('lists and unlists a poll with the admin token, and says so in every answer', async () => {
      const poll = await createPoll();
      const auth = { authorization: `Bearer ${poll.admin_token}` };
      expect((await api('PATCH', `/api/polls/${poll.id}`, { json: { listed: true } })).status).toBe(401);
      const listed = await api('PATCH', `/api/polls/${poll.id}`, { json: { listed: true }, headers: auth });
      expect([listed.status, listed.body.listed]).toEqual([200, true]);
      await vote(poll.id, poll.options[0]!.id);
      expect(await listIds()).toContain(poll.id);
      expect(await trendingIds()).toContain(poll.id);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.listed).toBe(true);

      const unlisted = await api('PATCH', `/api/polls/${poll.id}`, { json: { listed: false }, headers: auth });
      expect([unlisted.status, unlisted.body.listed]).toEqual([200, false]);
      expect(await listIds()).not.toContain(poll.id);
      expect(await trendingIds()).not.toContain(poll.id);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.listed).toBe(false);

      const bad = await api('PATCH', `/api/polls/${poll.id}`, { json: { listed: 'yes' }, headers: auth });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      expect(JSON.stringify(bad.body.error)).toContain('listed');
      const badCreate = await api('POST', '/api/polls', {
        json: { title: 't', options: ['a', 'b'], listed: 1 },
        ip: nextVoterIp(),
      });
      expect([badCreate.status, JSON.stringify(badCreate.body.error)]).toEqual([
        400,
        expect.stringContaining('listed'),
      ]);
    });
  });

  describe(`voting (${mode})`, () => {
    it('counts a vote and answers with the new counts', async () => {
      const poll = await createPoll();
      const reply = await vote(poll.id, poll.options[2]!.id);
      expect(reply.status).toBe(200);
      expect(reply.body.success).toBe(true);
      expect(reply.body.new_counts).toEqual({
        total_votes: 1,
        options: poll.options.map((o, i) => ({ id: o.id, count: i === 2 ? 1 : 0 })),
      });
    });

    it('treats the same vote twice as a harmless 200 that counts nothing', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      await vote(poll.id, poll.options[0]!.id, ip);
      const again = await vote(poll.id, poll.options[0]!.id, ip);
      expect(again.status).toBe(200);
      expect(again.body.new_counts.total_votes).toBe(1);
    });

    it('refuses a second vote for another option with 409 and names the first choice', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      await vote(poll.id, poll.options[0]!.id, ip);
      const second = await vote(poll.id, poll.options[1]!.id, ip);
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('already_voted');
      expect(second.body.error.details.option_id).toBe(poll.options[0]!.id);
    });

    it('answers a voter who comes back exactly as the first time, whatever they send', async () => {
      const poll = await createPoll();
      const other = await createPoll();
      const ip = nextVoterIp();
      expect((await vote(poll.id, poll.options[0]!.id, ip)).status).toBe(200);
      const same = await vote(poll.id, poll.options[0]!.id, ip);
      expect(same.status).toBe(200);
      expect(same.body.new_counts.total_votes).toBe(1);
      const switched = await vote(poll.id, poll.options[1]!.id, ip);
      expect(switched.status).toBe(409);
      expect(switched.body.error.details.option_id).toBe(poll.options[0]!.id);
      const foreign = await vote(poll.id, other.options[0]!.id, ip);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.code).toBe('invalid_option');
      const auth = { authorization: `Bearer ${poll.admin_token}` };
      await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: auth });
      for (const option of [0, 1]) {
        const closed = await vote(poll.id, poll.options[option]!.id, ip);
        expect(closed.status).toBe(403);
        expect(closed.body.error.code).toBe('poll_closed');
      }
      await api('DELETE', `/api/polls/${poll.id}`, { headers: auth });
      expect((await vote(poll.id, poll.options[0]!.id, ip)).status).toBe(404);
    });

    it('reads an IPv4-mapped IPv6 address as the same voter', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      await vote(poll.id, poll.options[0]!.id, ip);
      const mapped = await vote(poll.id, poll.options[1]!.id, `::ffff:${ip}`);
      expect(mapped.status).toBe(409);
    });

    it('answers 400 invalid_option for an option of another poll, 404 for an unknown poll', async () => {
      const poll = await createPoll();
      const other = await createPoll();
      const wrong = await vote(poll.id, other.options[0]!.id);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe('invalid_option');
      const unknown = await vote('00000000-0000-4000-8000-000000000000', poll.options[0]!.id);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
    });

    it.each([
      ['a missing option_id', {}],
      ['a malformed option_id', { option_id: 'abc' }],
      ['a numeric option_id', { option_id: 42 }],
      ['null', null],
    ])('answers 400 invalid_request for %s', async (_label, json) => {
      const poll = await createPoll();
      const reply = await api('POST', `/api/polls/${poll.id}/vote`, { json, ip: nextVoterIp() });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
    });

    it('refuses votes on a closed poll with 403 poll_closed', async () => {
      const poll = await createPoll();
      const close = await api('PATCH', `/api/polls/${poll.id}`, {
        json: { is_active: false },
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      expect(close.status).toBe(200);
      expect(close.body.is_active).toBe(false);
      const reply = await vote(poll.id, poll.options[0]!.id);
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('poll_closed');
    });

    it('counts exactly 100 distinct voters voting at once', async () => {
      const poll = await createPoll();
      const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => vote(poll.id, poll.options[i % 3]!.id)));
      expect(replies.map((r) => r.status)).toEqual(Array(100).fill(200));
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body.stats.total_votes).toBe(100);
      expect(read.body.options.map((o: { vote_count: number }) => o.vote_count)).toEqual([34, 33, 33]);
    });

    it('keeps exactly one vote when one voter races several requests on different options', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) => vote(poll.id, poll.options[i % 3]!.id, ip)),
      );
      const winners = replies.filter((r) => r.status === 200);
      expect(replies.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const [row] = await server.pollcast.database.rows<{ n: number; option_id: string }>(
        sql`select count(*)::int as n, min(option_id::text) as option_id from votes where poll_id = ${poll.id}::uuid`,
      );
      expect(row?.n).toBe(1);
      for (const r of replies.filter((r) => r.status === 409))
        expect(r.body.error.details.option_id).toBe(row?.option_id);
      expect(winners.length).toBe(replies.filter((_, i) => poll.options[i % 3]!.id === row?.option_id).length);
    });

    it('refuses every vote that arrives after the poll expires, even mid-stream', async () => {
      const poll = await createPoll({ expires_at: new Date(Date.now() + 1_500).toISOString() });
      const statuses: number[] = [];
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline) {
        const batch = await Promise.all(Array.from({ length: 10 }, () => vote(poll.id, poll.options[0]!.id)));
        statuses.push(...batch.map((r) => r.status));
      }
      expect(statuses).toContain(200);
      expect(statuses).toContain(403);
      expect(statuses.every((s) => s === 200 || s === 403)).toBe(true);
      const [late] = await server.pollcast.database.rows<{ n: number }>(sql`
        select count(*)::int as n from votes v join polls p on p.id = v.poll_id
        where p.id = ${poll.id}::uuid and v.voted_at >= p.expires_at`);
      expect(late?.n).toBe(0);
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body.poll.is_active).toBe(false);
      expect(read.body.stats.total_votes).toBe(statuses.filter((s) => s === 200).length);
    });
  });

  describe(`ballots and settings (${mode})`, () => {
    const ballot = (pollId: string, body: unknown, ip = nextVoterIp()) =>
      api('POST', `/api/polls/${pollId}/vote`, { json: body, ip });
    const sorted = (ids: string[]) => [...ids].sort();

    it('creates polls with the defaults, or the settings asked for, and shows them in every answer', async () => {
      const plain = await createPoll();
      expect(plain).toMatchObject({ voter_identity: 'address', max_choices: 1 });
      const room = await createPoll({ voter_identity: 'browser', max_choices: 2, listed: true });
      expect(room).toMatchObject({ voter_identity: 'browser', max_choices: 2 });
      const details = await api('GET', `/api/polls/${room.id}`);
      expect(details.body.poll).toMatchObject({ voter_identity: 'browser', max_choices: 2 });
      const listed = await api('GET', '/api/polls?limit=100');
      expect(listed.body.polls.find((p: { id: string }) => p.id === room.id)).toMatchObject({ max_choices: 2 });
    });

    it.each([
      ['an unknown voter identity', { voter_identity: 'cookie' }, 'voter_identity'],
      ['max_choices of 0', { max_choices: 0 }, 'max_choices'],
      ['max_choices above the number of options', { max_choices: 4 }, 'max_choices'],
      ['a fractional max_choices', { max_choices: 1.5 }, 'max_choices'],
    ])('refuses %s with 400 naming it', async (_what, settings, named) => {
      const reply = await api('POST', '/api/polls', {
        json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...settings },
        ip: nextVoterIp(),
      });
      expect(reply.status).toBe(400);
      expect(JSON.stringify(reply.body.error)).toContain(named);
    });

    it('counts each chosen option once and the ballot once', async () => {
      const poll = await createPoll({ max_choices: 2 });
      const [a, b, c] = poll.options.map((o) => o.id) as [string, string, string];
      const ip = nextVoterIp();
      const reply = await ballot(poll.id, { option_ids: [c, a] }, ip);
      expect(reply.status).toBe(200);
      expect(reply.body.counted).toBe(true);
      expect(reply.body.new_counts).toEqual({
        total_votes: 1,
        options: [
          { id: a, count: 1 },
          { id: b, count: 0 },
          { id: c, count: 1 },
        ],
      });
      const again = await ballot(poll.id, { option_ids: [a.toUpperCase(), c] }, ip);
      expect([again.status, again.body.counted, again.body.new_counts.total_votes]).toEqual([200, false, 1]);
      const other = await ballot(poll.id, { option_ids: [b] }, ip);
      expect([other.status, other.body.error.code]).toEqual([409, 'already_voted']);
      expect(other.body.error.details.option_ids).toEqual(sorted([a, c]));
      const details = await api('GET', `/api/polls/${poll.id}`, { ip });
      expect(details.body.voter).toEqual({ has_voted: true, option_id: sorted([a, c])[0], option_ids: sorted([a, c]) });
      expect((await ballot(poll.id, { option_id: b })).body.counted).toBe(true);
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body.stats.total_votes).toBe(2);
      expect(read.body.options.map((o: { vote_count: number }) => o.vote_count)).toEqual([1, 1, 1]);
    });

    it('refuses every bad ballot shape with 400 naming the problem, and counts nothing', async () => {
      const poll = await createPoll({ max_choices: 2 });
      const foreign = await createPoll();
      const [a, b, c] = poll.options.map((o) => o.id) as [string, string, string];
      const cases: [unknown, number, string, string][] = [
        [{ option_ids: [] }, 400, 'invalid_request', 'at least one'],
        [{ option_ids: [a, a] }, 400, 'invalid_request', 'twice'],
        [{ option_ids: [a, a.toUpperCase()] }, 400, 'invalid_request', 'twice'],
        [{ option_ids: [a, b, c] }, 400, 'invalid_request', 'at most 2'],
        [{ option_ids: [a, foreign.options[0]!.id] }, 400, 'invalid_option', 'not part'],
        [{ option_ids: ['nope'] }, 400, 'invalid_request', 'option'],
        [{ option_ids: a }, 400, 'invalid_request', 'list'],
        [{ option_id: a, option_ids: [b] }, 400, 'invalid_request', 'not both'],
        [{}, 400, 'invalid_request', 'option_ids'],
      ];
      for (const [body, status, code, words] of cases) {
        const reply = await ballot(poll.id, body);
        expect([reply.status, reply.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
        expect(reply.body.error.message, JSON.stringify(body)).toContain(words);
      }
      const single = await createPoll();
      const two = await ballot(single.id, { option_ids: [single.options[0]!.id, single.options[1]!.id] });
      expect([two.status, two.body.error.message]).toEqual([400, 'this poll takes one option per ballot']);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.stats.total_votes).toBe(0);
    });
  });

  describe(`join codes (${mode})`, () => {
    const CODE = /^[2-9A-HJKMNP-Z]{6}$/;

    it('gives every poll its own six-character code without look-alikes, in every poll answer', async () => {
      const created = await Promise.all(Array.from({ length: 40 }, () => createPoll({ listed: true })));
      const codes = created.map((poll) => (poll as unknown as { code: string }).code);
      expect(codes.every((code) => CODE.test(code))).toBe(true);
      expect(new Set(codes).size).toBe(codes.length);
      const [first] = created as [(typeof created)[number]];
      const firstCode = codes[0]!;
      expect((await api('GET', `/api/polls/${first.id}`)).body.poll.code).toBe(firstCode);
      const listed = await api('GET', '/api/polls?limit=100');
      expect(listed.body.polls.find((p: { id: string }) => p.id === first.id)?.code).toBe(firstCode);
    });

    it('finds a poll by its code in any case, with spaces or dashes, and answers like the poll itself', async () => {
      const poll = await createPoll({ results_visibility: 'creator' });
      const code = (poll as unknown as { code: string }).code;
      const ip = nextVoterIp();
      await vote(poll.id, poll.options[0]!.id, ip);
      const byId = await api('GET', `/api/polls/${poll.id}`, { ip });
      for (const typed of [code, code.toLowerCase(), `${code.slice(0, 3)}-${code.slice(3)}`, ` ${code} `]) {
        const byCode = await api('GET', `/api/polls/by-code/${encodeURIComponent(typed)}`, { ip });
        expect([byCode.status, typed]).toEqual([200, typed]);
        expect(byCode.body).toEqual(byId.body);
      }
      const admin = await api('GET', `/api/polls/by-code/${code}`, {
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      expect(admin.body.results_visible).toBe(true);
      for (const unknown of ['ZZZZZZ', '0OIL1A', 'toolongcode', '%00']) {
        const reply = await api('GET', `/api/polls/by-code/${unknown}`);
        expect([reply.status, reply.body.error.code], unknown).toEqual([404, 'not_found']);
      }
    });
  });

  describe(`hidden results (${mode})`, () => {
    type Answer = { status: number; body: any };
    /** The per-option counts an answer shows: numbers, or null where they are hidden. */
    const countsIn = (reply: Answer): (number | null)[] =>
      reply.body.options
        ? reply.body.options.map((o: { vote_count: number | null }) => o.vote_count)
        : reply.body.new_counts.options.map((o: { count: number | null }) => o.count);
    const read = (pollId: string, ip: string, token?: string) =>
      api('GET', `/api/polls/${pollId}`, { ip, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const patch = (poll: { id: string; admin_token: string }, json: unknown) =>
      api('PATCH', `/api/polls/${poll.id}`, { json, headers: { authorization: `Bearer ${poll.admin_token}` } });

    it.each([
      ['after_vote', { voter: true, stranger: false, closed: true }],
      ['after_close', { voter: false, stranger: false, closed: true }],
      ['creator', { voter: false, stranger: false, closed: false }],
    ] as const)('%s: counts are null for whoever may not see them, the total never is', async (visibility, sees) => {
      const poll = await createPoll({ results_visibility: visibility });
      expect(poll).toMatchObject({ results_visibility: visibility });
      const [pizza] = poll.options.map((o) => o.id) as [string];
      const voter = nextVoterIp();
      const stranger = nextVoterIp();

      const voted = await vote(poll.id, pizza, voter);
      expect([voted.status, voted.body.counted, voted.body.results_visible]).toEqual([200, true, sees.voter]);
      expect(voted.body.new_counts.total_votes).toBe(1);
      expect(countsIn(voted)).toEqual(sees.voter ? [1, 0, 0] : [null, null, null]);
      const again = await vote(poll.id, pizza, voter);
      expect([again.body.counted, countsIn(again)]).toEqual([false, sees.voter ? [1, 0, 0] : [null, null, null]]);

      for (const [who, ip, visible] of [
        ['voter', voter, sees.voter],
        ['stranger', stranger, sees.stranger],
      ] as const) {
        const reply = await read(poll.id, ip);
        expect([reply.status, reply.body.results_visible], who).toEqual([200, visible]);
        expect(reply.body.poll.total_votes, who).toBe(1);
        expect(reply.body.stats.total_votes, who).toBe(1);
        expect(countsIn(reply), who).toEqual(visible ? [1, 0, 0] : [null, null, null]);
      }
      const admin = await read(poll.id, stranger, poll.admin_token);
      expect([admin.body.results_visible, countsIn(admin)]).toEqual([true, [1, 0, 0]]);
      const wrong = await read(poll.id, stranger, 'not-the-token');
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'unauthorized']);

      // Closed, nobody can vote any more: "after you vote" and "when it closes" show everyone.
      expect((await patch(poll, { is_active: false })).status).toBe(200);
      const closed = await read(poll.id, stranger);
      expect([closed.body.results_visible, countsIn(closed)]).toEqual([
        sees.closed,
        sees.closed ? [1, 0, 0] : [null, null, null],
      ]);
    });

    it('shows everyone the counts once the creator reveals them, and hides them again when asked', async () => {
      const poll = await createPoll({ results_visibility: 'creator', listed: true });
      const ids = poll.options.map((o) => o.id);
      for (const id of [ids[0], ids[0], ids[2]]) expect((await vote(poll.id, id)).status).toBe(200);
      const ip = nextVoterIp();
      // Read first, so a cache of the poll is warm when the setting changes.
      expect(countsIn(await read(poll.id, ip))).toEqual([null, null, null]);

      const refused = await api('PATCH', `/api/polls/${poll.id}`, { json: { results_visibility: 'always' } });
      expect(refused.status).toBe(401);
      expect(countsIn(await read(poll.id, ip))).toEqual([null, null, null]);

      const revealed = await patch(poll, { results_visibility: 'always' });
      expect([revealed.status, revealed.body.results_visibility]).toEqual([200, 'always']);
      const seen = await read(poll.id, ip);
      expect([seen.body.results_visible, countsIn(seen), seen.body.poll.results_visibility]).toEqual([
        true,
        [2, 0, 1],
        'always',
      ]);
      const listed = await api('GET', '/api/polls?limit=100');
      expect(listed.body.polls.find((p: { id: string }) => p.id === poll.id)).toMatchObject({
        results_visibility: 'always',
        total_votes: 3,
      });

      expect((await patch(poll, { results_visibility: 'after_close' })).status).toBe(200);
      expect(countsIn(await read(poll.id, ip))).toEqual([null, null, null]);
      const bad = await patch(poll, { results_visibility: 'sometimes' });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      expect(JSON.stringify(bad.body.error)).toContain('results_visibility');
      const badCreate = await api('POST', '/api/polls', {
        json: { title: 't', options: ['a', 'b'], results_visibility: 'never' },
        ip: nextVoterIp(),
      });
      expect([badCreate.status, JSON.stringify(badCreate.body.error)]).toEqual([
        400,
        expect.stringContaining('results_visibility'),
      ]);
    });

    it('keeps the counts of a multi-answer ballot hidden in the 409 too: it names only the voter’s own choice', async () => {
      const poll = await createPoll({ results_visibility: 'creator', max_choices: 2 });
      const [a, b, c] = poll.options.map((o) => o.id) as [string, string, string];
      const ip = nextVoterIp();
      await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_ids: [a, b] }, ip });
      const other = await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_ids: [c] }, ip });
      expect([other.status, other.body.error.code]).toEqual([409, 'already_voted']);
      expect(JSON.stringify(other.body)).not.toMatch(/count/);
    });
  });

  describe(`voter identity (${mode})`, () => {
    /** A browser: the voter cookie the server hands its first request, sent back on every later one. */
    const newBrowser = async (pollId: string, ip: string): Promise<string> => {
      const reply = await api('GET', `/api/polls/${pollId}`, { ip });
      const cookie = /pollcast_voter=[^;]+/.exec(reply.headers.get('set-cookie') ?? '')?.[0];
      expect(cookie, 'a voter cookie').toBeDefined();
      return cookie as string;
    };
    const voteAs = (pollId: string, optionId: string, ip: string, cookie: string) =>
      api('POST', `/api/polls/${pollId}/vote`, { json: { option_id: optionId }, ip, headers: { cookie } });

    it('counts 120 browsers behind one address in a browser poll; an address poll takes the first only', async () => {
      const room = await createPoll({ voter_identity: 'browser' });
      const hall = nextVoterIp();
      const browsers = await Promise.all(Array.from({ length: 120 }, () => newBrowser(room.id, hall)));
      expect(new Set(browsers).size).toBe(120);
      const replies = await Promise.all(
        browsers.map((cookie, i) => voteAs(room.id, room.options[i % 3]!.id, hall, cookie)),
      );
      expect(replies.map((r) => [r.status, r.body.counted])).toEqual(replies.map(() => [200, true]));
      expect((await api('GET', `/api/polls/${room.id}`)).body.stats.total_votes).toBe(120);

      const strict = await createPoll();
      const [first, second] = browsers as [string, string];
      expect((await voteAs(strict.id, strict.options[0]!.id, hall, first)).status).toBe(200);
      const refused = await voteAs(strict.id, strict.options[1]!.id, hall, second);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'already_voted']);
    });

    it('counts one ballot per browser, and a tampered cookie does not act as its owner', async () => {
      const room = await createPoll({ voter_identity: 'browser' });
      const ip = nextVoterIp();
      const cookie = await newBrowser(room.id, ip);
      expect((await voteAs(room.id, room.options[0]!.id, ip, cookie)).body.counted).toBe(true);
      // The same browser from another address is still the same voter.
      const again = await voteAs(room.id, room.options[0]!.id, nextVoterIp(), cookie);
      expect([again.status, again.body.counted]).toEqual([200, false]);
      const other = await voteAs(room.id, room.options[1]!.id, ip, cookie);
      expect([other.status, other.body.error.code]).toEqual([409, 'already_voted']);

      const [name, value] = cookie.split('=') as [string, string];
      const tampered = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
      const read = await api('GET', `/api/polls/${room.id}`, { ip, headers: { cookie: tampered } });
      expect(read.body.voter).toEqual({ has_voted: false, option_id: null, option_ids: [] });
      expect(read.headers.get('set-cookie')).toMatch(/pollcast_voter=/);
      const forged = await voteAs(room.id, room.options[1]!.id, ip, tampered);
      expect([forged.status, forged.body.counted]).toEqual([200, true]);
      expect((await api('GET', `/api/polls/${room.id}`, { ip, headers: { cookie } })).body.voter.option_ids).toEqual([
        room.options[0]!.id,
      ]);
    });
  });

  describe(`managing polls (${mode})`, () => {
    it('refuses changes without the admin token, or with a wrong one, with 401', async () => {
      const poll = await createPoll();
      const none = await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: false } });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      const wrong = await api('DELETE', `/api/polls/${poll.id}`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const still = await api('GET', `/api/polls/${poll.id}`);
      expect(still.body.poll.is_active).toBe(true);
    });

    it('closes, reopens and reschedules a poll with the admin token', async () => {
      const poll = await createPoll();
      const auth = { authorization: `Bearer ${poll.admin_token}` };
      expect(
        (await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: auth })).body.is_active,
      ).toBe(false);
      const reopened = await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: true }, headers: auth });
      expect(reopened.body.is_active).toBe(true);
      const end = new Date(Date.now() + 3_600_000).toISOString();
      const rescheduled = await api('PATCH', `/api/polls/${poll.id}`, { json: { expires_at: end }, headers: auth });
      expect(rescheduled.status).toBe(200);
      expect(rescheduled.body.expires_at).toBe(end);
      expect((await vote(poll.id, poll.options[0]!.id)).status).toBe(200);
    });

    it('refuses an empty change and a past end time with 400', async () => {
      const poll = await createPoll();
      const auth = { authorization: `Bearer ${poll.admin_token}` };
      expect((await api('PATCH', `/api/polls/${poll.id}`, { json: {}, headers: auth })).status).toBe(400);
      const past = await api('PATCH', `/api/polls/${poll.id}`, {
        json: { expires_at: '2001-01-01T00:00:00Z' },
        headers: auth,
      });
      expect(past.status).toBe(400);
    });

    it('deletes a poll with 204, after which it is gone', async () => {
      const poll = await createPoll();
      await vote(poll.id, poll.options[0]!.id);
      const reply = await api('DELETE', `/api/polls/${poll.id}`, {
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      expect(reply.status).toBe(204);
      expect((await api('GET', `/api/polls/${poll.id}`)).status).toBe(404);
      expect((await vote(poll.id, poll.options[0]!.id)).status).toBe(404);
      expect(
        (await api('DELETE', `/api/polls/${poll.id}`, { headers: { authorization: `Bearer ${poll.admin_token}` } }))
          .status,
      ).toBe(404);
    });
  });

  describe(`editing polls (${mode})`, () => {
    type Answer = {
      title: string;
      description: string | null;
      category: string | null;
      options: { id: string; option_text: string }[];
    };
    const edit = (poll: { id: string; admin_token: string }, json: unknown, token = poll.admin_token) =>
      api('PATCH', `/api/polls/${poll.id}`, { json, headers: { authorization: `Bearer ${token}` } });
    const texts = (answer: Answer) => answer.options.map((o) => o.option_text);

    it('edits the texts before the first ballot, an unchanged answer keeping its id', async () => {
      const poll = await createPoll({ description: 'Friday', category: 'food' });
      const [pizza, sushi] = poll.options;
      const reply = await edit(poll, {
        title: '  Dinner?  ',
        description: null,
        category: 'team',
        options: ['Curry', 'Sushi', ' Pizza '],
      });
      expect(reply.status).toBe(200);
      const edited = reply.body as Answer;
      expect(edited).toMatchObject({ title: 'Dinner?', description: null, category: 'team', total_votes: 0 });
      expect(texts(edited)).toEqual(['Curry', 'Sushi', 'Pizza']);
      expect(edited.options[1]!.id).toBe(sushi!.id);
      expect(edited.options[2]!.id).toBe(pizza!.id);
      expect(poll.options.map((o) => o.id)).not.toContain(edited.options[0]!.id);

      const read = await api('GET', `/api/polls/${poll.id}`);
      expect(read.body.poll).toMatchObject({ title: 'Dinner?', description: null, category: 'team' });
      expect(texts(read.body)).toEqual(['Curry', 'Sushi', 'Pizza']);
      // A removed answer takes no vote; the moved ones count where they now are.
      expect((await vote(poll.id, poll.options[2]!.id)).body.error?.code).toBe('invalid_option');
      expect((await vote(poll.id, pizza!.id)).status).toBe(200);
      const after = await api('GET', `/api/polls/${poll.id}`);
      expect(after.body.options.map((o: { vote_count: number }) => o.vote_count)).toEqual([0, 0, 1]);
    });

    it('changes only the fields sent, and keeps the rules of a new poll', async () => {
      const poll = await createPoll({ description: 'Friday', category: 'food', max_choices: 3 });
      const titled = await edit(poll, { title: 'Brunch?' });
      expect(titled.body).toMatchObject({ title: 'Brunch?', description: 'Friday', category: 'food' });
      expect(texts(titled.body)).toEqual(['Pizza', 'Sushi', 'Salad']);
      for (const [json, field] of [
        [{ title: '   ' }, 'title'],
        [{ options: ['Only one'] }, 'options'],
        [{ options: ['Tea', 'tea '] }, 'options'],
        [{ description: 'x'.repeat(2001) }, 'description'],
      ] as const) {
        const reply = await edit(poll, json);
        expect([reply.status, reply.body.error.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
        expect(JSON.stringify(reply.body.error)).toContain(field);
      }
      expect((await edit(poll, { title: 'Stolen?' }, 'not-the-token')).status).toBe(401);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.title).toBe('Brunch?');
    });

    it('keeps the answers a ballot may choose at the creator’s number, never more than the answers', async () => {
      const poll = await createPoll({ max_choices: 3 });
      const fewer = await edit(poll, { options: ['Tea', 'Coffee'] });
      expect([fewer.status, fewer.body.max_choices]).toEqual([200, 2]);
      const [tea, coffee] = (fewer.body as Answer).options.map((option) => option.id) as [string, string];
      const both = await api('POST', `/api/polls/${poll.id}/vote`, {
        json: { option_ids: [tea, coffee] },
        ip: nextVoterIp(),
      });
      expect([both.status, both.body.counted]).toEqual([200, true]);
      const single = await createPoll();
      const more = await edit(single, { options: ['Tea', 'Coffee', 'Juice', 'Water'] });
      expect([more.status, more.body.max_choices]).toEqual([200, 1]);
    });

    it('gives the creator’s number back once an edit brings the answers again', async () => {
      const poll = await createPoll({ max_choices: 3 });
      expect((await edit(poll, { options: ['Tea', 'Coffee'] })).body.max_choices).toBe(2);
      const more = await edit(poll, { options: ['Tea', 'Coffee', 'Juice', 'Water'] });
      expect([more.status, more.body.max_choices]).toEqual([200, 3]);
      expect((await api('GET', `/api/polls/${poll.id}`)).body.poll.max_choices).toBe(3);
    });

    it('refuses to edit the texts once the poll has a ballot, with 409 poll_has_votes', async () => {
      const poll = await createPoll();
      await api('GET', `/api/polls/${poll.id}`); // a warm cache must not hide the edit either
      expect((await vote(poll.id, poll.options[0]!.id)).status).toBe(200);
      for (const json of [
        { title: 'Dinner?' },
        { options: ['Pizza', 'Sushi'] },
        { description: null },
        { category: 'x' },
      ]) {
        const reply = await edit(poll, json);
        expect([reply.status, reply.body.error.code]).toEqual([409, 'poll_has_votes']);
      }
      // What may change after the first ballot still does.
      expect((await edit(poll, { is_active: false })).status).toBe(200);
      const read = await api('GET', `/api/polls/${poll.id}`);
      expect([read.body.poll.title, texts(read.body)]).toEqual(['Lunch?', ['Pizza', 'Sushi', 'Salad']]);
    });

    it.skipIf(mode === 'embedded')(
      'never counts a vote against an answer that an edit removed while the vote waited',
      async () => {
        const poll = await createPoll();
        const [pizza, sushi, salad] = poll.options;
        const holder = new pg.Client({ connectionString: store.url });
        // Another session: inside the holder's transaction, pg_stat_activity would stay as first read.
        const watcher = new pg.Client({ connectionString: store.url });
        await Promise.all([holder.connect(), watcher.connect()]);
        const waiting = async () => {
          const [row] = (
            await watcher.query(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            )
          ).rows as { n: number }[];
          return row!.n;
        };
        try {
          // Hold the poll's row as a vote batch or an edit would, so both queue up behind it: the edit
          // first, then a vote whose statement starts (and takes its snapshot) before the edit commits.
          await holder.query('begin');
          await holder.query('select 1 from polls where id = $1 for update', [poll.id]);
          const edited = edit(poll, { options: ['Salad', 'Curry', 'Pizza'] });
          await expect.poll(waiting, WAIT).toBe(1);
          const removed = vote(poll.id, sushi!.id);
          const moved = vote(poll.id, salad!.id);
          await expect.poll(waiting, WAIT).toBe(2);
          await holder.query('commit');
          expect((await edited).status).toBe(200);
          expect((await removed).body.error?.code).toBe('invalid_option');
          expect((await moved).status).toBe(200);
        } finally {
          await Promise.all([holder.end(), watcher.end()]);
        }
        const read = await api('GET', `/api/polls/${poll.id}`);
        expect(
          read.body.options.map((o: { option_text: string; vote_count: number }) => [o.option_text, o.vote_count]),
        ).toEqual([
          ['Salad', 1],
          ['Curry', 0],
          ['Pizza', 0],
        ]);
        expect(read.body.options[2].id).toBe(pizza!.id);
        const ballots = await server.pollcast.database.rows<{ option_id: string }>(
          sql`select option_id from vote_choices where poll_id = ${poll.id}::uuid`,
        );
        expect(ballots).toEqual([{ option_id: salad!.id }]);
      },
    );
  });

  describe(`robustness (${mode})`, () => {
    it('reports health', async () => {
      const reply = await api('GET', '/api/health');
      expect(reply.status).toBe(200);
      expect(reply.body.checks.database).toBe('ok');
      expect(reply.body.checks.redis).toBe(options.redis ? 'ok' : 'disabled');
    });

    it('answers unknown endpoints with a JSON 404', async () => {
      const reply = await api('GET', '/api/nothing-here');
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    });

    it('never answers 500 to hostile input', async () => {
      const poll = await createPoll();
      const bodies = [
        '',
        'null',
        '[]',
        '"x"',
        '{"option_id":{"$ne":null}}',
        '{"title":{"a":1},"options":"ab"}',
        '{"__proto__":{"admin":true},"title":"t","options":["a","b"]}',
        '\u0000',
        '{"title":"t","options":["a","b"],"expires_at":"9999-99-99T00:00:00Z"}',
        `{"title":"${'\\ud800'}","options":["a","b"]}`,
      ];
      const paths = ['/api/polls', `/api/polls/${poll.id}/vote`, `/api/polls/${poll.id}`, '/api/polls/%E0%A4%A/vote'];
      for (const path of paths) {
        for (const body of bodies) {
          for (const method of ['POST', 'PATCH']) {
            const reply = await api(method, path, {
              body,
              ip: nextVoterIp(),
              headers: { 'content-type': 'application/json', authorization: `Bearer ${poll.admin_token}` },
            });
            expect(reply.status, `${method} ${path} ${body}`).toBeLessThan(500);
          }
        }
      }
    });
  });

  describe(`limits and identity (${mode})`, () => {
    /** Another instance with its own settings; on PGlite it needs a data directory of its own. */
    const withInstance = async (
      env: Record<string, string>,
      test: (on: ReturnType<typeof client>, instance: TestServer) => Promise<void>,
    ) => {
      const own = mode === 'embedded' ? await freshStore(mode) : store;
      const instance = await startInstance(own, env);
      try {
        await test(client(instance.url), instance);
      } finally {
        await instance.close().catch(() => undefined);
        if (own !== store) await own.drop();
      }
    };

    it('limits votes per address with 429 and Retry-After', async () => {
      await withInstance({ RATE_LIMIT_VOTES_PER_MINUTE: '3' }, async (on) => {
        const ip = nextVoterIp();
        const polls = await Promise.all([1, 2, 3, 4].map(() => createPoll({}, on)));
        const statuses = [];
        for (const p of polls) {
          statuses.push(
            (await on('POST', `/api/polls/${p.id}/vote`, { json: { option_id: p.options[0]!.id }, ip })).status,
          );
        }
        expect(statuses).toEqual([200, 200, 200, 429]);
        const last = polls[3]!;
        const refused = await on('POST', `/api/polls/${last.id}/vote`, {
          json: { option_id: last.options[0]!.id },
          ip,
        });
        expect(refused.body.error.code).toBe('rate_limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        const otherVoter = await on('POST', `/api/polls/${last.id}/vote`, {
          json: { option_id: last.options[0]!.id },
          ip: nextVoterIp(),
        });
        expect(otherVoter.status).toBe(200);
      });
    });

    it('ignores X-Forwarded-For from a proxy it does not trust', async () => {
      await withInstance({ TRUST_PROXY: '' }, async (on) => {
        const poll = await createPoll({}, on);
        const first = await on('POST', `/api/polls/${poll.id}/vote`, {
          json: { option_id: poll.options[0]!.id },
          ip: nextVoterIp(),
        });
        const second = await on('POST', `/api/polls/${poll.id}/vote`, {
          json: { option_id: poll.options[1]!.id },
          ip: nextVoterIp(),
        });
        expect(first.status).toBe(200);
        expect(second.status).toBe(409);
      });
    });

    it('answers 503 naming the database when it is down, never 500', async () => {
      const relay = mode === 'services' ? await tcpRelay(5432) : undefined;
      const env: Record<string, string> = {};
      if (relay && store.url) {
        const url = new URL(store.url);
        url.port = String(relay.port);
        env.DATABASE_URL = url.toString();
      }
      await withInstance(env, async (on, instance) => {
        const poll = await createPoll({}, on);
        if (relay) await relay.close();
        else await instance.pollcast.database.close();
        for (const [method, path, json] of [
          ['GET', `/api/polls/${poll.id}`, undefined],
          ['POST', `/api/polls/${poll.id}/vote`, { option_id: poll.options[0]!.id }],
          ['POST', '/api/polls', { title: 't', options: ['a', 'b'] }],
        ] as const) {
          const reply = await on(method, path, { json, ip: nextVoterIp() });
          expect(reply.status, `${method} ${path}`).toBe(503);
          expect(reply.body.error.code).toBe('service_unavailable');
          expect(reply.body.error.message).toContain('database');
        }
        const health = await on('GET', '/api/health');
        expect(health.status).toBe(503);
        expect(health.body.checks.database).toBe('error');
      });
    });
  });
}
