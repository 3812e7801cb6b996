import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshStore, nextVoterIp, REDIS_TEST_URL, type Mode, type Store } from '../support/harness';
import { openSocketViewer, openSseViewer } from '../support/live-viewers';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * The assembled server (server.ts, pages built and served) as attackers reach it: odd path
 * spellings, forged headers, floods. Loopback 127.0.0.1 is the trusted proxy, so tests speak
 * as many voters through X-Forwarded-For; 127.0.0.2 is a client connecting directly, whose
 * X-Forwarded-For must be ignored. Run once per mode.
 */

export const ATTACKER = '127.0.0.2';

export type Poll = { id: string; code: string; admin_token: string; options: { id: string; option_text: string }[] };

export function servicesEnv(store: Store): Record<string, string> {
  if (!store.url) return {};
  return { DATABASE_URL: store.url, REDIS_URL: store.redis!.url, REDIS_KEY_PREFIX: store.redis!.prefix };
}

export async function storeFor(mode: Mode): Promise<Store> {
  return freshStore(mode, mode === 'services' ? { redisUrl: REDIS_TEST_URL } : {});
}

export function apiOf(server: PollcastProcess) {
  return {
    async create(body: Record<string, unknown> = {}, ip = nextVoterIp()): Promise<Poll> {
      const reply = await rawRequest(server.url, 'POST', '/api/polls', {
        json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...body },
        headers: { 'x-forwarded-for': ip },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body as Poll;
    },
    read(pollId: string, ip = nextVoterIp()) {
      return rawRequest(server.url, 'GET', `/api/polls/${pollId}`, { headers: { 'x-forwarded-for': ip } });
    },
    vote(pollId: string, optionId: string, ip = nextVoterIp()) {
      return rawRequest(server.url, 'POST', `/api/polls/${pollId}/vote`, {
        json: { option_id: optionId },
        headers: { 'x-forwarded-for': ip },
      });
    },
  };
}

/** RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE for this suite's server. */
const CODE_LOOKUPS = 5;

/** A join code no poll has: the right alphabet, and a prefix the database never draws twice in a test run. */
const wrongCode = (i: number) => `2222${'23456789'[Math.floor(i / 8) % 8]}${'23456789'[i % 8]}`;

export function defineHostileClientSuite(mode: Mode): void {
  let store: Store;
  let server: PollcastProcess;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    store = await storeFor(mode);
    server = await startPollcastProcess({
      dataDir: store.dataDir,
      env: {
        ...servicesEnv(store),
        TRUST_PROXY: '127.0.0.1',
        RATE_LIMIT_VOTES_PER_MINUTE: '1000',
        RATE_LIMIT_POLLS_PER_MINUTE: '5',
        LIVE_CONNECTIONS_PER_ADDRESS: '20',
        RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE: String(CODE_LOOKUPS),
      },
    });
    api = apiOf(server);
    // Pages first: the failures this suite guards against appeared only after a page was served.
    for (const page of ['/', '/polls/new']) expect((await rawRequest(server.url, 'GET', page)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await store?.drop();
  });

  describe(`one entry point for the API (${mode})`, () => {
    const spellings = (path: string) => [
      path,
      `/.${path}`,
      `/x/..${path}`,
      `/${path}`,
      `/%2e${path}`,
      `/%2E/%2e%2e/x/..${path}`,
      path.replace('/api/', '/API/'),
      path.replace('/api/', '/%61pi/'),
      path.replace('/api/', '/\\api/'),
    ];

    it('counts one vote from one client whatever path spelling and X-Forwarded-For it sends', async () => {
      const poll = await api.create();
      const answers: number[] = [];
      let i = 0;
      for (const path of spellings(`/api/polls/${poll.id}/vote`)) {
        for (let round = 0; round < 3; round++) {
          const reply = await rawRequest(server.url, 'POST', path, {
            from: ATTACKER,
            json: { option_id: poll.options[0]!.id },
            headers: { 'x-forwarded-for': `10.1.0.${++i}` },
          });
          answers.push(reply.status);
          expect(reply.body?.error?.code ?? 'ok', path).not.toBe('internal_error');
        }
      }
      expect(answers.every((status) => status === 200)).toBe(true);
      expect((await api.read(poll.id)).body.stats.total_votes).toBe(1);
    });

    it('answers API errors with their own codes through every spelling, never 500', async () => {
      const poll = await api.create();
      await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
        from: ATTACKER,
        json: { option_id: poll.options[0]!.id },
      });
      for (const path of spellings(`/api/polls/${poll.id}/vote`)) {
        const other = await rawRequest(server.url, 'POST', path, {
          from: ATTACKER,
          json: { option_id: poll.options[1]!.id },
        });
        expect([other.status, other.body?.error?.code], path).toEqual([409, 'already_voted']);
      }
      for (const path of spellings(`/api/polls/${crypto.randomUUID()}`)) {
        const missing = await rawRequest(server.url, 'GET', path, { from: ATTACKER });
        expect([missing.status, missing.body?.error?.code], path).toEqual([404, 'not_found']);
      }
      const plain = await rawRequest(server.url, 'POST', '/./api/polls', {
        from: ATTACKER,
        body: 'title=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect([plain.status, plain.body?.error?.code]).toEqual([415, 'unsupported_media_type']);
    });

    it('keeps the poll-creation limit through every spelling', async () => {
      const statuses: number[] = [];
      let i = 0;
      for (const path of spellings('/api/polls').slice(0, 8)) {
        const reply = await rawRequest(server.url, 'POST', path, {
          from: ATTACKER,
          json: { title: 'spam', options: ['a', 'b'] },
          headers: { 'x-forwarded-for': `10.2.0.${++i}` },
        });
        statuses.push(reply.status);
      }
      // RATE_LIMIT_POLLS_PER_MINUTE is 5 for this server.
      expect(statuses.filter((status) => status === 201)).toHaveLength(5);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    });

    it('does not tell a client how another address voted, whatever it claims to be', async () => {
      const poll = await api.create();
      const victim = nextVoterIp();
      expect((await api.vote(poll.id, poll.options[2]!.id, victim)).status).toBe(200);
      expect((await api.read(poll.id, victim)).body.voter).toMatchObject({
        has_voted: true,
        option_id: poll.options[2]!.id,
      });
      for (const path of spellings(`/api/polls/${poll.id}`)) {
        const peek = await rawRequest(server.url, 'GET', path, {
          from: ATTACKER,
          headers: { 'x-forwarded-for': victim },
        });
        expect(peek.body.voter, path).toEqual({ has_voted: false, option_id: null, option_ids: [] });
      }
    });
  });

  describe(`WebSocket after pages (${mode})`, () => {
    it('keeps /api/ws working after pages were served, and votes over it', async () => {
      const poll = await api.create();
      expect((await rawRequest(server.url, 'GET', `/polls/${poll.id}`)).status).toBe(200);
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      socket.send({ type: 'subscribe', poll_id: poll.id });
      await socket.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'the snapshot');
      socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[1]!.id, request_id: 1 });
      await socket.waitFor((m) => m.some((x) => x.type === 'vote_result' && x.counted === true), 'the vote result');
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
      await socket.close();
    });

    it('refuses upgrades on other API paths and on pages with 404', async () => {
      for (const path of ['/api/polls', '/', '/polls/new']) {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`);
        const status = await new Promise<number>((resolve) => {
          ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.once('open', () => resolve(101));
          ws.once('error', () => resolve(-1));
        });
        ws.terminate();
        expect(status, path).toBe(404);
      }
    });
  });

  describe(`ids in any letter case (${mode})`, () => {
    it('counts a vote sent with upper-case ids and tells every viewer', async () => {
      const poll = await api.create();
      const viewer = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': nextVoterIp() });
      const shouting = await openSseViewer(server.url, poll.id.toUpperCase(), { 'x-forwarded-for': nextVoterIp() });
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      socket.send({ type: 'subscribe', poll_id: poll.id.toUpperCase() });
      await socket.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'the snapshot');

      const reply = await api.vote(poll.id.toUpperCase(), poll.options[0]!.id.toUpperCase());
      expect(reply.status).toBe(200);
      expect(reply.body.new_counts.total_votes).toBe(1);
      // Frames name the poll and option in canonical (lower-case) form, with the new count.
      const counted = (events: { data: string }[]) =>
        events.some((e) => {
          const message = JSON.parse(e.data);
          const count =
            message.type === 'vote_submitted'
              ? message.option_id === poll.options[0]!.id && message.new_count
              : message.options?.find((o: { id: string }) => o.id === poll.options[0]!.id)?.count;
          return message.poll_id === poll.id && count === 1;
        });
      await viewer.waitFor(counted, 'the vote on the lower-case stream');
      await shouting.waitFor(counted, 'the vote on the upper-case stream');
      await socket.waitFor((m) => m.some((x) => x.total_votes === 1), 'the vote on the socket');
      viewer.close();
      shouting.close();
      await socket.close();
    });
  });

  describe(`bad text (${mode})`, () => {
    it.each([
      ['a NUL in the title', { title: 'a\u0000b' }, 'title'],
      ['a NUL in an option', { options: ['a\u0000', 'b'] }, 'option'],
      ['a NUL in the category', { category: 'x\u0000' }, 'category'],
      ['a title of zero-width characters', { title: '\u200b\u200d\ufeff' }, 'title'],
      ['options that differ only by invisible characters', { options: ['Pizza', 'Piz\u200bza'] }, 'different'],
      ['options that differ only by look-alike letters', { options: ['Pizza', 'Pizzа'] }, 'different'],
    ])('refuses %s with 400 naming it', async (_what, body, named) => {
      const reply = await rawRequest(server.url, 'POST', '/api/polls', {
        json: { title: 'Lunch?', options: ['Pizza', 'Sushi'], ...body },
        headers: { 'x-forwarded-for': nextVoterIp() },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_request');
      expect(reply.body.error.message).toContain(named);
    });

    it('answers a NUL in ?category= with 400 on the API and a page on the home page', async () => {
      const listed = await rawRequest(server.url, 'GET', '/api/polls?category=a%00b');
      expect([listed.status, listed.body.error.code]).toEqual([400, 'invalid_request']);
      const home = await rawRequest(server.url, 'GET', '/?category=a%00b');
      expect(home.status).not.toBe(500);
      expect(home.status).toBeLessThan(500);
    });

    it('answers a page address whose escapes are not UTF-8 with a 400 page in the visitor language', async () => {
      const poll = await api.create();
      // Each of these had Next answer 500: it decodes a dynamic segment and fails on the escape.
      for (const path of [
        '/polls/%ff',
        `/polls/${poll.id}%ff/present`,
        '/embed/%E0%A4%A',
        '/j/%C0%AF',
        '/events/%ff',
      ]) {
        const reply = await rawRequest(server.url, 'GET', path, { headers: { 'accept-language': 'de' } });
        expect(reply.status, path).toBe(400);
        expect(reply.headers['content-type'], path).toBe('text/html; charset=utf-8');
        expect(String(reply.body), path).toContain('<html lang="de" dir="ltr">');
        expect(String(reply.body), path).toContain('<h1>Diese Adresse ist beschädigt</h1>');
        expect(reply.headers['x-frame-options'], path).toBe('DENY');
      }
      // A readable escape still names its page, and a bad one in the query is the page's to read.
      const escaped = await rawRequest(server.url, 'GET', `/polls/${poll.id.replace('-', '%2D')}`);
      expect(escaped.status).toBe(200);
      expect(String(escaped.body)).toContain('Lunch?');
      expect((await rawRequest(server.url, 'GET', '/polls/new?from=%ff')).status).toBe(200);
    });
  });

  describe(`voter addresses (${mode})`, () => {
    it('counts one IPv6 /64 as one voter', async () => {
      const poll = await api.create();
      expect((await api.vote(poll.id, poll.options[0]!.id, '2001:db8:77:1::1')).status).toBe(200);
      const again = await api.vote(poll.id, poll.options[1]!.id, '2001:db8:77:1:ffff:ffff:ffff:fffe');
      expect([again.status, again.body.error?.code]).toEqual([409, 'already_voted']);
      const elsewhere = await api.vote(poll.id, poll.options[1]!.id, '2001:db8:77:2::1');
      expect(elsewhere.status).toBe(200);
      expect((await api.read(poll.id, '2001:db8:77:1::abcd')).body.voter.has_voted).toBe(true);
    });

    it('reads every spelling of an IPv4 address as that address', async () => {
      const poll = await api.create();
      expect((await api.vote(poll.id, poll.options[0]!.id, '10.77.1.2')).status).toBe(200);
      for (const spelling of ['::ffff:10.77.1.2', '::ffff:a4d:102', '0:0:0:0:0:ffff:10.77.1.2', '[::FFFF:A4D:102]']) {
        const again = await api.vote(poll.id, poll.options[1]!.id, spelling);
        expect([again.status, again.body.error?.code], spelling).toEqual([409, 'already_voted']);
      }
      expect((await api.read(poll.id)).body.stats.total_votes).toBe(1);
    });

    it('reads IPv6 made from an IPv4 address, and a hop with a port, as that IPv4 voter', async () => {
      const poll = await api.create();
      expect((await api.vote(poll.id, poll.options[0]!.id, '10.9.9.9')).status).toBe(200);
      // IPv4-compatible, NAT64, 6to4, and the port Azure and IIS proxies add.
      for (const spelling of ['::10.9.9.9', '64:ff9b::10.9.9.9', '2002:a09:909::1', '10.9.9.9:1234']) {
        const again = await api.vote(poll.id, poll.options[1]!.id, spelling);
        expect([again.status, again.body.error?.code], spelling).toEqual([409, 'already_voted']);
        expect((await api.read(poll.id, spelling)).body.voter.has_voted, spelling).toBe(true);
      }
      // A bracketed IPv6 hop with a port is its address (its /64), not the proxy's.
      expect((await api.vote(poll.id, poll.options[0]!.id, '[2001:db8:78:1::1]:443')).status).toBe(200);
      const sameLine = await api.vote(poll.id, poll.options[1]!.id, '2001:db8:78:1::2');
      expect([sameLine.status, sameLine.body.error?.code]).toEqual([409, 'already_voted']);
      expect((await api.vote(poll.id, poll.options[1]!.id, '[2001:db8:78:2::1]:443')).status).toBe(200);
      expect((await api.read(poll.id)).body.stats.total_votes).toBe(3);
    });
  });

  describe(`join codes guessed (${mode})`, () => {
    const byCode = (code: string, ip: string) =>
      rawRequest(server.url, 'GET', `/api/polls/by-code/${code}`, { headers: { 'x-forwarded-for': ip } });
    const joinPage = (code: string, ip: string) =>
      rawRequest(server.url, 'GET', `/j/${code}`, { headers: { 'x-forwarded-for': ip } });

    it('refuses an address that tried too many wrong codes with 429, on the API and the join page', async () => {
      const poll = await api.create();
      const guesser = nextVoterIp();
      for (let i = 0; i < CODE_LOOKUPS; i++) expect((await byCode(wrongCode(i), guesser)).status).toBe(404);
      const refused = await byCode(wrongCode(CODE_LOOKUPS), guesser);
      expect([refused.status, refused.body.error?.code]).toEqual([429, 'rate_limited']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Once refused, a right code is refused too: guessing must not tell right from wrong.
      expect((await byCode(poll.code, guesser)).status).toBe(429);
      const page = await joinPage(poll.code, guesser);
      expect(page.status).toBe(429);
      expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
      expect(Number(page.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(String(page.body)).toContain('Too many wrong codes');
      const oembed = await rawRequest(
        server.url,
        'GET',
        `/api/oembed?${new URLSearchParams({ url: `${server.url}/j/${poll.code}` })}`,
        { headers: { 'x-forwarded-for': guesser } },
      );
      expect(oembed.status).toBe(429);
      // Everyone else still joins.
      expect((await byCode(poll.code, nextVoterIp())).status).toBe(200);
      const joined = await joinPage(poll.code, nextVoterIp());
      expect([joined.status, joined.headers.location]).toEqual([307, `/polls/${poll.id}`]);
    });

    it('counts wrong codes on the join page against the same limit', async () => {
      const poll = await api.create();
      const guesser = nextVoterIp();
      for (let i = 0; i < CODE_LOOKUPS; i++) expect((await joinPage(wrongCode(i), guesser)).status).toBe(404);
      expect((await joinPage(wrongCode(CODE_LOOKUPS), guesser)).status).toBe(429);
      expect((await byCode(poll.code, guesser)).status).toBe(429);
    });

    it('never limits lookups that find their poll: a room behind one address all join', async () => {
      const poll = await api.create();
      const room = nextVoterIp();
      for (let i = 0; i < CODE_LOOKUPS * 4; i++) {
        expect((await byCode(poll.code.toLowerCase(), room)).status).toBe(200);
        expect((await joinPage(poll.code, room)).status).toBe(307);
      }
      // A typo from the room is one miss of its allowance, not the last straw.
      expect((await byCode(wrongCode(0), room)).status).toBe(404);
    });

    it.runIf(mode === 'services')('shares the count between instances through Redis', async () => {
      const poll = await api.create();
      const other = await startPollcastProcess({
        env: {
          ...servicesEnv(store),
          TRUST_PROXY: '127.0.0.1',
          RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE: String(CODE_LOOKUPS),
        },
      });
      try {
        const guesser = nextVoterIp();
        for (let i = 0; i < CODE_LOOKUPS; i++) {
          const instance = i % 2 === 0 ? server.url : other.url;
          const reply = await rawRequest(instance, 'GET', `/api/polls/by-code/${wrongCode(i)}`, {
            headers: { 'x-forwarded-for': guesser },
          });
          expect(reply.status).toBe(404);
        }
        for (const instance of [server.url, other.url]) {
          const reply = await rawRequest(instance, 'GET', `/api/polls/by-code/${poll.code}`, {
            headers: { 'x-forwarded-for': guesser },
          });
          expect(reply.status, instance).toBe(429);
        }
      } finally {
        await other.stop();
      }
    });
  });

  describe(`budgets (${mode})`, () => {
    it('closes a socket that floods refreshes with 1008 while other clients keep voting', async () => {
      const poll = await api.create();
      const flooder = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      const closed = new Promise<number>((resolve) => flooder.ws.once('close', (code) => resolve(code)));
      const refresh = JSON.stringify({ type: 'refresh', poll_id: poll.id });
      for (let i = 0; i < 20_000 && flooder.ws.readyState === WebSocket.OPEN; i++) flooder.sendRaw(refresh);
      const vote = await api.vote(poll.id, poll.options[0]!.id);
      expect(vote.status).toBe(200);
      expect(await closed).toBe(1008);
      expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);
    });

    it('refuses the live connection past LIVE_CONNECTIONS_PER_ADDRESS with 429, and no one else', async () => {
      const poll = await api.create();
      const crowd = nextVoterIp();
      const streams = [];
      // LIVE_CONNECTIONS_PER_ADDRESS is 20 for this server: 15 streams and 5 sockets fill it.
      for (let i = 0; i < 15; i++) streams.push(await openSseViewer(server.url, poll.id, { 'x-forwarded-for': crowd }));
      const sockets = [];
      for (let i = 0; i < 5; i++)
        sockets.push(await openSocketViewer(server.url, { headers: { 'x-forwarded-for': crowd } }));
      expect(streams.every((stream) => stream.status === 200)).toBe(true);

      const extra = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': crowd });
      await extra.waitForEnd();
      expect([extra.status, JSON.parse(extra.body).error.code]).toEqual([429, 'rate_limited']);
      await expect(openSocketViewer(server.url, { headers: { 'x-forwarded-for': crowd } })).rejects.toThrow(/429/);

      const other = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': nextVoterIp() });
      expect(other.status).toBe(200);
      expect((await api.vote(poll.id, poll.options[0]!.id, crowd)).status).toBe(200);
      expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);

      streams[0]!.close();
      await expect
        .poll(async () => {
          const again = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': crowd });
          again.close();
          return again.status;
        })
        .toBe(200);
      for (const stream of [...streams, other]) stream.close();
      for (const socket of sockets) await socket.close();
    });
  });
}
