import { useTranslations } from '../../../_lib/intl';
import { Countdown } from '../../../_components/countdown';
import type { ShownResults } from '../../../_lib/live-counts';
import type { AdminLink } from './presenter-controls';
import { strong } from '../../../_components/rich-tags';

/**
 * The side of the presenter screen: where to join (the QR code and the short address, which Q
 * hides), the total, how many watch, whether voting is open, and the admin link's button and
 * problems (said by the screen's status region; the total is not, as it moves with every vote).
 */

type Props = {
  /** Shown unless Q hid it. */
  join: { qrSvg: string; joinHost: string; code: string } | undefined;
  shown: ShownResults;
  viewers: number | undefined;
  /** While paused, the votes that came since. */
  waiting: number | undefined;
  isOpen: boolean;
  endsAt: string | null;
  onEnd: () => void;
  /** The Reveal button, while there is something to reveal with the admin link. */
  reveal: { revealing: boolean; reveal: () => Promise<void> } | undefined;
  problem: string | null;
  admin: AdminLink;
};

export function PresenterSide(props: Props) {
  const { join, shown, viewers, waiting, isOpen, endsAt, onEnd, reveal, problem, admin } = props;
  const t = useTranslations('Presenter');
  const live = useTranslations('Live.controls');
  return (
    <aside className="presenter-side" aria-label={t('side')}>
      {join && (
        <>
          <div
            className="presenter-qr"
            role="img"
            aria-label={t('qrCode')}
            dangerouslySetInnerHTML={{ __html: join.qrSvg }}
          />
          <p className="presenter-join">
            <span className="presenter-join-label">{t('joinAt')}</span>
            <span className="presenter-address" dir="ltr">
              {join.joinHost}/j/<strong>{join.code}</strong>
            </span>
          </p>
        </>
      )}
      <p className="presenter-total">{t.rich('total', { count: shown.total, strong })}</p>
      {waiting !== undefined && <p className="presenter-waiting">{live('waiting', { count: waiting })}</p>}
      <p className="presenter-watching">{viewers === undefined ? '\u00a0' : t('watching', { count: viewers })}</p>
      <p className="presenter-state">
        {shown.deleted ? (
          t('stateDeleted')
        ) : !isOpen ? (
          t('stateEnded')
        ) : endsAt ? (
          <Countdown key={endsAt} expiresAt={endsAt} onEnd={onEnd} paused={waiting !== undefined} />
        ) : (
          t('stateOpen')
        )}
      </p>
      {reveal && (
        <button
          type="button"
          className="presenter-reveal"
          disabled={reveal.revealing}
          onClick={() => void reveal.reveal()}
        >
          {t('reveal')}
        </button>
      )}
      {problem && <p className="notice notice-bad">{problem}</p>}
      {admin.state === 'refused' && <p className="notice notice-bad">{admin.text}</p>}
    </aside>
  );
}
