import { sql } from 'drizzle-orm';
import type { CreatePollInput } from '../domain/schemas';
import type { Poll, PollWithOptions } from '../domain/polls';
import type { Database } from './client';

/** Poll reads and writes. Every statement is a parameterised Drizzle `sql` template. */

type PollRow = {
  id: string;
  title: string;
  description: string | null;
  category: string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
  is_active: boolean;
  total_votes: number;
  seq: number | string;
};
type OptionRow = { id: string; option_text: string; vote_count: number };

const POLL_COLUMNS = sql`p.id, p.title, p.description, p.category, p.created_at, p.expires_at, p.is_active, p.total_votes, p.seq`;
const IS_OPEN = sql`(p.is_active and (p.expires_at is null or p.expires_at > now()))`;

/** Timestamps arrive as Date from node-postgres and as text from PGlite. */
export function toIso(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}

function toPoll(row: PollRow): Poll {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    created_at: toIso(row.created_at),
    expires_at: row.expires_at === null ? null : toIso(row.expires_at),
    is_active: row.is_active,
    total_votes: Number(row.total_votes),
  };
}

export async function insertPoll(
  database: Database,
  input: CreatePollInput,
  creatorIp: string | null,
  adminTokenHash: string,
): Promise<PollWithOptions> {
  return database.db.transaction(async (tx) => {
    const run = async <T>(query: ReturnType<typeof sql>) =>
      ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
    const [row] = await run<PollRow>(sql`
      insert into polls (title, description, category, expires_at, creator_ip, admin_token_hash)
      values (${input.title}, ${input.description}, ${input.category},
              ${input.expires_at ? input.expires_at.toISOString() : null}::timestamptz,
              ${creatorIp}::inet, ${adminTokenHash})
      returning ${sql.raw('id, title, description, category, created_at, expires_at, is_active, total_votes, seq')}`);
    if (!row) throw new Error('insert into polls returned no row');
    const options = JSON.stringify(input.options.map((text, position) => ({ text, position })));
    const optionRows = await run<OptionRow>(sql`
      insert into poll_options (poll_id, option_text, position)
      select ${row.id}::uuid, o.text, o.position
      from jsonb_to_recordset(${options}::jsonb) as o(text varchar, position smallint)
      order by o.position
      returning id, option_text, vote_count`);
    return { ...toPoll(row), seq: Number(row.seq), options: optionRows };
  });
}

export async function findPoll(database: Database, id: string): Promise<PollWithOptions | undefined> {
  const [row] = await database.rows<PollRow & { options: OptionRow[] }>(sql`
    select ${POLL_COLUMNS},
      (select json_agg(json_build_object('id', o.id, 'option_text', o.option_text, 'vote_count', o.vote_count)
                       order by o.position)
         from poll_options o where o.poll_id = p.id) as options
    from polls p where p.id = ${id}::uuid`);
  if (!row) return undefined;
  return { ...toPoll(row), seq: Number(row.seq), options: row.options ?? [] };
}

export async function findAdminTokenHash(database: Database, id: string): Promise<string | undefined> {
  const [row] = await database.rows<{ admin_token_hash: string }>(
    sql`select admin_token_hash from polls where id = ${id}::uuid`,
  );
  return row?.admin_token_hash;
}

export async function findVoterChoice(database: Database, pollId: string, voterIp: string): Promise<string | null> {
  const [row] = await database.rows<{ option_id: string }>(
    sql`select option_id from votes where poll_id = ${pollId}::uuid and voter_ip = ${voterIp}::inet`,
  );
  return row?.option_id ?? null;
}

export async function listOpenPolls(
  database: Database,
  query: { page: number; limit: number; category?: string | undefined },
): Promise<{ polls: Poll[]; total: number }> {
  const byCategory = query.category ? sql`and lower(p.category) = lower(${query.category})` : sql``;
  const offset = (query.page - 1) * query.limit;
  const [rows, [count]] = await Promise.all([
    database.rows<PollRow>(sql`
      select ${POLL_COLUMNS} from polls p
      where ${IS_OPEN} ${byCategory}
      order by p.created_at desc, p.id desc
      limit ${query.limit} offset ${offset}`),
    database.rows<{ total: number | string }>(sql`
      select count(*) as total from polls p where ${IS_OPEN} ${byCategory}`),
  ]);
  return { polls: rows.map(toPoll), total: Number(count?.total ?? 0) };
}

/** Open polls ordered by votes in the last hour; the Redis sorted set replaces this in services mode. */
export async function trendingPollsFromVotes(database: Database, limit: number): Promise<Poll[]> {
  const rows = await database.rows<PollRow>(sql`
    select ${POLL_COLUMNS} from polls p
    join (select poll_id, count(*) as recent from votes
          where voted_at > now() - interval '1 hour' group by poll_id) r on r.poll_id = p.id
    where ${IS_OPEN}
    order by r.recent desc, p.total_votes desc, p.created_at desc
    limit ${limit}`);
  return rows.map(toPoll);
}

/** Applies a change and bumps seq in one statement; undefined when the poll is gone. */
export async function updatePollState(
  database: Database,
  id: string,
  change: { isActive?: boolean | undefined; expiresAt?: Date | null | undefined },
): Promise<boolean> {
  const setActive = change.isActive === undefined ? sql`is_active` : sql`${change.isActive}::boolean`;
  const setExpires =
    change.expiresAt === undefined
      ? sql`expires_at`
      : sql`${change.expiresAt ? change.expiresAt.toISOString() : null}::timestamptz`;
  const rows = await database.rows<{ id: string }>(sql`
    update polls set is_active = ${setActive}, expires_at = ${setExpires}, seq = seq + 1
    where id = ${id}::uuid returning id`);
  return rows.length > 0;
}

export async function deletePollRow(database: Database, id: string): Promise<boolean> {
  const rows = await database.rows<{ id: string }>(sql`delete from polls where id = ${id}::uuid returning id`);
  return rows.length > 0;
}
