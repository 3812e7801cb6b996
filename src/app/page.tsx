import { getTranslations } from './_lib/intl.server';
import { listPollsQuerySchema } from '../domain/schemas';
import type { ListQuery } from '../polls/poll-list';
import type { PollService } from '../polls/poll-service';
import { pageServices } from './_lib/page-services.server';
import { ClientWords } from './_i18n/client-words';
import { JoinForm } from './_components/join-form';
import { NewestPolls } from './_components/newest-polls';
import { PollCards } from './_components/poll-card';
import { YourPolls } from './_components/your-polls';
import { errorCodeOf } from './_lib/request.server';
import { hint } from './_components/rich-tags';

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
  const { polls } = pageServices();
  const requested = requestedList(await searchParams);
  const showTrending = !requested || (requested.cursor === undefined && requested.page === 1 && !requested.category);
  const [{ query, newest, invalid }, trending, t] = await Promise.all([
    listOrNewest(polls, requested),
    showTrending ? polls.trending(6) : Promise.resolve({ polls: [] }),
    getTranslations('Home'),
  ]);

  return (
    <ClientWords areas={['home']}>
      <h1>{t('title')}</h1>
      <p className="hint">{t('intro')}</p>

      <JoinForm label={t.rich('joinLabel', { hint })} />

      <YourPolls />

      {trending.polls.length > 0 && (
        <section aria-labelledby="trending-heading">
          <h2 id="trending-heading">{t('trending')}</h2>
          <PollCards polls={trending.polls} label={t('trendingList')} />
        </section>
      )}

      <NewestPolls query={query} newest={newest} invalid={invalid} />
    </ClientWords>
  );
}
