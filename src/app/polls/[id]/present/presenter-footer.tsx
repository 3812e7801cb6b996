import { useTranslations } from '../../../_lib/intl';
import type { RefObject } from 'react';
import type { LiveStatus } from '../../../_client/live-client';
import type { Announcer } from '../../../_components/poll-live/live-announcer';
import { LiveRegion, ToggleButton } from '../../../_components/poll-live/live-controls';
import { KEYS, toggleFullScreen } from './presenter-keys';

/**
 * The presenter's buttons, each with its key, the live status, the screen's one status region
 * (what the last key did, problems, summaries of the votes), and the list of keys.
 */

const STATUS_TEXT = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
  closed: 'stopped',
} as const satisfies Record<LiveStatus, string>;

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
  const t = useTranslations('PresenterKeys');
  return (
    <footer className="presenter-footer">
      {status && <span className={`live live-${status}`}>{t(STATUS_TEXT[status])}</span>}
      <button type="button" className="button-quiet button-small" onClick={toggleFullScreen}>
        {t('fullScreen')} <kbd>F</kbd>
      </button>
      <button type="button" className="button-quiet button-small" onClick={props.toggleResults}>
        {t(props.resultsShown ? 'hideResults' : 'showResults')} <kbd>H</kbd>
      </button>
      <button type="button" className="button-quiet button-small" onClick={props.toggleJoin}>
        {t(props.joinShown ? 'hideQr' : 'showQr')} <kbd>Q</kbd>
      </button>
      <LiveToggles {...props} />
      {voting && (
        <button
          type="button"
          className="button-quiet button-small"
          disabled={voting.switching}
          onClick={() => void voting.switchVoting()}
        >
          {t(voting.isOpen ? 'closeVoting' : 'reopenVoting')} <kbd>C</kbd>
        </button>
      )}
      {props.canReveal && (
        <span>
          {t('reveal')} <kbd>R</kbd>
        </span>
      )}
      <button type="button" className="button-quiet button-small" onClick={() => props.showKeys(true)}>
        {t('keys')} <kbd>?</kbd>
      </button>
      <LiveRegion message={props.announcer.message} className="visually-hidden" />
    </footer>
  );
}

/** Pausing (P), the table (T) and spoken summaries: switches that say whether they are on. */
function LiveToggles({ paused, togglePause, tableShown, toggleTable, announcer }: Props) {
  const t = useTranslations('Live');
  return (
    <>
      <ToggleButton pressed={paused} onClick={togglePause}>
        {t('controls.pause')} <kbd>P</kbd>
      </ToggleButton>
      <ToggleButton pressed={tableShown} onClick={toggleTable}>
        {t('presenter.table')} <kbd>T</kbd>
      </ToggleButton>
      <ToggleButton pressed={announcer.enabled} onClick={announcer.toggleEnabled}>
        {t('controls.announce')}
      </ToggleButton>
    </>
  );
}

/** The list of keys, a modal dialog that ? opens and Esc closes. */
export function KeysDialog({ dialogRef }: { dialogRef: RefObject<HTMLDialogElement | null> }) {
  const t = useTranslations('PresenterKeys');
  const live = useTranslations('Live.presenter');
  return (
    <dialog ref={dialogRef} className="presenter-keys" aria-labelledby="presenter-keys-heading">
      <h2 id="presenter-keys-heading">{t('keys')}</h2>
      <dl>
        {KEYS.map((entry) => (
          <div key={entry.key}>
            <dt>
              <kbd>{entry.key}</kbd>
            </dt>
            <dd>{'live' in entry ? live(entry.live) : t(entry.does)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" className="button-small">
          {t('close')} <kbd>Esc</kbd>
        </button>
      </form>
    </dialog>
  );
}
