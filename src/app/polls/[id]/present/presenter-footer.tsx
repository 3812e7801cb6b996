import type { RefObject } from 'react';
import type { LiveStatus } from '../../../_client/live-client';
import type { Announcer } from '../../../_components/poll-live/live-announcer';
import { LiveRegion, ToggleButton } from '../../../_components/poll-live/live-controls';
import { LIVE_WORDS } from '../../../_components/poll-live/live-words';
import { KEYS, toggleFullScreen } from './presenter-keys';

/**
 * The presenter's buttons, each with its key, the live status, the screen's one status region
 * (what the last key did, problems, summaries of the votes), and the list of keys.
 */

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Live updates stopped',
};

type Props = {
  status: LiveStatus | null;
  resultsShown: boolean;
  toggleResults: () => void;
  joinShown: boolean;
  toggleJoin: () => void;
  /** The close/reopen button, with the admin link and while the poll exists. */
  voting: { isOpen: boolean; switching: boolean; switchVoting: () => Promise<void> } | undefined;
  canReveal: boolean;
  showKeys: (show: boolean) => void;
  tableShown: boolean;
  toggleTable: () => void;
  paused: boolean;
  togglePause: () => void;
  /** Its region exists from the start, so what it says later is read. */
  announcer: Announcer;
};

export function PresenterFooter(props: Props) {
  const { status, voting } = props;
  return (
    <footer className="presenter-footer">
      {status && <span className={`live live-${status}`}>{STATUS_TEXT[status]}</span>}
      <button type="button" className="button-quiet button-small" onClick={toggleFullScreen}>
        Full screen <kbd>F</kbd>
      </button>
      <button type="button" className="button-quiet button-small" onClick={props.toggleResults}>
        {props.resultsShown ? 'Hide results' : 'Show results'} <kbd>H</kbd>
      </button>
      <button type="button" className="button-quiet button-small" onClick={props.toggleJoin}>
        {props.joinShown ? 'Hide QR' : 'Show QR'} <kbd>Q</kbd>
      </button>
      <ToggleButton pressed={props.paused} onClick={props.togglePause}>
        {LIVE_WORDS.pause} <kbd>P</kbd>
      </ToggleButton>
      <ToggleButton pressed={props.tableShown} onClick={props.toggleTable}>
        {LIVE_WORDS.table} <kbd>T</kbd>
      </ToggleButton>
      <ToggleButton pressed={props.announcer.enabled} onClick={props.announcer.toggleEnabled}>
        {LIVE_WORDS.announce}
      </ToggleButton>
      {voting && (
        <button
          type="button"
          className="button-quiet button-small"
          disabled={voting.switching}
          onClick={() => void voting.switchVoting()}
        >
          {voting.isOpen ? 'Close voting' : 'Reopen voting'} <kbd>C</kbd>
        </button>
      )}
      {props.canReveal && (
        <span>
          Reveal <kbd>R</kbd>
        </span>
      )}
      <button type="button" className="button-quiet button-small" onClick={() => props.showKeys(true)}>
        Keys <kbd>?</kbd>
      </button>
      <LiveRegion message={props.announcer.message} />
    </footer>
  );
}

/** The list of keys, a modal dialog that ? opens and Esc closes. */
export function KeysDialog({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  return (
    <dialog ref={dialogRef} className="presenter-keys" aria-labelledby="presenter-keys-heading">
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
  );
}
