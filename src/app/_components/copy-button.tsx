'use client';

import { useTranslations } from '../_lib/intl';
import { useEffect, useState } from 'react';

/**
 * Copies `text`, falling back to selecting the field when the Clipboard API is missing (plain
 * http on a LAN address is not a secure context). Rendered only once scripts run.
 */
export function CopyButton({ text, fieldId, label }: { text: string; fieldId: string; label?: string }) {
  const t = useTranslations('CopyButton');
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(true), []);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  if (!ready) return null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const field = document.getElementById(fieldId) as HTMLInputElement | null;
      field?.select();
      if (!document.execCommand('copy')) return;
    }
    setCopied(true);
  }

  return (
    <>
      <button type="button" className="button-quiet" onClick={copy}>
        {copied ? t('copied') : (label ?? t('copyLink'))}
      </button>
      <span className="visually-hidden" role="status">
        {copied ? t('copiedStatus') : ''}
      </span>
    </>
  );
}
