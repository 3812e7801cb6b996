'use client';

import { useState } from 'react';

/**
 * Download buttons for the creator's export (docs/API.md, "Export"). A plain link cannot carry
 * the admin token (it must stay out of URLs, which logs and histories keep), so the file is
 * fetched with it as a bearer token and handed to the browser's downloads as a blob.
 */

type Format = 'csv' | 'json';
type Status = { ok: boolean; text: string };

const FORMATS: { format: Format; label: string; busy: string }[] = [
  { format: 'csv', label: 'Download CSV', busy: 'Downloading CSV…' },
  { format: 'json', label: 'Download JSON', busy: 'Downloading JSON…' },
];

const FAILURES: Record<number, string> = {
  401: 'This manage link is not valid for this poll. Use the exact link you got when you created it.',
  404: 'This poll no longer exists.',
  429: 'The server is busy with other downloads. Try again in a moment.',
};
const CUT_OFF = 'The download did not finish. Check your connection and try again.';

function failureText(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return FAILURES[status] ?? (typeof message === 'string' ? `The download failed: ${message}.` : CUT_OFF);
}

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
  const [busy, setBusy] = useState<Format | null>(null);
  const [status, setStatus] = useState<Status | null>(null);

  async function download(format: Format) {
    setBusy(format);
    setStatus(null);
    try {
      const response = await fetch(`/api/polls/${pollId}/export.${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        setStatus({ ok: false, text: failureText(response.status, await response.json().catch(() => null)) });
        return;
      }
      // Rejects when the server cut the file off halfway, so a short file is never saved.
      const blob = await response.blob();
      const name = fileNameOf(response.headers.get('content-disposition'), `poll-${pollId}.${format}`);
      saveFile(blob, name);
      setStatus({ ok: true, text: `Downloaded ${name}.` });
    } catch {
      setStatus({ ok: false, text: CUT_OFF });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <p className="row">
        {FORMATS.map(({ format, label, busy: working }) => (
          <button key={format} type="button" disabled={busy !== null} onClick={() => download(format)}>
            {busy === format ? working : label}
          </button>
        ))}
      </p>
      <p className="hint">
        CSV for a spreadsheet: one row per ballot, with its time and a 1 under each option it chose. JSON: the results
        and every ballot. Neither says who voted.
      </p>
      <div aria-live="polite">
        {status && <p className={`notice ${status.ok ? 'notice-ok' : 'notice-bad'}`}>{status.text}</p>}
      </div>
    </>
  );
}
