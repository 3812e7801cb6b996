import { useTranslations } from 'next-intl';
import { Countdown } from '../../../_components/countdown';
import type { ShownResults } from '../../../_lib/live-counts';
import type { AdminLink } from './presenter-controls';

/**
 * The side of the presenter screen: where to join (the QR code and the short address, which Q
 * hides), the total, how many watch, whether voting is open, and the admin link's button and
 * problems.
 */

type Props = {
  /** Shown unless Q hid it. */
  join: { qrSvg: string; joinHost: string; code: string } | undefined;
  shown: ShownResults;
  viewers: number | undefined;
  isOpen: boolean;
  endsAt: string | null;
  onEnd: () => void;
  /** The Reveal button, while there is something to reveal with the admin link. */
  reveal: { revealing: boolean; reveal: () => Promise<void> } | undefined;
  problem: string | null;
  admin: AdminLink;
};

export function PresenterSide({ join, shown, viewers, isOpen, endsAt, onEnd, reveal, problem, admin }: Props) {
  const t = useTranslations('Presenter');
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
      <p className="presenter-total" aria-live="polite" aria-atomic="true">
        {t.rich('total', { count: shown.total, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <p className="presenter-watching">{viewers === undefined ? '\u00a0' : t('watching', { count: viewers })}</p>
      <p className="presenter-state">
        {shown.deleted ? (
          t('stateDeleted')
        ) : !isOpen ? (
          t('stateEnded')
        ) : endsAt ? (
          <Countdown key={endsAt} expiresAt={endsAt} onEnd={onEnd} />
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
      <div aria-live="polite">
        {problem && <p className="notice notice-bad">{problem}</p>}
        {admin.state === 'refused' && <p className="notice notice-bad">{admin.text}</p>}
      </div>
    </aside>
  );
}
