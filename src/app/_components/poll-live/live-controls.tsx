import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Announcement } from './live-announcer';

/**
 * The view's one status region, and the viewer's switches for what moves: pausing the results
 * and hearing others' votes summarised. The region is in the page from its first byte, empty, so
 * what it says later is read (WCAG 4.1.3); the note of waiting votes is quiet, seen not spoken.
 */

export function LiveRegion({ message }: { message: Announcement }) {
  return (
    <div className="visually-hidden live-announcements" role="status" aria-atomic="true">
      {message.text && <span key={message.said}>{message.text}</span>}
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
