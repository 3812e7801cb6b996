'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ResultsVisibility } from '../../../../domain/polls';
import { watchPoll, type LiveStatus } from '../../../../realtime/live-client';
import { Countdown } from '../../../_components/countdown';
import { applyLiveState, percentOf, type ShownResults } from '../../../_lib/live-counts';

/**
 * The presenter screen: one viewport, no scrolling, at projector sizes (1920×1080 down to
 * 1024×768) with up to 20 options. It follows the live stream as a stranger would, so it never
 * shows more than the room may see. The admin token, from `#admin=` in the fragment, is only
 * sent (as a bearer token) to check it and to reveal the results. Keys: F full screen, R reveal.
 */

type Props = {
  pollId: string;
  title: string;
  options: { id: string; text: string }[];
  initial: ShownResults;
  expiresAt: string | null;
  maxChoices: number;
  /** The host people type before `/j/CODE`, as the visitor reached us. */
  joinHost: string;
  code: string;
  /** The QR code of the join address, rendered on the server from our own string. */
  qrSvg: string;
};

/** The admin link: unknown until read; then absent, refused, or checked and usable. */
type AdminLink = { state: 'none' } | { state: 'refused'; text: string } | { state: 'valid'; token: string };

const HIDDEN_TEXT: Record<Exclude<ResultsVisibility, 'always'>, string> = {
  after_vote: 'Results are hidden: each voter sees them after voting, and this screen once voting ends.',
  after_close: 'Results are hidden until voting ends.',
  creator: 'Results are hidden until the creator reveals them.',
};

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Live updates stopped',
};

/** Row sizes step down with the number of options, so 20 still fit a 768-pixel-high screen. */
function rowsClass(count: number): string {
  if (count <= 4) return 'presenter-rows-few';
  if (count <= 7) return 'presenter-rows-some';
  if (count <= 12) return 'presenter-rows-many';
  return 'presenter-rows-most';
}

function toggleFullScreen(): void {
  const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
  // Refused when the browser does not allow it (an iframe, a kiosk): the screen works as it is.
  done.catch(() => undefined);
}

export function PresenterScreen(props: Props) {
  const { pollId, title, options, joinHost, code, qrSvg, maxChoices, expiresAt } = props;
  const [shown, setShown] = useState(props.initial);
  const [viewers, setViewers] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [ended, setEnded] = useState(false);
  const [admin, setAdmin] = useState<AdminLink>({ state: 'none' });
  const [revealing, setRevealing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

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

  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('admin');
    if (!token) return;
    const aborter = new AbortController();
    fetch(`/api/polls/${pollId}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: aborter.signal,
    }).then(
      (response) =>
        setAdmin(
          response.ok
            ? { state: 'valid', token }
            : { state: 'refused', text: 'This admin link is not valid for this poll, so it cannot reveal results.' },
        ),
      () => {
        if (!aborter.signal.aborted) setAdmin({ state: 'refused', text: 'Could not check the admin link.' });
      },
    );
    return () => aborter.abort();
  }, [pollId]);

  const onEnd = useCallback(() => setEnded(true), []);
  const isOpen = shown.isActive && !shown.deleted && !ended;
  // Revealing makes the counts everyone's; once they are (or will be, as the poll closed), it has nothing to do.
  const canReveal =
    admin.state === 'valid' &&
    !shown.deleted &&
    (shown.visibility === 'creator' || (shown.visibility !== 'always' && isOpen));

  const reveal = useCallback(async () => {
    if (admin.state !== 'valid' || revealing) return;
    setRevealing(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ results_visibility: 'always' }),
      });
      // The counts themselves come with the live stream, to this screen and every other one.
      if (!response.ok) setProblem(`Could not reveal the results (${response.status}). Try again.`);
    } catch {
      setProblem('Could not reach pollcast to reveal the results. Try again.');
    } finally {
      setRevealing(false);
    }
  }, [admin, pollId, revealing]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Browser shortcuts (Ctrl+R, Cmd+F…) stay the browser's; a held key acts once.
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const key = event.key.toLowerCase();
      if (key === 'f') {
        event.preventDefault();
        toggleFullScreen();
      } else if (key === 'r' && canReveal) {
        event.preventDefault();
        void reveal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canReveal, reveal]);

  const hiddenText =
    shown.visible || shown.deleted || shown.visibility === 'always' ? null : HIDDEN_TEXT[shown.visibility];

  return (
    <div className="presenter">
      <section className="presenter-main" aria-labelledby="presenter-question">
        <h1 id="presenter-question" className="presenter-question">
          {title}
        </h1>
        {shown.deleted && <p className="presenter-notice">This poll was deleted by its creator.</p>}
        {hiddenText && <p className="presenter-notice">{hiddenText}</p>}
        <ol className={`presenter-results ${rowsClass(options.length)}`}>
          {options.map((option) => {
            const count = shown.visible ? (shown.counts[option.id] ?? 0) : null;
            const percent = count === null ? 0 : percentOf(count, shown.total);
            return (
              <li key={option.id} data-option-id={option.id} className="presenter-row">
                <span className="presenter-option">{option.text}</span>
                {count !== null && (
                  <>
                    <svg className="presenter-bar" aria-hidden="true" focusable="false">
                      <rect height="100%" width={`${percent}%`} />
                    </svg>
                    <span className="presenter-figures">
                      <strong>{count.toLocaleString('en')}</strong> · {Math.round(percent)}%
                    </span>
                  </>
                )}
              </li>
            );
          })}
        </ol>
        {maxChoices > 1 && shown.visible && (
          <p className="presenter-hint">Percentages are of voters; each may pick up to {maxChoices}.</p>
        )}
      </section>

      <aside className="presenter-side" aria-label="Join and totals">
        <div
          className="presenter-qr"
          role="img"
          aria-label="QR code of the join address"
          dangerouslySetInnerHTML={{ __html: qrSvg }}
        />
        <p className="presenter-join">
          <span className="presenter-join-label">Join at</span>
          <span className="presenter-address">
            {joinHost}/j/<strong>{code}</strong>
          </span>
        </p>
        <p className="presenter-total" aria-live="polite" aria-atomic="true">
          <strong>{shown.total.toLocaleString('en')}</strong> {shown.total === 1 ? 'vote' : 'votes'}
        </p>
        <p className="presenter-watching">
          {viewers === undefined ? '\u00a0' : `${viewers.toLocaleString('en')} watching now`}
        </p>
        <p className="presenter-state">
          {shown.deleted ? (
            'Deleted'
          ) : !isOpen ? (
            'Voting has ended'
          ) : expiresAt ? (
            <Countdown key={expiresAt} expiresAt={expiresAt} onEnd={onEnd} />
          ) : (
            'Open for votes'
          )}
        </p>
        {canReveal && (
          <button type="button" className="presenter-reveal" disabled={revealing} onClick={() => void reveal()}>
            Reveal results
          </button>
        )}
        <div aria-live="polite">
          {problem && <p className="notice notice-bad">{problem}</p>}
          {admin.state === 'refused' && <p className="notice notice-bad">{admin.text}</p>}
        </div>
      </aside>

      <footer className="presenter-footer">
        {status && <span className={`live live-${status}`}>{STATUS_TEXT[status]}</span>}
        <button type="button" className="button-quiet button-small" onClick={toggleFullScreen}>
          Full screen <kbd>F</kbd>
        </button>
        {canReveal && (
          <span>
            Reveal <kbd>R</kbd>
          </span>
        )}
      </footer>
    </div>
  );
}
