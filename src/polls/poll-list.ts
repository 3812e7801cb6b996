import type { Database } from '../db/client';
import { listOpenPolls, type ListPosition, type OpenPollsQuery } from '../db/open-polls';
import { AppError } from '../domain/errors';
import { presentPoll } from './present-poll';

/** The list of open polls: its pages by number near the top, by cursor at any depth. */

/** Counting stops here: past it the list reports `total_capped` instead of counting every poll on each request. */
export const LIST_TOTAL_CAP = 10_000;
/** How deep page numbers go: OFFSET steps over every poll before the page, so deeper pages take the cursor. */
export const LIST_MAX_PAGE_DEPTH = 1_000;

/** created_at in UTC to the microsecond (the first 23 characters are a JS Date's precision), then the id. */
const CURSOR_TEXT =
  /^(((?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Opaque to clients so the position it holds can change form without breaking them. */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url');
}

/** The position in a cursor this service made, or undefined for anything else. */
function decodeListCursor(cursor: string): ListPosition | undefined {
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const [, createdAt, toMillis, id] = match as unknown as [string, string, string, string];
  // Base64 decoding skips junk characters, and PostgreSQL fails (a 500) on dates like Feb 30 or year 0.
  const millis = `${toMillis}Z`;
  if (Number.isNaN(Date.parse(millis)) || new Date(millis).toISOString() !== millis) return undefined;
  const position = { createdAt, id };
  return encodeListCursor(position) === cursor ? position : undefined;
}

export type ListQuery = { page: number; limit: number; category?: string | undefined; cursor?: string | undefined };

/** What the database is asked for a list request (exported so tests can EXPLAIN exactly that). */
export function openPollsQueryOf(query: ListQuery): OpenPollsQuery {
  const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw invalidListQuery('cursor', 'cursor is not valid; pass pagination.next_cursor of an earlier page unchanged');
  }
  if (!after && query.page * query.limit > LIST_MAX_PAGE_DEPTH) {
    throw invalidListQuery(
      'page',
      `page numbers reach the first ${LIST_MAX_PAGE_DEPTH} polls; follow pagination.next_cursor (?cursor=) to go deeper`,
    );
  }
  return {
    limit: query.limit,
    category: query.category,
    after,
    offset: after ? 0 : (query.page - 1) * query.limit,
    countCap: LIST_TOTAL_CAP,
  };
}

function invalidListQuery(param: 'page' | 'cursor', message: string): AppError {
  return new AppError('invalid_request', message, { issues: [{ path: param, message }] });
}

/** Open polls newest first, by page number near the top or by the cursor of the previous page at any depth. */
export async function listPolls(database: Database, query: ListQuery) {
  const request = openPollsQueryOf(query);
  const now = new Date();
  const { polls, next, total, totalCapped } = await listOpenPolls(database, request, now);
  return {
    polls: polls.map((poll) => presentPoll(poll, now)),
    pagination: {
      // A cursor says where the page starts, not which page it is.
      page: request.after ? null : query.page,
      limit: query.limit,
      total,
      total_pages: Math.ceil(total / query.limit),
      total_capped: totalCapped,
      next_cursor: next ? encodeListCursor(next) : null,
    },
  };
}
