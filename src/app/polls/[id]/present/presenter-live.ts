import { useEffect, useState } from 'react';
import { watchPoll, type LiveStatus } from '../../../_client/live-client';
import { applyLiveState, type ShownResults } from '../../../_lib/live-counts';

/**
 * The poll as a stranger in the room sees it, from the server's render and then the live stream
 * (never the creator's view: the screen is public), with how many watch and the stream's status.
 */
export function usePresenterLive(pollId: string, initial: ShownResults) {
  const [shown, setShown] = useState(initial);
  const [viewers, setViewers] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<LiveStatus | null>(null);

  useEffect(
    () =>
      watchPoll(
        pollId,
        {
          onState: (state) => {
            setShown((current) => applyLiveState(current, state));
            if (state.viewers !== undefined) setViewers(state.viewers);
          },
          onStatus: setStatus,
        },
        {},
      ),
    [pollId],
  );

  return { shown, setShown, viewers, status };
}
