import http from 'node:http';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  REDIS_TEST_URL,
  client,
  counterMismatches,
  freshStore,
  nextVoterIp,
  startInstance,
  tcpRelay,
  type Mode,
  type Store,
  type TestServer,
} from '../support/harness';

/**
 * The creator's export (docs/API.md, "Export") over real HTTP in each mode: what the files say,
 * that they say nothing about voters, that counts and ballots agree while votes keep arriving,
 * and that a download holds the server's resources only while its client reads.
 */

type CreatedPoll = { id: string; code: string; admin_token: string; options: { id: string; option_text: string }[] };
type ExportDocument = {
  exported_at: string;
  poll: Record<string, unknown> & { id: string; total_votes: number };
  results: { option_id: string; option_text: string; votes: number }[];
  ballots: { voted_at: string; option_ids: string[]; options: string[] }[];
};

/** Twice this is how long a download may stop reading before the server gives it up. */
const DB_TIMEOUT_MS = 4_000;
const STALL_MS = 2 * DB_TIMEOUT_MS;
/** Ballots in the big poll: its JSON (~17 MB) is far more than the sockets between server and test hold. */
const BIG_POLL_BALLOTS = 60_000;

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF after every record, nothing else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (char === '"' || char === '\r' || char === '\n') throw new Error(`not RFC 4180 at character ${i}`);
    else field += char;
  }
  if (quoted || field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

type Download = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Reads the rest of the body; `complete` is false when the server cut it off. */
  finish(): Promise<{ text: string; complete: boolean }>;
  /** Goes away without reading the rest, as a closed browser tab does. */
  abandon(): void;
};

/** A download whose body is not read until `finish`, so the server meets a full socket. */
function startDownload(url: string, token: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      response.pause();
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        finish: () =>
          new Promise((done) => {
            const chunks: Buffer[] = [];
            const settle = () => done({ text: Buffer.concat(chunks).toString('utf8'), complete: response.complete });
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', () => undefined);
            response.once('close', settle);
            response.resume();
          }),
        abandon: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}

