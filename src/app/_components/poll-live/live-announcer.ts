import { useTranslations } from '../../_lib/intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { paceAfterOwn, paceFrom, paceStep, type Pace, type Standing, type Summary } from '../../_lib/live-summary';
import { useSummaryText } from './live-words';

/**
 * What a live view's one status region says (WCAG 4.1.3): the viewer's own actions at once, and
 * summaries of others' votes at the pace live-summary.ts sets, unless the viewer switched those
 * off (remembered in this browser). Each message replaces the last; `said` counts them, so the
 * same words said twice are a new node, read again.
 */

const STORAGE_KEY = 'pollcast:announce-changes';

export type Announcement = { text: string; said: number };

export type Announcer = {
  message: Announcement;
  /** Summaries of others' votes are said. */
  enabled: boolean;
  toggleEnabled: () => void;
  /** Says `text` at once; with `standing`, followed by its summary (while summaries are on); `text` may be empty. */
  announce: (text: string, standing?: Standing) => void;
  /** Where the pace of summaries is kept; useSummaries reads and moves it. */
  pace: { current: Pace | null };
  /** A summary in the page's language. */
  summaryText: (summary: Summary) => string;
};

export function useAnnouncer(): Announcer {
  const [message, setMessage] = useState<Announcement>({ text: '', said: 0 });
  const [enabled, setEnabled] = useState(true);
  const enabledNow = useRef(true);
  const pace = useRef<Pace | null>(null);
  const summaryText = useSummaryText();
  const t = useTranslations('Live.said');

  useEffect(() => {
    if (readSetting() === 'off') {
      enabledNow.current = false;
      setEnabled(false);
    }
  }, []);

  const announce = useCallback(
    (text: string, standing?: Standing) => {
      const now = Date.now();
      const summary = standing && enabledNow.current ? standing.summary : null;
      const said = [text, summary ? summaryText(summary) : ''].filter(Boolean).join(' ');
      if (said) setMessage((last) => ({ text: said, said: last.said + 1 }));
      if (pace.current) pace.current = paceAfterOwn(pace.current, now, summary ? standing : undefined);
    },
    [summaryText],
  );

  const toggleEnabled = useCallback(() => {
    const next = !enabledNow.current;
    enabledNow.current = next;
    setEnabled(next);
    writeSetting(next ? 'on' : 'off');
    // What changed while they were off is not news now: summaries start from here.
    pace.current = null;
    announce(t(next ? 'announcing' : 'silent'));
  }, [announce, t]);

  return { message, enabled, toggleEnabled, announce, pace, summaryText };
}

/**
 * Summaries of `standing` as others' votes move it: said when the pace allows, else looked at
 * again when it will. The first standing seen is where the view starts, not news.
 */
export function useSummaries({ enabled, pace, announce, summaryText }: Announcer, standing: Standing): void {
  const latest = useRef(standing);
  useEffect(() => {
    latest.current = standing;
  });

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      const now = Date.now();
      pace.current ??= paceFrom(latest.current, now);
      const step = paceStep(pace.current, latest.current, now);
      if (step.say) {
        announce(summaryText(step.say));
        pace.current = step.pace;
      }
      if (step.wakeAt !== null) timer = setTimeout(look, step.wakeAt - now);
    };
    look();
    return () => clearTimeout(timer);
  }, [enabled, pace, announce, summaryText, standing.total, standing.lead]);
}

/** The remembered choice, if any; storage may be refused (a sandboxed frame, strict privacy settings). */
function readSetting(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeSetting(value: 'on' | 'off'): void {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Not remembered, still switched for this page.
  }
}
