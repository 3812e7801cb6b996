import { useTranslations } from '../../_lib/intl';
import type { ReactNode } from 'react';
import type { Announcement } from './live-announcer';

/**
 * The view's one status region, and the viewer's switches for what moves: pausing the results
 * and hearing others' votes summarised. The region is in the page from its first byte, so what it
 * says later is read (WCAG 4.1.3). It holds the notice of the viewer's vote as the page shows it
 * (`children`), and what else there is to say, for screen readers only; each is read as it comes
 * (aria-atomic false), never the whole region again. The note of waiting votes is quiet, seen not
 * spoken.
 */

export function LiveRegion({
  message,
  className,
  children,
}: {
  message: Announcement;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`live-announcements ${className ?? ''}`.trim()} role="status" aria-atomic="false">
      {children}
      <span className="visually-hidden">{message.text && <span key={message.said}>{message.text}</span>}</span>
    </div>
  );
}

/** A button that stays named the same and says whether it is on by its pressed state, with a tick to see it by. */
export function ToggleButton({
  pressed,
  onClick,
  children,
  className = 'button-quiet button-small',
}: {
  pressed: boolean;
  onClick: () => void;
  children: ReactNode;
  className?: string;
}) {
  return (
    <button type="button" className={`${className} toggle`} aria-pressed={pressed} onClick={onClick}>
      <span className="toggle-box" aria-hidden="true">
        {pressed ? '✓' : ''}
      </span>
      {children}
    </button>
  );
}

type Props = {
  paused: boolean;
  waiting: number;
  togglePause: () => void;
  announcing: boolean;
  toggleAnnouncing: () => void;
};

export function LiveControls({ paused, waiting, togglePause, announcing, toggleAnnouncing }: Props) {
  const t = useTranslations('Live.controls');
  return (
    <div className="live-controls">
      <ToggleButton pressed={paused} onClick={togglePause}>
        {t('pause')}
      </ToggleButton>
      <ToggleButton pressed={announcing} onClick={toggleAnnouncing}>
        {t('announce')}
      </ToggleButton>
      {paused && <p className="hint live-waiting">{t('waiting', { count: waiting })}</p>}
    </div>
  );
}
