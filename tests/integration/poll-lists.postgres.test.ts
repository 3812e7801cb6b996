import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPollsStatements } from '../../src/db/open-polls';
import {
  LIST_MAX_PAGE_DEPTH,
  LIST_TOTAL_CAP,
  encodeListCursor,
  openPollsQueryOf,
  type ListQuery,
} from '../../src/polls/poll-list';
import {
  client,
  freshStore,
  joinCodeSql,
  nextVoterIp,
  servicesAvailability,
  startInstance,
  type Store,
  type TestServer,
} from '../support/harness';

/** GET /api/polls over real HTTP on PostgreSQL: cursor paging, and a list that stays cheap under a million polls. */

const services = await servicesAvailability();

type ListedPoll = { id: string; category: string | null; created_at: string };
type ListReply = {
  polls: ListedPoll[];
  pagination: {
    page: number | null;
    limit: number;
    total: number;
    total_pages: number;
    total_capped: boolean;
    next_cursor: string | null;
  };
};

describe.skipIf(!services.run)('poll lists on PostgreSQL', () => {
  describe('cursor paging', () => {
    let store: Store;
    let server: TestServer;
    let api: ReturnType<typeof client>;
    /** Open listed polls in the order the list must give them, and the ones it must never show. */
    let openNewestFirst: ListedPoll[];
    let hidden: string[];

    beforeAll(async () => {
      store = await freshStore('services');
      server = await startInstance(store);
      api = client(server.url);
      const categories = ['Food', 'food', 'FOOD', 'Food', null, 'tech', null, 'Tech', null, 'Food', null, null, 'x'];
      const created: { id: string; admin_token: string; category: string | null }[] = [];
      for (const [i, category] of categories.entries()) {
        const reply = await api('POST', '/api/polls', {
          json: { title: `poll ${i}`, options: ['yes', 'no'], category, listed: true },
          ip: nextVoterIp(),
        });
        expect(reply.status).toBe(201);
        created.push(reply.body);
      }
      const [closedFood, closedPlain, expiredFood] = [created[3]!, created[4]!, created[9]!];
      for (const poll of [closedFood, closedPlain]) {
        const reply = await api('PATCH', `/api/polls/${poll.id}`, {
          json: { is_active: false },
          headers: { authorization: `Bearer ${poll.admin_token}` },
        });
        expect(reply.status).toBe(200);
      }
      // The API only takes future end times; an end that passed is what expiry leaves behind.
      await server.pollcast.database.rows(
        sql`update polls set expires_at = now() - interval '1 minute' where id = ${expiredFood.id}::uuid`,
      );
      // All within one millisecond, three to a microsecond: a cursor that rounded to milliseconds, or
      // ignored the id, would skip or repeat polls here.
      const stamps = created.map((poll, i) => ({
        id: poll.id,
        at: `2024-06-01T12:00:00.000${String(100 + Math.floor(i / 3))}Z`,
      }));
      await server.pollcast.database.rows(sql`
        update polls p set created_at = (s->>'at')::timestamptz
        from jsonb_array_elements(${JSON.stringify(stamps)}::jsonb) s where p.id = (s->>'id')::uuid`);
      // Unlisted (the default): reached by its link only, never in the list, though it is the newest.
      const unlisted = await api('POST', '/api/polls', {
        json: { title: 'private', options: ['yes', 'no'], category: 'Food' },
        ip: nextVoterIp(),
      });
      expect(unlisted.status).toBe(201);
      hidden = [closedFood.id, closedPlain.id, expiredFood.id, unlisted.body.id];
      const at = new Map(stamps.map((stamp) => [stamp.id, stamp.at]));
      openNewestFirst = created
        .filter((poll) => !hidden.includes(poll.id))
        .map((poll) => ({ id: poll.id, category: poll.category, created_at: at.get(poll.id)! }))
        .sort((a, b) => (a.created_at === b.created_at ? cmp(b.id, a.id) : cmp(b.created_at, a.created_at)));
    });
    afterAll(async () => {
      await server?.close();
      await store?.drop();
    });

    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

    /** Follows next_cursor from the first page to the last, checking each page on the way. */
    async function walk(query: string): Promise<{ ids: string[]; pages: ListReply[] }> {
      const pages: ListReply[] = [];
      let path = `/api/polls?${query}`;
      for (;;) {
        const reply = await api<ListReply>('GET', path);
        expect(reply.status).toBe(200);
        pages.push(reply.body);
        const cursor = reply.body.pagination.next_cursor;
        if (cursor === null) break;
        expect(pages.length).toBeLessThan(20);
        path = `/api/polls?${query}&cursor=${encodeURIComponent(cursor)}`;
      }
      return { ids: pages.flatMap((page) => page.polls.map((poll) => poll.id)), pages };
    }

    it('walks every open poll newest first, without repeats or gaps, and never shows closed or expired ones', async () => {
      const { ids, pages } = await walk('limit=3');
      expect(ids).toEqual(openNewestFirst.map((poll) => poll.id));
      for (const id of hidden) expect(ids).not.toContain(id);
      expect(pages.length).toBe(Math.ceil(openNewestFirst.length / 3));
      expect(pages[0]!.pagination).toEqual({
        page: 1,
        limit: 3,
        total: openNewestFirst.length,
        total_pages: Math.ceil(openNewestFirst.length / 3),
        total_capped: false,
        next_cursor: expect.any(String),
      });
      // Past the first page the cursor, not a number, says where the page is.
      expect(pages[1]!.pagination.page).toBeNull();
      expect(pages.at(-1)!.pagination.next_cursor).toBeNull();
    });

    it('walks a category case-insensitively', async () => {
      const { ids } = await walk('limit=2&category=fOOd');
      const food = openNewestFirst.filter((poll) => poll.category?.toLowerCase() === 'food').map((poll) => poll.id);
      expect(food.length).toBe(3);
      expect(ids).toEqual(food);
    });

    it('pages by number near the top, and each page hands over a cursor to the next', async () => {
      const second = await api<ListReply>('GET', '/api/polls?limit=3&page=2');
      expect(second.status).toBe(200);
      expect(second.body.pagination.page).toBe(2);
      expect(second.body.polls.map((poll) => poll.id)).toEqual(openNewestFirst.slice(3, 6).map((poll) => poll.id));
      const third = await api<ListReply>('GET', `/api/polls?limit=3&cursor=${second.body.pagination.next_cursor}`);
      expect(third.body.polls.map((poll) => poll.id)).toEqual(openNewestFirst.slice(6, 9).map((poll) => poll.id));
    });

    it('answers pages up to the depth limit and refuses deeper ones, pointing at the cursor', async () => {
      const deepest = await api('GET', `/api/polls?limit=20&page=${LIST_MAX_PAGE_DEPTH / 20}`);
      expect(deepest.status).toBe(200);
      expect(deepest.body.polls).toEqual([]);
      for (const query of [`limit=20&page=${LIST_MAX_PAGE_DEPTH / 20 + 1}`, 'limit=100&page=11', 'page=30000']) {
        const reply = await api('GET', `/api/polls?${query}`);
        expect(reply.status, query).toBe(400);
        expect(reply.body.error.code).toBe('invalid_request');
        expect(reply.body.error.message).toMatch(/cursor/);
      }
    });

    it('refuses a page and a cursor together', async () => {
      const first = await api<ListReply>('GET', '/api/polls?limit=3');
      const cursor = first.body.pagination.next_cursor!;
      for (const page of ['1', '2']) {
        const reply = await api('GET', `/api/polls?limit=3&page=${page}&cursor=${cursor}`);
        expect(reply.status).toBe(400);
        expect(reply.body.error.code).toBe('invalid_request');
        expect(reply.body.error.message).toMatch(/page or cursor/);
      }
    });

    it('refuses malformed cursors with a 400 naming the cursor', async () => {
      const first = await api<ListReply>('GET', '/api/polls?limit=3');
      const good = first.body.pagination.next_cursor!;
      const id = openNewestFirst[0]!.id;
      const tampered = `${good.slice(0, 5)}${good[5] === 'A' ? 'B' : 'A'}${good.slice(6)}`;
      const cursors = [
        'garbage',
        `${good}!`,
        tampered,
        'x'.repeat(300),
        encodeURIComponent('\u0000'),
        encodeListCursor({ createdAt: '2024-02-30T00:00:00.000000Z', id }),
        encodeListCursor({ createdAt: '0000-01-01T00:00:00.000000Z', id }),
        encodeListCursor({ createdAt: '2024-06-01T12:00:00.000Z', id }),
        encodeListCursor({ createdAt: '2024-06-01T12:00:00.000000Z', id: 'not-a-uuid' }),
      ];
      for (const cursor of cursors) {
        const reply = await api('GET', `/api/polls?cursor=${cursor}`);
        expect(reply.status, cursor).toBe(400);
        expect(reply.body.error.code).toBe('invalid_request');
        expect(reply.body.error.details.issues[0].path).toBe('cursor');
        expect(reply.body.error.message).toMatch(/cursor/);
      }
    });
  });

  describe('a million polls', () => {
    const POLLS = 1_000_000;
    let store: Store;
    let server: TestServer;
    let api: ReturnType<typeof client>;

    beforeAll(async () => {
      store = await freshStore('services');
      server = await startInstance(store);
      api = client(server.url);
      // A spammer's flood: mostly open, every tenth closed, every seventh expired, one in a
      // thousand in another category; three to a timestamp so ties need the id to break them.
      const db = new pg.Client({ connectionString: store.url });
      await db.connect();
      try {
        await db.query(`
          insert into polls (title, category, created_at, expires_at, is_active, admin_token_hash, code, listed)
          select 'spam ' || i,
            case when i % 1000 = 1 then 'News' else 'Spam' end,
            timestamptz '2025-01-01' + (i / 3) * interval '1 millisecond',
            case when i % 7 = 0 then now() - interval '1 day' end,
            i % 10 <> 0,
            'not-a-real-token-hash',
            ${joinCodeSql('i')},
            -- Most polls are unlisted (the default): the list's indexes leave them out, so it stays cheap.
            i % 3 = 0
          from generate_series(1, ${POLLS}) i`);
        await db.query('analyze polls');
      } finally {
        await db.end();
      }
    }, 240_000);
    afterAll(async () => {
      await server?.close();
      await store?.drop();
    }, 120_000);

    type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
    const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

    /** Runs one of the list's statements under EXPLAIN ANALYZE: the table rows and buffers it touched. */
    async function cost(statement: ReturnType<typeof sql>) {
      const [row] = await server.pollcast.database.rows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        sql`explain (analyze, buffers, format json) ${statement}`,
      );
      const plan = row!['QUERY PLAN'][0].Plan;
      const nodes = nodesOf(plan);
      const scans = nodes.filter((node) => String(node['Node Type']).includes('Scan'));
      const num = (node: PlanNode, key: string) => Number(node[key] ?? 0);
      return {
        nodeTypes: nodes.map((node) => String(node['Node Type'])),
        rows: scans.reduce(
          (sum, node) =>
            sum + (num(node, 'Actual Rows') + num(node, 'Rows Removed by Filter')) * num(node, 'Actual Loops'),
          0,
        ),
        buffers: num(plan, 'Shared Hit Blocks') + num(plan, 'Shared Read Blocks'),
      };
    }

    /** The page and the capped count a list request runs, each checked to touch a bounded share of the table. */
    async function expectCheap(query: ListQuery) {
      const statements = openPollsStatements(openPollsQueryOf(query));
      const figures = { page: await cost(statements.page), count: await cost(statements.count) };
      for (const figure of Object.values(figures)) {
        expect(figure.nodeTypes).not.toContain('Seq Scan');
        expect(figure.nodeTypes).not.toContain('Sort');
        expect(figure.rows).toBeLessThan(20_000);
        expect(figure.buffers).toBeLessThan(20_000);
      }
      return figures;
    }

    it('lists the first page, a category and a deep page while touching a sliver of the table', async () => {
      const first = await api<ListReply>('GET', '/api/polls?limit=20');
      expect(first.status).toBe(200);
      expect(first.body.polls).toHaveLength(20);
      expect(first.body.pagination).toMatchObject({
        page: 1,
        total: LIST_TOTAL_CAP,
        total_capped: true,
        total_pages: LIST_TOTAL_CAP / 20,
      });

      const news = await api<ListReply>('GET', '/api/polls?limit=20&category=news');
      expect(news.status).toBe(200);
      expect(news.body.polls.every((poll) => poll.category === 'News')).toBe(true);
      const newsCursor = news.body.pagination.next_cursor!;
      const newsNext = await api<ListReply>('GET', `/api/polls?limit=20&category=news&cursor=${newsCursor}`);
      expect(newsNext.body.polls).toHaveLength(20);

      // A position 900,000 polls down, as if someone had followed the cursor that far.
      const [deep] = await server.pollcast.database.rows<{ created_at: string; id: string }>(sql`
          select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at, id
          from polls order by created_at desc, id desc offset 900000 limit 1`);
      const deepCursor = encodeListCursor({ createdAt: deep!.created_at, id: deep!.id });
      const deepPage = await api<ListReply>('GET', `/api/polls?limit=20&cursor=${deepCursor}`);
      expect(deepPage.status).toBe(200);
      expect(deepPage.body.polls).toHaveLength(20);
      const deepMillis = Date.parse(`${deep!.created_at.slice(0, 23)}Z`);
      expect(deepPage.body.polls.every((poll) => Date.parse(poll.created_at) <= deepMillis)).toBe(true);
      expect(deepPage.body.pagination).toMatchObject({ page: null, total: LIST_TOTAL_CAP, total_capped: true });

      const figures = {
        first: await expectCheap({ page: 1, limit: 20 }),
        category: await expectCheap({ page: 1, limit: 20, category: 'spam' }),
        rareCategory: await expectCheap({ page: 1, limit: 20, category: 'news', cursor: newsCursor }),
        deepCursor: await expectCheap({ page: 1, limit: 20, cursor: deepCursor }),
        deepestPage: await expectCheap({ page: LIST_MAX_PAGE_DEPTH / 20, limit: 20 }),
      };
      if (process.env.SHOW_LIST_COSTS) console.log(JSON.stringify(figures, null, 1));

      const tooDeep = await api('GET', '/api/polls?page=30000');
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.error.code).toBe('invalid_request');
    }, 120_000);
  });
});
