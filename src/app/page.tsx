import Link from 'next/link';
import { listPollsQuerySchema } from '../domain/schemas';
import { currentPollcast } from '../server/context';
import { PollCards } from './_components/poll-card';

const PAGE_SIZE = 12;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const parsed = listPollsQuerySchema.safeParse({ page: raw.page, category: raw.category, limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : { page: 1, limit: PAGE_SIZE, category: undefined };
  const { polls } = currentPollcast();
  const showTrending = query.page === 1 && !query.category;
  const [newest, trending] = await Promise.all([
    polls.list(query),
    showTrending ? polls.trending(6) : Promise.resolve({ polls: [] }),
  ]);
  const { page, total_pages: totalPages } = newest.pagination;
  const pageLink = (to: number) => {
    const params = new URLSearchParams({ page: String(to) });
    if (query.category) params.set('category', query.category);
    return `/?${params}`;
  };

  return (
    <>
      <h1>Polls, live</h1>
      <p className="hint">Ask a question, share the link, and watch every vote arrive as it happens.</p>

      {trending.polls.length > 0 && (
        <section aria-labelledby="trending-heading">
          <h2 id="trending-heading">Trending now</h2>
          <PollCards polls={trending.polls} label="Trending polls" />
        </section>
      )}

      <section aria-labelledby="newest-heading">
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
              : page > 1
                ? 'No more open polls.'
                : 'No open polls yet.'}{' '}
            <Link href="/polls/new">Create the first one</Link>.
          </p>
        ) : (
          <PollCards polls={newest.polls} label="Newest open polls" />
        )}
        {totalPages > 1 && (
          <nav className="pager" aria-label="Pages">
            {page > 1 ? <Link href={pageLink(page - 1)}>← Newer</Link> : <span />}
            <span>
              Page {page} of {totalPages}
            </span>
            {page < totalPages ? <Link href={pageLink(page + 1)}>Older →</Link> : <span />}
          </nav>
        )}
      </section>
    </>
  );
}
