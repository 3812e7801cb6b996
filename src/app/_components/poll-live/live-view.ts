import { useTranslations } from '../../_lib/intl';
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { PollKind } from '../../../domain/polls';
import { heldView, type ShownResults } from '../../_lib/live-counts';
import { standingOf, type Standing } from '../../_lib/live-summary';
import type { Notice } from './ballot';
import { useSummaries, type Announcer } from './live-announcer';

/**
 * A live view of a poll's results as the viewer follows it: paused or not (WCAG 2.2.2), and told
 * through its status region what changes (WCAG 4.1.3).
 *
 * While paused the view holds the results it showed, the poll's state (open, closed, deleted)
 * still moving, and counts the votes that came since; resuming shows the latest at once. The
 * viewer's own vote is no movement by itself: it shows at once, paused or not, and a paused view
 * then holds the results its answer brought. Where the creator hides or reveals the counts, the
 * view takes the latest and holds from there, so it never keeps showing counts the poll now hides.
 */

type Options = {
  kind: PollKind;
  options: readonly { id: string; text: string }[];
  /** The results as they arrive, and how the viewer's own vote changes them. */
  latest: ShownResults;
  setLatest: Dispatch<SetStateAction<ShownResults>>;
  isOpen: boolean;
  /** The counts are hidden on this screen (the presenter's H), so summaries do not name them. */
  hiddenHere?: boolean;
  announcer: Announcer;
};

export function useLiveView({ kind, options, latest, setLatest, isOpen, hiddenHere = false, announcer }: Options) {
  const [held, setHeld] = useState<ShownResults | null>(null);
  const still = held && heldView(held, latest);
  // What the viewer may see changed under a paused view: hold the latest from here.
  if (held && !still) setHeld(latest);
  const view = still ?? latest;
  const paused = held !== null;
  const waiting = paused ? Math.max(0, latest.total - view.total) : 0;

  const standingFor = (results: ShownResults): Standing =>
    standingOf({ kind, shown: results, options, countsShown: !hiddenHere && results.visible, final: !isOpen });
  const standing = standingFor(view);
  useSummaries(announcer, standing);
  usePollStateNews(isOpen, latest.deleted, announcer.announce);

  const { announce } = announcer;
  const t = useTranslations('Live.said');
  const togglePause = () => {
    setHeld(paused ? null : latest);
    if (paused) announce(t('resumed'), standingFor(latest));
    else announce(t('paused'));
  };

  /** The viewer's own vote (its answer), shown at once whether paused or not. */
  const setOwn: Dispatch<SetStateAction<ShownResults>> = useCallback(
    (action) => {
      setLatest(action);
      setHeld((current) => current && (typeof action === 'function' ? action(current) : action));
    },
    [setLatest],
  );

  return { view, paused, waiting, togglePause, setOwn, standing };
}

/** Says when voting closes or reopens, or the poll is deleted, while the viewer is here. */
function usePollStateNews(isOpen: boolean, deleted: boolean, announce: (text: string) => void): void {
  const t = useTranslations('Live.said');
  const before = useRef({ isOpen, deleted });
  useEffect(() => {
    const was = before.current;
    before.current = { isOpen, deleted };
    if (deleted && !was.deleted) announce(t('pollDeleted'));
    else if (was.isOpen && !isOpen) announce(t('votingClosed'));
    else if (!was.isOpen && isOpen && !deleted) announce(t('votingReopened'));
  }, [isOpen, deleted, announce, t]);
}

/**
 * After the viewer's own counted vote, the results it brought, summarised. The notice itself (what
 * came of the vote) shows inside the status region, which reads it as it appears.
 */
export function useVoteNews(notice: Notice | null, announce: Announcer['announce'], standing: Standing): void {
  const last = useRef(notice);
  useEffect(() => {
    if (notice === last.current) return;
    last.current = notice;
    if (notice?.kind === 'counted') announce('', standing);
  });
}
