'use client';

import { useEffect, useRef, useState } from 'react';
import { msLeft, timeLeftText } from '../_lib/format';

/** Time left until the poll ends, ticking each second; tells its parent once when it hits zero. */
export function Countdown({ expiresAt, onEnd }: { expiresAt: string; onEnd?: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const ended = useRef(false);
  const left = msLeft(expiresAt, now) ?? 0;
  const running = left > 0;

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
      {timeLeftText(expiresAt, now)}
    </time>
  );
}
