import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { watchPoll, type LiveHandlers, type LiveStatus, type WatchLive } from '../../_client/live-client';
import { applyLiveState, type ShownResults } from '../../_lib/live-counts';

/**
 * The results as this viewer sees them, from the server's render and then the poll's live stream
 * (with the admin token, every count whatever the poll hides), or `watch` where another stream
 * brings them (an event's), and its status. An edit of the poll's texts (a newer revision) reads
 * the page again.
 */
export function useLiveResults(
  pollId: string,
  initial: ShownResults,
  adminToken: string | undefined,
  watch: WatchLive | undefined,
) {
  const [shown, setShown] = useState(initial);
  const [status, setStatus] = useState<LiveStatus | null>(null);

  // The creator edited the question or answers (possible only before the first vote): show the new ones.
  const router = useRouter();
  const revision = initial.revision;
  useEffect(() => {
    if (shown.revision > revision) router.refresh();
  }, [shown.revision, revision, router]);

  useEffect(() => {
    const handlers: LiveHandlers = {
      onState: (state) => setShown((current) => applyLiveState(current, state)),
      onStatus: setStatus,
    };
    if (watch) return watch(pollId, handlers);
    return watchPoll(pollId, handlers, adminToken === undefined ? {} : { adminToken });
  }, [pollId, adminToken, watch]);

  return { shown, setShown, status };
}
