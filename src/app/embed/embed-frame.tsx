'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { HEIGHT_MESSAGE_TYPE, type HeightMessage } from '../../domain/embed';

/** A colour scheme the host asks for with `?theme=`; without one the embed follows the host's. */
export type EmbedTheme = 'light' | 'dark';

/**
 * The embed's one landmark, which tells the page that framed it how tall it is, on load and on
 * every change (a vote swaps the form for the results, a notice appears), so the host can size
 * its frame (docs/EMBED.md). The height is no secret: any host may read it.
 */
export function EmbedFrame({
  pollId,
  theme,
  children,
}: {
  pollId: string;
  theme: EmbedTheme | undefined;
  children: ReactNode;
}) {
  const frame = useRef<HTMLElement>(null);

  useEffect(() => {
    const content = frame.current;
    if (!content || window.parent === window) return;
    let last = -1;
    const tell = () => {
      const height = Math.ceil(content.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      const message: HeightMessage = { type: HEIGHT_MESSAGE_TYPE, height, pollId };
      window.parent.postMessage(message, '*');
    };
    tell();
    const observer = new ResizeObserver(tell);
    observer.observe(content);
    return () => observer.disconnect();
  }, [pollId]);

  return (
    <main id="main" className="embed" data-theme={theme} ref={frame}>
      {children}
    </main>
  );
}
