import type { LiveStatus } from '../../_client/live-client';
import type { ShownResults } from '../../_lib/live-counts';
import { Countdown } from '../countdown';

/** The poll's state in one line (open, closed, deleted), its countdown, and the live stream's status; then why voting ended. */

/** What the stream's state means for this viewer, said while the poll is open (a closed poll has nothing left to update). */
function liveText(status: LiveStatus, countsShown: boolean): string {
  switch (status) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return countsShown
        ? 'Live: results update as votes come in'
        : 'Live: the number of votes updates as they come in';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'closed':
      return 'Live updates stopped';
  }
}

type Props = {
  shown: ShownResults;
  isOpen: boolean;
  ended: boolean;
  expiresAt: string | null;
  onEnd: () => void;
  status: LiveStatus | null;
};

export function PollStateLine({ shown, isOpen, ended, expiresAt, onEnd, status }: Props) {
  // An inactive poll whose end time is still ahead (or that has none) was closed by its creator.
  const stateText = shown.deleted ? 'Deleted' : isOpen ? 'Open for votes' : ended ? 'Closed' : 'Closed by its creator';
  const showsEndTime = expiresAt !== null && !shown.deleted && (isOpen || ended);
  return (
    <>
      <p className="row">
        <span className="status">{stateText}</span>
        {showsEndTime && expiresAt && (
          <>
            <span aria-hidden="true">·</span>
            <Countdown key={expiresAt} expiresAt={expiresAt} onEnd={onEnd} />
          </>
        )}
        {status && isOpen && <span className={`live live-${status}`}>{liveText(status, shown.visible)}</span>}
      </p>

      {shown.deleted ? (
        <p className="notice notice-bad">This poll was deleted by its creator.</p>
      ) : (
        !isOpen && <p className="notice">Voting has ended.{shown.visible && ' These are the results.'}</p>
      )}
    </>
  );
}
