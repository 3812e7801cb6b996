'use client';

import { useEffect, useRef, useState } from 'react';
import { endedText, endsAtText, msLeft, timeLeftText, useFormatWords } from '../_lib/format';

/**
 * Time left until the poll ends, ticking each second, then when it ended; tells its parent once
 * when it hits zero. While the viewer has paused live updates it holds still: it says when the
 * poll ends instead of counting down (and still tells the parent at the end). Times are said in
 * the reader's time zone once the browser has rendered them, in the page's language.
 */
export function Countdown({
  expiresAt,
  onEnd,
  paused = false,
}: {
  expiresAt: string;
  onEnd?: () => void;
  paused?: boolean;
}) {
  const words = useFormatWords();
  const [now, setNow] = useState(() => Date.now());
  const [inBrowser, setInBrowser] = useState(false);
  const ended = useRef(false);
  const left = msLeft(expiresAt, now) ?? 0;
  const running = left > 0;
  const reader = inBrowser ? 'browser' : 'server';

  useEffect(() => setInBrowser(true), []);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [running]);

  useEffect(() => {
    if (left > 0 || ended.current) return;
    ended.current = true;
    onEnd?.();
  }, [left, onEnd]);

  return (
    <time dateTime={expiresAt} suppressHydrationWarning>
      {!running
        ? endedText(words, expiresAt, reader)
        : paused
          ? endsAtText(words, expiresAt, reader)
          : timeLeftText(words, expiresAt, now)}
    </time>
  );
}
