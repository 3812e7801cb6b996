import type { ReactNode } from 'react';

/**
 * The tags our messages wrap words in (`t.rich`), made once: a translator keeps what a call read
 * when its tags are the same functions as before (src/app/_lib/intl.ts), so a tag written inline,
 * a new function on every render, would have the message formatted anew every time.
 */

/** A label's aside, "(optional)", quieter than the label. */
export const hint = (chunks: ReactNode) => <span className="hint">{chunks}</span>;

/** Words only a screen reader needs, "(opens in a new tab)". */
export const hidden = (chunks: ReactNode) => <span className="visually-hidden">{chunks}</span>;

export const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/** Somebody's text inside ours (a poll's title, what was typed), in its own direction. */
export const isolated = (chunks: ReactNode) => <bdi dir="auto">{chunks}</bdi>;

/** A name the reader types or reads as code (an HTTP header, a command), left to right in every language. */
export const code = (chunks: ReactNode) => <code dir="ltr">{chunks}</code>;
