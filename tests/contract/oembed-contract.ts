import http from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  client,
  freshStore,
  nextVoterIp,
  startInstance,
  type Mode,
  type Reply,
  type Store,
  type TestServer,
} from '../support/harness';
import { useContractInstance } from '../support/contract-instance';

/**
 * oEmbed (docs/EMBED.md) as a consumer meets it: `GET /api/oembed?url=…` answers the iframe for
 * this server's poll pages, on PUBLIC_URL or else on the host asked, and 404 for every other
 * address; only JSON is served.
 */

type CreatedPoll = { id: string; code: string; admin_token: string; options: { id: string }[] };

/** The attributes of the one `<iframe>` an oEmbed `html` must be, entities decoded; fails on anything else. */
function iframeOf(html: string): Record<string, string> {
  const match = /^<iframe((?: [a-z-]+="[^"<>]*")+)><\/iframe>$/.exec(html);
  expect(match, `not a lone iframe: ${html}`).not.toBeNull();
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...match![1]!.matchAll(/ ([a-z-]+)="([^"]*)"/g)].map(([, name, value]) => [name, decode(value!)]),
  );
}

/** A GET sent with a Host header of our choosing (fetch always sends the URL's own). */
function getWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { ...headers, host } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const replyHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of [value ?? []].flat()) replyHeaders.append(name, one);
        }
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), headers: replyHeaders });
      });
    });
    request.once('error', reject);
  });
}