export function defineExportContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let store: Store;
  let server: TestServer;
  let api: ReturnType<typeof client>;
  /** 60,000 ballots with long option texts, loaded straight into the database. */
  let big: CreatedPoll;

  /** Runs a statement on the store without the server's statement timeout (a bulk load takes longer). */
  const load = async (statement: SQL) => {
    if (!store.url) return void (await server.pollcast.database.rows(statement));
    const { sql: text, params } = new PgDialect().sqlToQuery(statement);
    const db = new pg.Client({ connectionString: store.url });
    await db.connect();
    try {
      await db.query(text, params);
    } finally {
      await db.end();
    }
  };

  /** Ballots as the vote writer leaves them (a choice each, counters updated), cast a millisecond apart a day ago. */
  const loadBallots = async (poll: CreatedPoll, count: number) => {
    const optionIds = `{${poll.options.map((option) => option.id).join(',')}}`;
    await load(sql`
      with ballots as (
        insert into votes (poll_id, option_id, voter_ip, voted_at)
        select ${poll.id}::uuid, (${optionIds}::uuid[])[1 + i % ${poll.options.length}], '172.16.0.0'::inet + i,
               now() - interval '1 day' + i * interval '1 ms'
        from generate_series(1, ${count}::int) i
        returning id, poll_id, option_id),
      choices as (
        insert into vote_choices (vote_id, poll_id, option_id) select id, poll_id, option_id from ballots)
      update polls p set total_votes = p.total_votes + ${count}::int, seq = p.seq + 1,
        option_counts = (select array_agg(p.option_counts[o.position + 1] + coalesce(added.n, 0) order by o.position)
                         from poll_options o
                         left join (select option_id, count(*)::int as n from ballots group by option_id) added
                           on added.option_id = o.id
                         where o.poll_id = p.id)
      where p.id = ${poll.id}::uuid`);
  };

  beforeAll(async () => {
    store = await freshStore(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {});
    // A pool of 4 runs one export at a time (a quarter of the pool).
    server = await startInstance(store, { DB_POOL_SIZE: '4', DB_TIMEOUT_MS: String(DB_TIMEOUT_MS) });
    api = client(server.url);
    big = await createPoll({ title: 'Big', options: ['a', 'b', 'c'].map((letter) => letter.repeat(255)) });
    await loadBallots(big, BIG_POLL_BALLOTS);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });
  afterEach(async () => {
    expect(await counterMismatches(server.pollcast)).toEqual([]);
  });

  async function createPoll(settings: Record<string, unknown> = {}): Promise<CreatedPoll> {
    const reply = await api('POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...settings },
      ip: nextVoterIp(),
    });
    expect(reply.status).toBe(201);
    return reply.body;
  }
  const castBallot = async (poll: CreatedPoll, chosen: number[], ip = nextVoterIp(), headers = {}) => {
    const option_ids = chosen.map((i) => poll.options[i]!.id);
    const reply = await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_ids }, ip, headers });
    expect(reply.body.counted).toBe(true);
  };
  const admin = (poll: CreatedPoll) => ({ authorization: `Bearer ${poll.admin_token}` });
  /** The export's bytes, as a browser saves them. */
  const download = async (poll: CreatedPoll, file: string) => {
    const response = await fetch(`${server.url}/api/polls/${poll.id}/${file}`, { headers: admin(poll) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Strict UTF-8, and a byte order mark is kept in the text rather than dropped.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { status: response.status, headers: response.headers, bytes, text };
  };
  const countsOf = async (poll: CreatedPoll) => {
    const details = await api('GET', `/api/polls/${poll.id}`, { headers: admin(poll) });
    return details.body as {
      poll: Record<string, unknown>;
      options: { id: string; vote_count: number }[];
      stats: { total_votes: number };
    };
  };
  /** Sessions of this store's database left inside a transaction: an export that did not give its connection back. */
  const openTransactions = async () => {
    if (!store.url) return 0;
    const db = new pg.Client({ connectionString: store.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`,
      );
      return rows[0].n as number;
    } finally {
      await db.end();
    }
  };

  describe(`who may export (${mode})`, () => {
    it('refuses a missing or wrong admin token, an unknown poll and an unknown part', async () => {
      const poll = await createPoll();
      const wrong = { authorization: 'Bearer not-the-token' };
      for (const file of ['export.csv', 'export.json']) {
        const path = `/api/polls/${poll.id}/${file}`;
        const cases: [string, Record<string, string>, number, string][] = [
          [path, {}, 401, 'unauthorized'],
          [path, wrong, 401, 'unauthorized'],
          [`/api/polls/00000000-0000-4000-8000-000000000000/${file}`, admin(poll), 404, 'not_found'],
          [`/api/polls/not-a-poll/${file}`, admin(poll), 404, 'not_found'],
        ];
        for (const [url, headers, status, code] of cases) {
          const reply = await api('GET', url, { headers });
          expect([reply.status, reply.body.error.code], `${url} ${JSON.stringify(headers)}`).toEqual([status, code]);
          expect(reply.headers.get('cache-control')).toBe('no-store');
        }
      }
      const part = await api('GET', `/api/polls/${poll.id}/export.csv?part=voters`, { headers: admin(poll) });
      expect(part.status).toBe(400);
      expect(part.body.error).toMatchObject({ code: 'invalid_request', details: { issues: [{ path: 'part' }] } });
    });

    it('answers a HEAD request with the headers alone', async () => {
      const poll = await createPoll();
      const response = await fetch(`${server.url}/api/polls/${poll.id}/export.csv`, {
        method: 'HEAD',
        headers: admin(poll),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="poll-${poll.code}.csv"`);
      expect(await response.text()).toBe('');
      // It held no export: the next one starts at once.
      expect((await download(poll, 'export.csv')).status).toBe(200);
    });
  });

  describe(`what the files say (${mode})`, () => {
    const SPREADSHEET_TRAPS = ['=1+1', '+Pizza', '-Salad', '@Sushi', 'Crème "brûlée", please'];
    let poll: CreatedPoll;
    /** The ballots in the order cast, as option positions. */
    const cast = [[0], [1, 4], [4], [2, 3], [0, 4]];

    beforeAll(async () => {
      // Hidden from everyone but the creator, who gets every count in the export all the same.
      poll = await createPoll({ options: SPREADSHEET_TRAPS, max_choices: 2, results_visibility: 'creator' });
      for (const chosen of cast) await castBallot(poll, chosen);
    });

    it('writes one CSV row per ballot that a spreadsheet reads safely', async () => {
      const file = await download(poll, 'export.csv');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="poll-${poll.code}.csv"`);
      expect(file.headers.get('cache-control')).toBe('no-store');
      // UTF-8 with a byte order mark, so Excel does not read it in a legacy code page.
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(file.text.slice(1));
      expect(header).toEqual(['voted_at (UTC)', "'=1+1", "'+Pizza", "'-Salad", "'@Sushi", 'Crème "brûlée", please']);
      expect(rows.map((row) => row.slice(1))).toEqual(
        cast.map((chosen) => SPREADSHEET_TRAPS.map((_, i) => (chosen.includes(i) ? '1' : '0'))),
      );
      const times = rows.map((row) => row[0]!);
      for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
      expect([...times].sort()).toEqual(times);
      expect(Date.now() - Date.parse(`${times[0]!.replace(' ', 'T')}Z`)).toBeLessThan(5 * 60_000);
      // Each column's sum is the option's count.
      const { options } = await countsOf(poll);
      const sums = SPREADSHEET_TRAPS.map((_, i) => rows.filter((row) => row[i + 1] === '1').length);
      expect(sums).toEqual(options.map((option) => option.vote_count));
    });

    it('writes the results as CSV, one row per option', async () => {
      const file = await download(poll, 'export.csv?part=results');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="poll-${poll.code}-results.csv"`);
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const { options } = await countsOf(poll);
      expect(parseCsv(file.text.slice(1))).toEqual([
        ['option', 'votes'],
        ...["'=1+1", "'+Pizza", "'-Salad", "'@Sushi", 'Crème "brûlée", please'].map((text, i) => [
          text,
          String(options[i]!.vote_count),
        ]),
      ]);
    });

    it('writes the poll, its results and every ballot as JSON', async () => {
      const file = await download(poll, 'export.json');
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="poll-${poll.code}.json"`);
      const document = JSON.parse(file.text) as ExportDocument;
      const details = await countsOf(poll);
      expect(document.poll).toEqual(details.poll);
      expect(document.results).toEqual(
        poll.options.map((option, i) => ({
          option_id: option.id,
          option_text: option.option_text,
          votes: details.options[i]!.vote_count,
        })),
      );
      expect(document.ballots.map(({ option_ids, options: texts }) => ({ option_ids, texts }))).toEqual(
        cast.map((chosen) => ({
          option_ids: chosen.map((i) => poll.options[i]!.id),
          texts: chosen.map((i) => SPREADSHEET_TRAPS[i]),
        })),
      );
      const times = document.ballots.map((ballot) => ballot.voted_at);
      for (const time of times) expect(new Date(time).toISOString()).toBe(time);
      expect([...times].sort()).toEqual(times);
      expect(Date.parse(document.exported_at)).toBeGreaterThanOrEqual(Date.parse(times.at(-1)!));
    });

    it('never holds a voter’s address, browser id or ballot id', async () => {
      const room = await createPoll({ voter_identity: 'browser' });
      const hall = nextVoterIp();
      for (let i = 0; i < 3; i++) {
        const first = await api('GET', `/api/polls/${room.id}`, { ip: hall });
        const cookie = /pollcast_voter=[^;]+/.exec(first.headers.get('set-cookie') ?? '')![0];
        await castBallot(room, [i], hall, { cookie });
      }
      const ids = [poll.id, room.id];
      const voters = await server.pollcast.database.rows<{ id: string; address: string; session: string | null }>(sql`
        select id::text, host(voter_ip) as address, voter_session as session from votes
        where poll_id in (${ids[0]}::uuid, ${ids[1]}::uuid)`);
      expect(voters).toHaveLength(cast.length + 3);
      const secrets = voters.flatMap((voter) => [voter.id, voter.address, voter.session ?? []].flat());
      expect(secrets.filter((secret) => secret.length > 6)).toHaveLength(secrets.length);
      for (const exported of [poll, room]) {
        for (const file of ['export.csv', 'export.csv?part=results', 'export.json']) {
          const { text } = await download(exported, file);
          for (const secret of secrets) expect(text, `${file} holds ${secret}`).not.toContain(secret);
        }
        const document = JSON.parse((await download(exported, 'export.json')).text) as ExportDocument;
        for (const ballot of document.ballots)
          expect(Object.keys(ballot)).toEqual(['voted_at', 'option_ids', 'options']);
      }
    });
  });

  describe(`a long download (${mode})`, () => {
    /** Waits until an export starts again: the one before has given its place back. */
    const exportsFree = () =>
      expect
        .poll(async () => (await download(big, 'export.csv?part=results')).status, { timeout: STALL_MS * 2 })
        .toBe(200);

    it('agrees with itself while votes arrive during the download', async () => {
      const url = `${server.url}/api/polls/${big.id}/export.json`;
      const held = await startDownload(url, big.admin_token);
      expect(held.status).toBe(200);
      // The download has begun and waits on its reader; these votes come in the middle of it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const late = [0, 1, 2, 2];
      for (const chosen of late) await castBallot(big, [chosen]);
      const { text, complete } = await held.finish();
      expect(complete).toBe(true);
      const document = JSON.parse(text) as ExportDocument;
      expect(document.ballots).toHaveLength(BIG_POLL_BALLOTS);
      expect(document.poll.total_votes).toBe(BIG_POLL_BALLOTS);
      const chosen = document.results.map(
        (result) => document.ballots.filter((ballot) => ballot.option_ids[0] === result.option_id).length,
      );
      expect(document.results.map((result) => result.votes)).toEqual(chosen);
      // The votes were counted all the same, and the next export has them.
      expect((await countsOf(big)).stats.total_votes).toBe(BIG_POLL_BALLOTS + late.length);
      const after = await download(big, 'export.csv?part=results');
      const votes = parseCsv(after.text.slice(1))
        .slice(1)
        .map((row) => Number(row[1]));
      expect(votes).toEqual(document.results.map((result, i) => result.votes + late.filter((o) => o === i).length));
    });

    it('runs as many exports at once as the pool spares, and refuses more with 429', async () => {
      const held = await startDownload(`${server.url}/api/polls/${big.id}/export.json`, big.admin_token);
      try {
        expect(held.status).toBe(200);
        const busy = await api('GET', `/api/polls/${big.id}/export.csv?part=results`, { headers: admin(big) });
        expect(busy.status).toBe(429);
        expect(busy.body.error.code).toBe('rate_limited');
        expect(busy.headers.get('retry-after')).toBe('5');
      } finally {
        held.abandon();
      }
      await exportsFree();
    });

    it('frees the export at once when its client goes away', async () => {
      const held = await startDownload(`${server.url}/api/polls/${big.id}/export.json`, big.admin_token);
      expect(held.status).toBe(200);
      if (store.url) await expect.poll(openTransactions).toBe(1);
      const left = Date.now();
      held.abandon();
      await expect
        .poll(async () => (await download(big, 'export.csv?part=results')).status, { timeout: STALL_MS / 2 })
        .toBe(200);
      expect(Date.now() - left).toBeLessThan(STALL_MS / 2);
      await expect.poll(openTransactions, { timeout: STALL_MS / 2 }).toBe(0);
    });

    it('gives up a download whose client stops reading, and cuts it off', async () => {
      const held = await startDownload(`${server.url}/api/polls/${big.id}/export.json`, big.admin_token);
      expect(held.status).toBe(200);
      const stopped = Date.now();
      // Until the stall limit the download keeps its place; after it, the place is free again.
      expect((await api('GET', `/api/polls/${big.id}/export.csv?part=results`, { headers: admin(big) })).status).toBe(
        429,
      );
      await expect
        .poll(async () => (await download(big, 'export.csv?part=results')).status, {
          timeout: STALL_MS * 3,
          interval: 250,
        })
        .toBe(200);
      expect(Date.now() - stopped).toBeGreaterThanOrEqual(STALL_MS - 500);
      await expect.poll(openTransactions, { timeout: STALL_MS }).toBe(0);
      const { text, complete } = await held.finish();
      expect(complete).toBe(false);
      expect(() => JSON.parse(text)).toThrow();
    }, 60_000);

    // PostgreSQL only: PGlite runs in the process, with no link to drop. Not defined (rather than
    // skipped) in embedded mode, so a CI run that must not skip anything reports nothing skipped.
    (mode === 'services' ? it : () => undefined)(
      'cuts the download off when the database link drops halfway, and goes on serving',
      async () => {
        const relay = await tcpRelay(5432);
        const url = new URL(store.url!);
        url.port = String(relay.port);
        const instance = await startInstance(store, { DATABASE_URL: url.toString(), DB_POOL_SIZE: '4' });
        try {
          const held = await startDownload(`${instance.url}/api/polls/${big.id}/export.json`, big.admin_token);
          expect(held.status).toBe(200);
          // The export's connection is lost between two pages; the server must not crash on it.
          relay.cut();
          const { text, complete } = await held.finish();
          expect(complete).toBe(false);
          expect(() => JSON.parse(text)).toThrow();
          const after = await fetch(`${instance.url}/api/polls/${big.id}/export.csv?part=results`, {
            headers: admin(big),
          });
          expect(after.status).toBe(200);
        } finally {
          await instance.close();
          await relay.close();
        }
      },
      60_000,
    );
  });
}
