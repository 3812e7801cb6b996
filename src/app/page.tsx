import Link from 'next/link';
import { listPollsQuerySchema } from '../domain/schemas';
import type { ListQuery } from '../polls/poll-list';
import type { PollService } from '../polls/poll-service';
import { currentPollcast } from '../server/context';
import { JoinForm } from './_components/join-form';
import { PollCards } from './_components/poll-card';
import { YourPolls } from './_components/your-polls';
import { errorCodeOf } from './_lib/request.server';

const PAGE_SIZE = 12;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const NEWEST: ListQuery = { page: 1, limit: PAGE_SIZE };

/** The list this link asks for, or undefined when its category or position is not one the list can serve. */
function requestedList(raw: Awaited<SearchParams>): ListQuery | undefined {
  const parsed = listPollsQuerySchema.safeParse({
    category: raw.category,
    limit: PAGE_SIZE,
    // Older links carry page numbers; a cursor wins so a link never fails for having both.
    ...(raw.cursor === undefined ? { page: raw.page } : { cursor: raw.cursor }),
  });
  // PostgreSQL refuses text containing NUL: such a category would fail the query instead of matching nothing.
  if (!parsed.success || parsed.data.category?.includes('\u0000')) return undefined;
  return parsed.data;
}

/** A bad link shows the newest polls with a notice rather than an error page. */
async function listOrNewest(polls: PollService, query: ListQuery | undefined) {
  if (query) {
    try {
      return { query, newest: await polls.list(query), invalid: false };
    } catch (error) {
      if (errorCodeOf(error) !== 'invalid_request') throw error;
    }
  }
  return { query: NEWEST, newest: await polls.list(NEWEST), invalid: true };
}

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const { polls } = currentPollcast();
  const requested = requestedList(await searchParams);
  const showTrending = !requested || (requested.cursor === undefined && requested.page === 1 && !requested.category);
  const [{ query, newest, invalid }, trending] = await Promise.all([
    listOrNewest(polls, requested),
    showTrending ? polls.trending(6) : Promise.resolve({ polls: [] }),
  ]);
  const atStart = query.cursor === undefined && query.page === 1;
  const { total, total_capped: totalCapped, next_cursor: nextCursor } = newest.pagination;
  const listLink = (cursor?: string) => {
    const params = new URLSearchParams();
    if (query.category) params.set('category', query.category);
    if (cursor) params.set('cursor', cursor);
    return params.size > 0 ? `/?${params}` : '/';
  };

  return (
    <>
      <h1>Polls, live</h1>
      <p className="hint">Ask a question, share the link, and watch every vote arrive as it happens.</p>

      <JoinForm
        label={
          <>
            Join with a code <span className="hint">(the six characters shown with the poll)</span>
          </>
        }
      />

      <YourPolls />

      {trending.polls.length > 0 && (
        <section aria-labelledby="trending-heading">
          <h2 id="trending-heading">Trending now</h2>
          <PollCards polls={trending.polls} label="Trending polls" />
        </section>
      )}

      <section aria-labelledby="newest-heading">
        {invalid && (
          <p className="notice notice-bad" role="alert">
            That link’s category or position is not valid, so these are the newest open polls.
          </p>
        )}
        <h2 id="newest-heading">{query.category ? `Open polls in “${query.category}”` : 'Newest open polls'}</h2>
        <form className="filter" action="/" method="get" role="search">
          <div className="field">
            <label htmlFor="category">Category</label>
            <input id="category" name="category" defaultValue={query.category ?? ''} placeholder="e.g. food" />
          </div>
          <button type="submit">Filter</button>
          {query.category && (
            <Link href="/" className="button button-quiet">
              Clear
            </Link>
          )}
        </form>
        {newest.polls.length === 0 ? (
          <p>
            {query.category
              ? 'No open polls in this category.'
              : !atStart
                ? 'No more open polls.'
                : 'No open polls yet.'}{' '}
            <Link href="/polls/new">Create the first one</Link>.
          </p>
        ) : (
          <PollCards polls={newest.polls} label="Newest open polls" />
        )}
        {(!atStart || nextCursor) && (
          <nav className="pager" aria-label="Pages">
            {atStart ? <span /> : <Link href={listLink()}>← Newest</Link>}
            <span>
              {total.toLocaleString('en')}
              {totalCapped ? '+' : ''} open {total === 1 ? 'poll' : 'polls'}
            </span>
            {nextCursor ? <Link href={listLink(nextCursor)}>Older polls →</Link> : <span />}
          </nav>
        )}
      </section>
    </>
  );
}
