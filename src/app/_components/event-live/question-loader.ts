import { useEffect, useState } from 'react';
import type { PollDetails } from '../../../polls/poll-details';

/**
 * The question shown now, read again whenever the presenter moves to another one: its poll as
 * this visitor sees it (`GET /api/polls/{id}`, with the voter's cookie, so their own ballot and
 * the counts they may see come with it). Starts from what the server rendered.
 */
export function useQuestion(questionId: string | null, initial: PollDetails | null) {
  const [details, setDetails] = useState(initial);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (questionId === null) {
      setDetails(null);
      return;
    }
    if (details?.poll.id === questionId) return;
    const aborter = new AbortController();
    setFailed(false);
    fetch(`/api/polls/${encodeURIComponent(questionId)}`, {
      headers: { accept: 'application/json' },
      signal: aborter.signal,
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`${response.status}`);
        setDetails((await response.json()) as PollDetails);
      })
      .catch(() => {
        if (!aborter.signal.aborted) setFailed(true);
      });
    return () => aborter.abort();
    // Only a move to another question reads again; the details themselves follow the poll's own stream.
  }, [questionId]);
  const shown = details && details.poll.id === questionId ? details : null;
  return { details: shown, failed };
}
