import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { watchPoll, type LiveStatus } from '../../_client/live-client';
import { applyLiveState, type ShownResults } from '../../_lib/live-counts';

/**
 * The results as this viewer sees them, from the server's render and then the poll's live stream
 * (with the admin token, every count whatever the poll hides), and the stream's status. An edit
 * of the poll's texts (a newer revision) reads the page again.
 */
export function useLiveResults(pollId: string, initial: ShownResults, adminToken: string | undefined) {
  const [shown, setShown] = useState(initial);
  const [status, setStatus] = useState<LiveStatus | null>(null);

  // The creator edited the question or answers (possible only before the first vote): show the new ones.
  const router = useRouter();
  const revision = initial.revision;
  useEffect(() => {
    if (shown.revision > revision) router.refresh();
  }, [shown.revision, revision, router]);

  useEffect(
    () =>
      watchPoll(
        pollId,
        { onState: (state) => setShown((current) => applyLiveState(current, state)), onStatus: setStatus },
        adminToken === undefined ? {} : { adminToken },
      ),
    [pollId, adminToken],
  );

  return { shown, setShown, status };
}
