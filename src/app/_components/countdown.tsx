'use client';

import { useEffect, useRef, useState } from 'react';
import { endedText, msLeft, timeLeftText, useFormatWords } from '../_lib/format';

/**
 * Time left until the poll ends, ticking each second, then when it ended; tells its parent once
 * when it hits zero. The end is said in the reader's time zone once the browser has rendered it,
 * in the page's language.
 */
export function Countdown({ expiresAt, onEnd }: { expiresAt: string; onEnd?: () => void }) {
  const words = useFormatWords();
  const [now, setNow] = useState(() => Date.now());
  const [inBrowser, setInBrowser] = useState(false);
  const ended = useRef(false);
  const left = msLeft(expiresAt, now) ?? 0;
  const running = left > 0;

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
      {running ? timeLeftText(words, expiresAt, now) : endedText(words, expiresAt, inBrowser ? 'browser' : 'server')}
    </time>
  );
}
