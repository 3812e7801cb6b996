'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';

/**
 * The creator's controls. The admin token is read from the URL fragment in the browser (it
 * never reaches our server's logs) and sent as a bearer token to PATCH/DELETE /api/polls/{id}.
 */

type Props = { pollId: string; title: string; isActive: boolean; expiresAt: string | null };
type Message = { ok: boolean; text: string };
type PollState = { is_active: boolean; expires_at: string | null };

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, as datetime-local inputs expect. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const FAILURES: Record<number, string> = {
  401: 'This manage link is not valid for this poll. Use the exact link you got when you created it.',
  404: 'This poll no longer exists.',
  429: 'Too many requests. Wait a moment and try again.',
};

export function ManagePanel({ pollId, title, isActive, expiresAt }: Props) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [poll, setPoll] = useState<PollState>({ is_active: isActive, expires_at: expiresAt });
  const [endsAt, setEndsAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setToken(new URLSearchParams(window.location.hash.slice(1)).get('token'));
    setEndsAt(toLocalInput(expiresAt));
  }, [expiresAt]);

  async function send(method: 'PATCH' | 'DELETE', change?: Partial<PollState>): Promise<Response | null> {
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/polls/${pollId}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(change ? { 'content-type': 'application/json' } : {}),
        },
        body: change ? JSON.stringify(change) : null,
      });
      if (response.ok) return response;
      const body = await response.json().catch(() => null);
      setMessage({
        ok: false,
        text: FAILURES[response.status] ?? capitalize(body?.error?.message ?? 'That did not work.'),
      });
    } catch {
      setMessage({ ok: false, text: 'Could not reach pollcast. Check your connection and try again.' });
    } finally {
      setBusy(false);
    }
    return null;
  }

  async function update(change: Partial<PollState>, done: string) {
    const response = await send('PATCH', change);
    if (!response) return;
    const updated = (await response.json()) as PollState;
    setPoll({ is_active: updated.is_active, expires_at: updated.expires_at });
    setEndsAt(toLocalInput(updated.expires_at));
    setMessage({ ok: true, text: done });
  }

  function saveEnd(event: FormEvent) {
    event.preventDefault();
    const when = new Date(endsAt);
    if (!endsAt || Number.isNaN(when.getTime()) || when.getTime() <= Date.now()) {
      setMessage({ ok: false, text: 'Choose an end time in the future.' });
      return;
    }
    void update({ expires_at: when.toISOString() }, `The poll now ends ${when.toLocaleString()}.`);
  }

  /** Moves focus along with the confirmation so keyboard users are never dropped on the page body. */
  function confirmDelete(show: boolean) {
    setConfirming(show);
    requestAnimationFrame(() => (show ? keepButton : deleteButton).current?.focus());
  }

  async function remove() {
    if (await send('DELETE')) setDeleted(true);
  }

  if (token === undefined) return null;
  if (!token) {
    return (
      <p className="notice notice-bad">
        To manage this poll, open the private link you got when you created it. It ends with <code>#token=…</code>.
      </p>
    );
  }
  if (deleted) {
    return (
      <div className="notice notice-ok" role="status">
        <p>The poll and all its votes were deleted.</p>
        <Link href="/">Back to the open polls</Link>
      </div>
    );
  }

  const ended = poll.expires_at !== null && new Date(poll.expires_at).getTime() <= Date.now();
  const open = poll.is_active && !ended;
  return (
    <>
      <div aria-live="polite">
        {message && <p className={`notice ${message.ok ? 'notice-ok' : 'notice-bad'}`}>{message.text}</p>}
      </div>

      <section className="panel" aria-labelledby="voting-heading">
        <h2 id="voting-heading">Voting is {open ? 'open' : 'closed'}</h2>
        {open ? (
          <button type="button" disabled={busy} onClick={() => update({ is_active: false }, 'Voting is closed.')}>
            Close voting
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => update({ is_active: true, ...(ended ? { expires_at: null } : {}) }, 'Voting is open again.')}
          >
            {ended ? 'Reopen without an end time' : 'Reopen voting'}
          </button>
        )}
      </section>

      <section className="panel" aria-labelledby="end-heading">
        <h2 id="end-heading">End time</h2>
        <form onSubmit={saveEnd}>
          <div className="field">
            <label htmlFor="ends-at">
              Voting ends at <span className="hint">(your local time)</span>
            </label>
            <input id="ends-at" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
          </div>
          <p className="row">
            <button type="submit" disabled={busy}>
              Save end time
            </button>
            {poll.expires_at && (
              <button
                type="button"
                className="button-quiet"
                disabled={busy}
                onClick={() => update({ expires_at: null }, 'The poll no longer has an end time.')}
              >
                Remove end time
              </button>
            )}
          </p>
        </form>
      </section>

      <section className="panel danger" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete the poll</h2>
        {confirming ? (
          <>
            <p>
              Delete “{title}” and all its votes? Everyone watching it will see it disappear. This cannot be undone.
            </p>
            <p className="row">
              <button type="button" className="button-danger" disabled={busy} onClick={remove}>
                Yes, delete it
              </button>
              <button type="button" className="button-quiet" ref={keepButton} onClick={() => confirmDelete(false)}>
                Keep it
              </button>
            </p>
          </>
        ) : (
          <button type="button" className="button-danger" ref={deleteButton} onClick={() => confirmDelete(true)}>
            Delete poll…
          </button>
        )}
      </section>
    </>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
