import { useEffect, useState } from 'react';
import type { AnswerModeration } from '../../../kinds/text/results';
import type { PollDetails } from '../../../polls/poll-details';
import { shownFromDetails, type ShownResults } from '../../_lib/live-counts';
import { failureOf, NETWORK_FAILURE, type ApiFailure } from '../api-failure';

/**
 * The admin token, read from the URL fragment in the browser (it never reaches our server's
 * logs), and what the API said of it: GET /api/polls/{id} with it as a bearer token answers every
 * count, whatever the poll hides from voters.
 */

/** What the API said of the token in the address: not yet asked, taken, or refused (with why). */
type Access = { state: 'checking' } | { state: 'granted' } | { state: 'refused'; failure: ApiFailure };

export type CreatorAccess = {
  /** Undefined until the fragment was read; null when it has none. */
  token: string | null | undefined;
  access: Access;
  /** Every count, read with the token; null when that failed (the visitor's own view is shown then). */
  adminResults: ShownResults | null | undefined;
  /** An open-text poll's hidden and held answers, as read with the token. */
  moderation: AnswerModeration | undefined;
};

/** `onGranted` (one function for the page's life) gets the poll as the creator sees it, each time a token is taken. */
export function useCreatorAccess(pollId: string, onGranted: (details: PollDetails) => void): CreatorAccess {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [access, setAccess] = useState<Access>({ state: 'checking' });
  const [adminResults, setAdminResults] = useState<ShownResults | null | undefined>(undefined);
  const [moderation, setModeration] = useState<AnswerModeration | undefined>(undefined);

  // Read again when only the fragment changes (no page load): a new token is checked before anything shows.
  useEffect(() => {
    let current: string | null | undefined;
    const read = () => {
      const next = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (next === current) return;
      current = next;
      setAccess({ state: 'checking' });
      setToken(next);
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  useEffect(() => {
    if (!token) return;
    const aborter = new AbortController();
    const failed = (failure: ApiFailure) => {
      if (aborter.signal.aborted) return;
      setAccess({ state: 'refused', failure });
      setAdminResults(null);
    };
    fetch(`/api/polls/${pollId}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: aborter.signal,
    })
      .then(async (response) => {
        const body: unknown = await response.json().catch(() => null);
        if (!response.ok) return failed(failureOf(body));
        const details = body as PollDetails;
        setAdminResults(shownFromDetails(details));
        setModeration(details.moderation);
        onGranted(details);
        setAccess({ state: 'granted' });
      })
      .catch(() => failed(NETWORK_FAILURE));
    return () => aborter.abort();
  }, [pollId, token, onGranted]);

  return { token, access, adminResults, moderation };
}
