import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { PollKind } from '../../../../domain/polls';
import { watchPoll, type LiveHandlers, type LiveStatus, type WatchLive } from '../../../_client/live-client';
import { useAnnouncer } from '../../../_components/poll-live/live-announcer';
import { useLiveView } from '../../../_components/poll-live/live-view';
import { applyLiveState, type ShownResults } from '../../../_lib/live-counts';
import { useScreenToggles } from './presenter-keys';

/**
 * The poll as a stranger in the room sees it, from the server's render and then the live stream
 * (never the creator's view: the screen is public), or `watch` where another stream brings it (an
 * event's), with how many watch and the stream's status.
 */
export function usePresenterLive(pollId: string, initial: ShownResults, watch: WatchLive | undefined) {
  const [shown, setShown] = useState(initial);
  const [viewers, setViewers] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<LiveStatus | null>(null);

  useEffect(() => {
    const handlers: LiveHandlers = {
      onState: (state) => {
        setShown((current) => applyLiveState(current, state));
        if (state.viewers !== undefined) setViewers(state.viewers);
      },
      onStatus: setStatus,
    };
    return watch ? watch(pollId, handlers) : watchPoll(pollId, handlers, {});
  }, [pollId, watch]);

  return { shown, setShown, viewers, status };
}

type View = {
  kind: PollKind;
  options: readonly { id: string; text: string }[];
  latest: ShownResults;
  setShown: Dispatch<SetStateAction<ShownResults>>;
  isOpen: boolean;
};

/**
 * What the screen shows of the latest results: paused or not (P), hidden or not (H), as bars or a
 * table (T); and its one status region, whose summaries never name counts H hides.
 */
export function usePresenterView({ kind, options, latest, setShown, isOpen }: View) {
  const announcer = useAnnouncer();
  const toggles = useScreenToggles(announcer.announce);
  const hiddenHere = !toggles.resultsShown;
  const live = useLiveView({ kind, options, latest, setLatest: setShown, isOpen, hiddenHere, announcer });
  return { announcer, toggles, live };
}
