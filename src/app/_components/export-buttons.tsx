'use client';

import { useTranslations } from '../_lib/intl';
import { useState } from 'react';
import { failureOf, useFailureText } from './api-failure';

/**
 * Download buttons for the creator's export (docs/API.md, "Export"). A plain link cannot carry
 * the admin token (it must stay out of URLs, which logs and histories keep), so the file is
 * fetched with it as a bearer token and handed to the browser's downloads as a blob.
 */

type Format = 'csv' | 'json';
type Status = { ok: boolean; text: string };

const FORMATS: readonly Format[] = ['csv', 'json'];
const FORMAT_NAMES: Record<Format, string> = { csv: 'CSV', json: 'JSON' };

/** The name the server gave the file (`attachment; filename="poll-K7P2QX.csv"`). */
function fileNameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns; a minute is plenty, and then the memory goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportButtons({ pollId, token }: { pollId: string; token: string }) {
  const t = useTranslations('Export');
  const failureText = useFailureText();
  const [busy, setBusy] = useState<Format | null>(null);
  const [status, setStatus] = useState<Status | null>(null);

  /** A refusal in the page's words; a busy server (429) is others' downloads, not this creator's clicks. */
  function refusalText(body: unknown): string {
    const failure = failureOf(body);
    return 'code' in failure && failure.code === 'rate_limited' ? t('busy') : failureText(failure);
  }

  async function download(format: Format) {
    setBusy(format);
    setStatus(null);
    try {
      const response = await fetch(`/api/polls/${pollId}/export.${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        setStatus({ ok: false, text: refusalText(await response.json().catch(() => null)) });
        return;
      }
      // Rejects when the server cut the file off halfway, so a short file is never saved.
      const blob = await response.blob();
      const name = fileNameOf(response.headers.get('content-disposition'), `poll-${pollId}.${format}`);
      saveFile(blob, name);
      setStatus({ ok: true, text: t('downloaded', { name }) });
    } catch {
      setStatus({ ok: false, text: t('cutOff') });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <p className="row">
        {FORMATS.map((format) => (
          <button key={format} type="button" disabled={busy !== null} onClick={() => download(format)}>
            {t(busy === format ? 'downloading' : 'download', { format: FORMAT_NAMES[format] })}
          </button>
        ))}
      </p>
      <p className="hint">{t('formats')}</p>
      <div aria-live="polite">
        {status && <p className={`notice ${status.ok ? 'notice-ok' : 'notice-bad'}`}>{status.text}</p>}
      </div>
    </>
  );
}
