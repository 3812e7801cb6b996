import { useTranslations } from '../../_lib/intl';
import type { LiveStatus } from '../../_client/live-client';
import type { ShownResults } from '../../_lib/live-counts';
import { Countdown } from '../countdown';

/** The poll's state in one line (open, closed, deleted), its countdown, and the live stream's status; then why voting ended. */

/** What the stream's state means for this viewer, said while the poll is open (a closed poll has nothing left to update). */
function liveText(status: LiveStatus, countsShown: boolean) {
  switch (status) {
    case 'connecting':
      return 'connecting';
    case 'live':
      return countsShown ? 'liveResults' : 'liveTotal';
    case 'reconnecting':
      return 'reconnecting';
    case 'closed':
      return 'stopped';
  }
}

type Props = {
  shown: ShownResults;
  isOpen: boolean;
  ended: boolean;
  expiresAt: string | null;
  onEnd: () => void;
  status: LiveStatus | null;
  /** Live updates paused: the countdown holds still too. */
  paused: boolean;
};

export function PollStateLine({ shown, isOpen, ended, expiresAt, onEnd, status, paused }: Props) {
  const t = useTranslations('PollState');
  // An inactive poll whose end time is still ahead (or that has none) was closed by its creator.
  const stateText = t(shown.deleted ? 'deleted' : isOpen ? 'open' : ended ? 'closed' : 'closedByCreator');
  const showsEndTime = expiresAt !== null && !shown.deleted && (isOpen || ended);
  return (
    <>
      <p className="row">
        <span className="status">{stateText}</span>
        {showsEndTime && expiresAt && (
          <>
            <span aria-hidden="true">·</span>
            <Countdown key={expiresAt} expiresAt={expiresAt} onEnd={onEnd} paused={paused} />
          </>
        )}
        {status && isOpen && <span className={`live live-${status}`}>{t(liveText(status, shown.visible))}</span>}
      </p>

      {shown.deleted ? (
        <p className="notice notice-bad">{t('deletedNotice')}</p>
      ) : (
        !isOpen && <p className="notice">{t(shown.visible ? 'endedWithResults' : 'endedNotice')}</p>
      )}
    </>
  );
}
