import Link from 'next/link';
import type { PollService } from '../../polls/poll-service';
import type { ListQuery } from '../../polls/poll-list';
import { PollCards } from './poll-card';

/**
 * The home page's list of open polls, newest first: filtered by category, a page at a time (a
 * cursor), with a word when the link asked for a list that cannot be served.
 */

type Props = {
  query: ListQuery;
  newest: Awaited<ReturnType<PollService['list']>>;
  /** The link's category or position was not valid: these are the newest instead. */
  invalid: boolean;
};

export function NewestPolls({ query, newest, invalid }: Props) {
  const atStart = query.cursor === undefined && query.page === 1;
  const { total, total_capped: totalCapped, next_cursor: nextCursor } = newest.pagination;
  const listLink = (cursor?: string) => {
    const params = new URLSearchParams();
    if (query.category) params.set('category', query.category);
    if (cursor) params.set('cursor', cursor);
    return params.size > 0 ? `/?${params}` : '/';
  };

  return (
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
          {query.category ? 'No open polls in this category.' : !atStart ? 'No more open polls.' : 'No open polls yet.'}{' '}
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
  );
}
