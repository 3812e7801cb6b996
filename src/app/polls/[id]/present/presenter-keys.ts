import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { LIVE_WORDS } from '../../../_components/poll-live/live-words';

/**
 * The presenter's keys (KEYS, listed on screen by ?), which work without a mouse, and the three
 * things they switch on this screen. Each change is announced to screen readers.
 */

/** The keys, as the ? overlay lists them. */
export const KEYS: { key: string; does: string }[] = [
  { key: 'F', does: 'Full screen on or off' },
  { key: 'H', does: 'Hide or show the results on this screen' },
  { key: 'Q', does: 'Hide or show the QR code and join code' },
  { key: 'P', does: LIVE_WORDS.pauseKey },
  { key: 'T', does: LIVE_WORDS.tableKey },
  { key: 'C', does: 'Close or reopen voting (with the manage link)' },
  { key: 'R', does: 'Reveal hidden results to everyone (with the manage link)' },
  { key: '?', does: 'Show these keys; Esc closes them' },
];

/** Keys typed into a field are the field's. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function toggleFullScreen(): void {
  const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
  // Refused when the browser does not allow it (an iframe, a kiosk): the screen works as it is.
  done.catch(() => undefined);
}

/**
 * A switch of this screen, announced as it flips. The ref holds what the next key flips from, so
 * two keys pressed before a render both count.
 */
function useScreenSwitch(announce: (text: string) => void, [onText, offText]: [string, string]) {
  const [on, setOn] = useState(true);
  const onNow = useRef(true);
  const flip = useCallback(() => {
    const next = !onNow.current;
    onNow.current = next;
    setOn(next);
    announce(next ? onText : offText);
  }, [announce, onText, offText]);
  return [on, flip] as const;
}

/** Whether the results, the QR and join code, and the results as bars (else a table) show on this screen; H, Q and T switch them. */
export function useScreenToggles(announce: (text: string) => void) {
  const [resultsShown, toggleResults] = useScreenSwitch(announce, [
    'Results shown on this screen.',
    'Results hidden on this screen.',
  ]);
  const [joinShown, toggleJoin] = useScreenSwitch(announce, [
    'QR code and join code shown.',
    'QR code and join code hidden.',
  ]);
  const [barsShown, toggleTable] = useScreenSwitch(announce, [LIVE_WORDS.barsShown, LIVE_WORDS.tableShown]);
  return { resultsShown, joinShown, tableShown: !barsShown, toggleResults, toggleJoin, toggleTable };
}

type Actions = {
  toggleResults: () => void;
  toggleJoin: () => void;
  toggleTable: () => void;
  togglePause: () => void;
  switchVoting: () => Promise<void>;
  /** Only while there is something to reveal, with the admin link. */
  reveal: (() => Promise<void>) | undefined;
};

/** Listens for the keys; `keysDialog` is the list of keys, which ? opens. Resolves the function that opens or closes it. */
export function usePresenterKeys(
  keysDialog: RefObject<HTMLDialogElement | null>,
  { toggleResults, toggleJoin, toggleTable, togglePause, switchVoting, reveal }: Actions,
  announce: (text: string) => void,
): (show: boolean) => void {
  const showKeys = useCallback(
    (show: boolean) => {
      const dialog = keysDialog.current;
      if (!dialog) return;
      // A modal dialog keeps focus inside, closes on Esc and gives focus back where it was.
      if (show && !dialog.open) dialog.showModal();
      if (!show && dialog.open) dialog.close();
    },
    [keysDialog],
  );

  useEffect(() => {
    const onFullScreen = () => announce(document.fullscreenElement ? 'Full screen.' : 'Full screen off.');
    document.addEventListener('fullscreenchange', onFullScreen);
    return () => document.removeEventListener('fullscreenchange', onFullScreen);
  }, [announce]);

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
        p: togglePause,
        t: toggleTable,
        c: () => void switchVoting(),
        '?': () => showKeys(true),
      };
      if (reveal) act.r = () => void reveal();
      const action = act[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keysDialog, reveal, showKeys, switchVoting, toggleJoin, toggleResults, toggleTable, togglePause]);

  return showKeys;
}
