import Link from 'next/link';
import { useTranslations } from '../_lib/intl';
import type { ReactNode } from 'react';
import type { PollService } from '../../polls/poll-service';
import type { ListQuery } from '../../polls/poll-list';
import { PollCards } from './poll-card';
import { isolated } from './rich-tags';

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

/** The empty list's link to the form: one function, so its reading is kept (decision 0019). */
const createLink = (chunks: ReactNode) => <Link href="/polls/new">{chunks}</Link>;

export function NewestPolls({ query, newest, invalid }: Props) {
  const t = useTranslations('NewestPolls');
  const atStart = query.cursor === undefined && query.page === 1;
  const { total, total_capped: totalCapped, next_cursor: nextCursor } = newest.pagination;
  const listLink = (cursor?: string) => {
    const params = new URLSearchParams();
    if (query.category) params.set('category', query.category);
    if (cursor) params.set('cursor', cursor);
    return params.size > 0 ? `/?${params}` : '/';
  };
  const empty = query.category ? 'noneInCategory' : !atStart ? 'noneMore' : 'noneYet';

  return (
    <section aria-labelledby="newest-heading">
      {invalid && (
        <p className="notice notice-bad" role="alert">
          {t('invalidLink')}
        </p>
      )}
      <h2 id="newest-heading">
        {query.category ? t.rich('headingInCategory', { category: query.category, name: isolated }) : t('heading')}
      </h2>
      <form className="filter" action="/" method="get" role="search">
        <div className="field">
          <label htmlFor="category">{t('category')}</label>
          <input
            id="category"
            name="category"
            dir="auto"
            defaultValue={query.category ?? ''}
            placeholder={t('categoryPlaceholder')}
          />
        </div>
        <button type="submit">{t('filter')}</button>
        {query.category && (
          <Link href="/" className="button button-quiet">
            {t('clear')}
          </Link>
        )}
      </form>
      {newest.polls.length === 0 ? (
        <p>{t.rich(empty, { link: createLink })}</p>
      ) : (
        <PollCards polls={newest.polls} label={t('heading')} />
      )}
      {(!atStart || nextCursor) && (
        <nav className="pager" aria-label={t('pages')}>
          {atStart ? <span /> : <Link href={listLink()}>{t('newest')}</Link>}
          <span>{totalCapped ? t('totalCapped', { count: total }) : t('total', { count: total })}</span>
          {nextCursor ? <Link href={listLink(nextCursor)}>{t('older')}</Link> : <span />}
        </nav>
      )}
    </section>
  );
}