export function defineOembedContract(mode: Mode): void {
  let store: Store;
  let server: TestServer;
  let api: ReturnType<typeof client>;

  useContractInstance(mode, { checkCounters: false }, (started) => {
    ({ store, server, api } = started);
  });

  const createPoll = async (title = 'Lunch?', options = ['Pizza', 'Sushi', 'Salad'], on = api) => {
    const reply = await on('POST', '/api/polls', { json: { title, options }, ip: nextVoterIp() });
    expect(reply.status).toBe(201);
    return reply.body as CreatedPoll;
  };
  const oembed = (query: Record<string, string>, on = api): Promise<Reply> =>
    on('GET', `/api/oembed?${new URLSearchParams(query)}`);

  describe(`oEmbed for poll pages (${mode})`, () => {
    it('answers a poll page with a rich iframe of its embed, its title and its size', async () => {
      const poll = await createPoll();
      const reply = await oembed({ url: `${server.url}/polls/${poll.id}`, format: 'json' });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
      expect(reply.body).toEqual({
        version: '1.0',
        type: 'rich',
        provider_name: 'pollcast',
        provider_url: `${server.url}/`,
        title: 'Lunch?',
        html: expect.any(String),
        width: 560,
        height: expect.any(Number),
      });
      const frame = iframeOf(reply.body.html);
      expect(frame).toMatchObject({
        src: `${server.url}/embed/${poll.id}`,
        title: 'Poll: Lunch?',
        width: '560',
        height: String(reply.body.height),
      });
      // Tall enough for the title, three answers and the vote button before the frame reports its own height.
      expect(reply.body.height).toBeGreaterThan(200);
    });

    it('gives a poll with more answers a taller first frame', async () => {
      const short = await oembed({ url: `${server.url}/polls/${(await createPoll('Two', ['A', 'B'])).id}` });
      const long = await oembed({
        url: `${server.url}/polls/${(await createPoll('Six', ['A', 'B', 'C', 'D', 'E', 'F'])).id}`,
      });
      expect(long.body.height).toBeGreaterThan(short.body.height);
    });

    it('answers every address of the poll alike: its embed, its join link, any letter case, a query or a fragment', async () => {
      const poll = await createPoll();
      const expected = (await oembed({ url: `${server.url}/polls/${poll.id}` })).body;
      const typedCode = `${poll.code.slice(0, 3)}-${poll.code.slice(3)}`.toLowerCase();
      for (const url of [
        `${server.url}/embed/${poll.id}`,
        `${server.url}/j/${poll.code}`,
        `${server.url}/j/${typedCode}`,
        `${server.url}/polls/${poll.id.toUpperCase()}`,
        `${server.url}/polls/${poll.id}/`,
        `${server.url}/polls/${poll.id}?vote=counted#results`,
      ]) {
        const reply = await oembed({ url });
        expect(reply.status, url).toBe(200);
        expect(reply.body, url).toEqual(expected);
      }
    });

    it('keeps the frame within maxwidth and maxheight, and never grows past its own size', async () => {
      const poll = await createPoll();
      const url = `${server.url}/polls/${poll.id}`;
      const full = (await oembed({ url })).body;
      const small = await oembed({ url, maxwidth: '300', maxheight: '150' });
      expect([small.body.width, small.body.height]).toEqual([300, 150]);
      expect(iframeOf(small.body.html)).toMatchObject({ width: '300', height: '150' });
      const roomy = await oembed({ url, maxwidth: '4000', maxheight: '4000' });
      expect([roomy.body.width, roomy.body.height]).toEqual([full.width, full.height]);
    });

    it('escapes the title inside the snippet, so a title cannot break out of its attribute', async () => {
      const title = `Tom's "best" <script>alert(1)</script> & more`;
      const poll = await createPoll(title);
      const reply = await oembed({ url: `${server.url}/polls/${poll.id}` });
      expect(reply.body.title).toBe(title);
      expect(reply.body.html).not.toContain('<script');
      expect(iframeOf(reply.body.html).title).toBe(`Poll: ${title}`);
    });

    it('refuses, 404, every address that is not a poll page of this server', async () => {
      const poll = await createPoll();
      const { host, port } = new URL(server.url);
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const url of [
        `https://elsewhere.example/polls/${poll.id}`,
        `http://elsewhere.example:${port}/polls/${poll.id}`,
        `http://127.0.0.1:1/polls/${poll.id}`,
        `http://user:pass@${host}/polls/${poll.id}`,
        `ftp://${host}/polls/${poll.id}`,
        `${server.url}/polls/${poll.id}/manage`,
        `${server.url}/polls/${poll.id}/present`,
        `${server.url}/api/polls/${poll.id}`,
        `${server.url}/polls/${poll.id}/../${poll.id}/manage`,
        `${server.url}/`,
        `${server.url}/polls/${missing}`,
        `${server.url}/polls/not-a-poll`,
        `${server.url}/j/0OIL00`,
        `${server.url}/j/%E0%A4%A`,
        `/polls/${poll.id}`,
        'javascript:alert(1)',
      ]) {
        const reply = await oembed({ url });
        expect([reply.status, reply.body?.error?.code], url).toEqual([404, 'not_found']);
      }
    });

    it('refuses a deleted poll', async () => {
      const poll = await createPoll();
      const url = `${server.url}/polls/${poll.id}`;
      expect((await oembed({ url })).status).toBe(200);
      const deleted = await api('DELETE', `/api/polls/${poll.id}`, {
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      expect(deleted.status).toBe(204);
      expect((await oembed({ url })).status).toBe(404);
    });

    it('answers 501 for XML (or any format but JSON), and 400 naming a missing or bad parameter', async () => {
      const poll = await createPoll();
      const url = `${server.url}/polls/${poll.id}`;
      for (const format of ['xml', 'yaml']) {
        const reply = await oembed({ url, format });
        expect([reply.status, reply.body.error.code], format).toEqual([501, 'not_implemented']);
      }
      expect((await oembed({ url, format: 'JSON' })).status).toBe(200);
      for (const [query, parameter] of [
        [{ format: 'json' }, 'url'],
        [{ url, maxwidth: '0' }, 'maxwidth'],
        [{ url, maxheight: 'tall' }, 'maxheight'],
        [{ url, maxwidth: '12.5' }, 'maxwidth'],
        // Whole numbers are digits: other spellings a number parser takes are refused.
        [{ url, maxwidth: '1e3' }, 'maxwidth'],
        [{ url, maxwidth: '0x10' }, 'maxwidth'],
        [{ url, maxheight: '+300' }, 'maxheight'],
        [{ url, maxheight: ' 300' }, 'maxheight'],
        [{ url, maxwidth: '' }, 'maxwidth'],
      ] as const) {
        const reply = await oembed(query);
        expect([reply.status, reply.body.error.code], JSON.stringify(query)).toEqual([400, 'invalid_request']);
        expect(reply.body.error.details.issues[0].path).toBe(parameter);
      }
    });

    it('without PUBLIC_URL, answers for the host the request came to, over https too', async () => {
      const poll = await createPoll();
      const { host } = new URL(server.url);
      const secure = await oembed({ url: `https://${host}/polls/${poll.id}` });
      expect(secure.status).toBe(200);
      expect(iframeOf(secure.body.html).src).toBe(`https://${host}/embed/${poll.id}`);
      expect(secure.body.provider_url).toBe(`https://${host}/`);
      // A proxy in front names the host the visitor used.
      const query = new URLSearchParams({ url: `https://polls.example.org/j/${poll.code}` });
      const proxied = await getWithHost(`${server.url}/api/oembed?${query}`, 'polls.example.org', {
        'x-forwarded-proto': 'https',
      });
      expect(proxied.status).toBe(200);
      expect(iframeOf(proxied.body.html).src).toBe(`https://polls.example.org/embed/${poll.id}`);
      const elsewhere = await getWithHost(`${server.url}/api/oembed?${query}`, 'polls.example.net');
      expect(elsewhere.status).toBe(404);
    });

    it('with PUBLIC_URL, answers only addresses on it, and builds every link on it', async () => {
      const own = mode === 'embedded' ? await freshStore(mode) : store;
      const instance = await startInstance(own, { PUBLIC_URL: 'https://Polls.Example.com/' });
      try {
        const on = client(instance.url);
        const poll = await createPoll('Public?', ['Yes', 'No'], on);
        const reply = await oembed({ url: `https://polls.example.com/polls/${poll.id}` }, on);
        expect(reply.status).toBe(200);
        expect(reply.body.provider_url).toBe('https://polls.example.com/');
        expect(iframeOf(reply.body.html).src).toBe(`https://polls.example.com/embed/${poll.id}`);
        for (const url of [`${instance.url}/polls/${poll.id}`, `http://polls.example.com/polls/${poll.id}`]) {
          expect((await oembed({ url }, on)).status, url).toBe(404);
        }
      } finally {
        await instance.close();
        if (own !== store) await own.drop();
      }
    });
  });
}
