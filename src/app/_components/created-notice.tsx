'use client';

import { useEffect, useState } from 'react';
import { CopyButton } from './copy-button';

/**
 * Right after creating a poll the creator lands on `/polls/{id}#token=…`. The token lives only in
 * the fragment, which browsers never send to the server; it is shown once as the private manage
 * link and then dropped from the address bar, so sharing that address shares no secret.
 */
export function CreatedNotice({ pollId }: { pollId: string }) {
  const [manageUrl, setManageUrl] = useState<string | null>(null);
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (!token) return;
    setManageUrl(`${window.location.origin}/polls/${pollId}/manage#token=${encodeURIComponent(token)}`);
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
  }, [pollId]);
  if (!manageUrl) return null;

  return (
    <section className="notice notice-ok" aria-labelledby="created-heading">
      <h2 id="created-heading">Your poll is live</h2>
      <p>
        Keep this private link to close, reopen or delete the poll later. It is shown only this once, and anyone who has
        it can manage the poll.
      </p>
      <div className="copy-row">
        <label htmlFor="manage-link" className="visually-hidden">
          Private manage link
        </label>
        <input id="manage-link" readOnly value={manageUrl} />
        <CopyButton text={manageUrl} fieldId="manage-link" label="Copy" />
      </div>
      <p className="hint">
        <a href={manageUrl}>Open the manage page</a>
      </p>
    </section>
  );
}
