'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultsVisibility } from '../../../../domain/polls';
import { watchPoll, type LiveStatus } from '../../../_client/live-client';
import { Countdown } from '../../../_components/countdown';
import { applyLiveState, percentOf, type ShownResults } from '../../../_lib/live-counts';

/**
 * The presenter screen: one viewport, no scrolling, at projector sizes (1920×1080 down to
 * 1024×768) with up to 20 options. It follows the live stream as a stranger would, so it never
 * shows more than the room may see. The admin token, from `#admin=` in the fragment, is only
 * sent (as a bearer token) to check it, to reveal the results and to close or reopen voting.
 * Keys (KEYS below, listed on screen by ?) work without a mouse, and each change is announced.
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

/** The keys, as the ? overlay lists them. */
const KEYS: { key: string; does: string }[] = [
  { key: 'F', does: 'Full screen on or off' },
  { key: 'H', does: 'Hide or show the results on this screen' },
  { key: 'Q', does: 'Hide or show the QR code and join code' },
  { key: 'C', does: 'Close or reopen voting (with the manage link)' },
  { key: 'R', does: 'Reveal hidden results to everyone (with the manage link)' },
  { key: '?', does: 'Show these keys; Esc closes them' },
];

const NEEDS_MANAGE_LINK =
  'Closing and reopening voting needs the manage link: open this screen from the poll’s manage page.';

/** Keys typed into a field are the field's. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

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
  const [resultsShown, setResultsShown] = useState(true);
  const [joinShown, setJoinShown] = useState(true);
  const [switching, setSwitching] = useState(false);
  const [endsAt, setEndsAt] = useState(expiresAt);
  /** What the last key did, for screen readers (the region exists from the start, so it is read). */
  const [announcement, setAnnouncement] = useState('');
  const keysDialog = useRef<HTMLDialogElement>(null);

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

  const switchVoting = useCallback(async () => {
    if (admin.state !== 'valid') {
      // Shown, and read out from the problems' own live region.
      setProblem(NEEDS_MANAGE_LINK);
      return;
    }
    if (switching || shown.deleted) return;
    const closing = isOpen;
    // An ended poll reopens without an end time, as on the manage page.
    const change = closing ? { is_active: false } : { is_active: true, ...(ended ? { expires_at: null } : {}) };
    setSwitching(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
      if (!response.ok) {
        setProblem(`Could not ${closing ? 'close' : 'reopen'} voting (${response.status}). Try again.`);
        return;
      }
      const updated = (await response.json()) as { is_active: boolean; expires_at: string | null };
      setEndsAt(updated.expires_at);
      setEnded(false);
      setShown((current) => ({ ...current, isActive: updated.is_active }));
      setAnnouncement(closing ? 'Voting closed.' : 'Voting reopened.');
    } catch {
      setProblem(`Could not reach pollcast to ${closing ? 'close' : 'reopen'} voting. Try again.`);
    } finally {
      setSwitching(false);
    }
  }, [admin, ended, isOpen, pollId, shown.deleted, switching]);

  // The refs hold what the next key toggles from, so two keys pressed before a render both count.
  const resultsShownNow = useRef(true);
  const joinShownNow = useRef(true);

  const toggleResults = useCallback(() => {
    const next = !resultsShownNow.current;
    resultsShownNow.current = next;
    setResultsShown(next);
    setAnnouncement(next ? 'Results shown on this screen.' : 'Results hidden on this screen.');
  }, []);

  const toggleJoin = useCallback(() => {
    const next = !joinShownNow.current;
    joinShownNow.current = next;
    setJoinShown(next);
    setAnnouncement(next ? 'QR code and join code shown.' : 'QR code and join code hidden.');
  }, []);

  const showKeys = useCallback((show: boolean) => {
    const dialog = keysDialog.current;
    if (!dialog) return;
    // A modal dialog keeps focus inside, closes on Esc and gives focus back where it was.
    if (show && !dialog.open) dialog.showModal();
    if (!show && dialog.open) dialog.close();
  }, []);

  useEffect(() => {
    const onFullScreen = () => setAnnouncement(document.fullscreenElement ? 'Full screen.' : 'Full screen off.');
    document.addEventListener('fullscreenchange', onFullScreen);
    return () => document.removeEventListener('fullscreenchange', onFullScreen);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Browser shortcuts (Ctrl+R, Cmd+F…) stay the browser's; a held key acts once.
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target)) return;
      // The open list of keys takes Esc itself; ? closes it too. Asked of the dialog itself, which
      // Esc closes at once, so a key pressed right after is never taken for the list's.
      if (keysDialog.current?.open) {
        if (event.key === '?') {
          event.preventDefault();
          showKeys(false);
        }
        return;
      }
      const act: Record<string, () => void> = {
        f: toggleFullScreen,
        h: toggleResults,
        q: toggleJoin,
        c: () => void switchVoting(),
        '?': () => showKeys(true),
      };
      if (canReveal) act.r = () => void reveal();
      const action = act[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canReveal, reveal, showKeys, switchVoting, toggleJoin, toggleResults]);

  const hiddenText =
    shown.visible || shown.deleted || shown.visibility === 'always' ? null : HIDDEN_TEXT[shown.visibility];
  const barsShown = shown.visible && resultsShown;

  return (
    <div className="presenter">
      <section className="presenter-main" aria-labelledby="presenter-question">
        <h1 id="presenter-question" className="presenter-question">
          {title}
        </h1>
        {shown.deleted && <p className="presenter-notice">This poll was deleted by its creator.</p>}
        {hiddenText && <p className="presenter-notice">{hiddenText}</p>}
        {!hiddenText && !shown.deleted && !resultsShown && (
          <p className="presenter-notice">Results are hidden on this screen for now.</p>
        )}
        <ol className={`presenter-results ${rowsClass(options.length)}`}>
          {options.map((option) => {
            const count = barsShown && shown.visible ? (shown.counts[option.id] ?? 0) : null;
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
        {maxChoices > 1 && barsShown && (
          <p className="presenter-hint">Percentages are of voters; each may pick up to {maxChoices}.</p>
        )}
      </section>

      <aside className="presenter-side" aria-label="Join and totals">
        {joinShown && (
          <>
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
          </>
        )}
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
          ) : endsAt ? (
            <Countdown key={endsAt} expiresAt={endsAt} onEnd={onEnd} />
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
        <button type="button" className="button-quiet button-small" onClick={toggleResults}>
          {resultsShown ? 'Hide results' : 'Show results'} <kbd>H</kbd>
        </button>
        <button type="button" className="button-quiet button-small" onClick={toggleJoin}>
          {joinShown ? 'Hide QR' : 'Show QR'} <kbd>Q</kbd>
        </button>
        {admin.state === 'valid' && !shown.deleted && (
          <button
            type="button"
            className="button-quiet button-small"
            disabled={switching}
            onClick={() => void switchVoting()}
          >
            {isOpen ? 'Close voting' : 'Reopen voting'} <kbd>C</kbd>
          </button>
        )}
        {canReveal && (
          <span>
            Reveal <kbd>R</kbd>
          </span>
        )}
        <button type="button" className="button-quiet button-small" onClick={() => showKeys(true)}>
          Keys <kbd>?</kbd>
        </button>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
      </footer>

      <dialog ref={keysDialog} className="presenter-keys" aria-labelledby="presenter-keys-heading">
        <h2 id="presenter-keys-heading">Keys</h2>
        <dl>
          {KEYS.map(({ key, does }) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="button-small">
            Close <kbd>Esc</kbd>
          </button>
        </form>
      </dialog>
    </div>
  );
}
