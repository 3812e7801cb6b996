import type http from 'node:http';
import { isAppError } from '../domain/errors';
import type { Locale } from '../domain/locales';
import type { PollService } from '../polls/poll-service';
import type { PlainPage } from './plain-page';
import { plainPageWords } from './plain-page-messages';

/**
 * `/j/{code}` as browsers send it, a query allowed. Another spelling still reaches the page, whose
 * lookup refuses the address the same way but can only show the 404 page (Next sets no 429).
 */
const JOIN_CODE_PAGE = /^\/j\/[^/?]+\/?(?:\?|$)/;

/**
 * The 429 page for a join-code page asked from an address that has tried too many codes no poll
 * has (RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE), or undefined to let the page answer.
 */
export async function refusedJoinCodePage(
  req: http.IncomingMessage,
  polls: Pick<PollService, 'checkCodeLookups'>,
  address: string | undefined,
  locale: Locale,
): Promise<PlainPage | undefined> {
  if (!JOIN_CODE_PAGE.test(req.url ?? '')) return undefined;
  try {
    await polls.checkCodeLookups(address);
    return undefined;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'rate_limited') throw error;
    const seconds = Number(error.details?.retry_after ?? 60);
    const t = plainPageWords(locale, 'JoinCodeLimit');
    return {
      status: 429,
      locale,
      title: t('title'),
      message: t('message', { seconds }),
      link: { href: '/', text: t('home') },
      headers: { 'retry-after': String(seconds) },
    };
  }
}
