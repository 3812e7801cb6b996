import { useCallback, useEffect, useState } from 'react';
import type { Poll, ResultsVisibility } from '../../../domain/polls';
import type { PollDetails } from '../../../polls/poll-details';
import { failureOf, NETWORK_FAILURE, useFailureText } from '../api-failure';

/**
 * The poll's state as the creator changes it (open, end time, when results appear, listed), the
 * fields that edit it, and the PATCH and DELETE that change it, with what came of the last one.
 */

export type PollState = Pick<Poll, 'is_active' | 'expires_at' | 'results_visibility' | 'listed'>;
export type Message = { ok: boolean; text: string };

function stateOf(poll: PollState): PollState {
  return {
    is_active: poll.is_active,
    expires_at: poll.expires_at,
    results_visibility: poll.results_visibility,
    listed: poll.listed,
  };
}

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, as datetime-local inputs expect. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The poll's state and the two fields that edit it, from the server's poll and then from each answer. */
export function usePollState(created: Poll) {
  const [poll, setPoll] = useState<PollState>(stateOf(created));
  const [visibilityChoice, setVisibilityChoice] = useState<ResultsVisibility>(created.results_visibility);
  const [endsAt, setEndsAt] = useState('');
  const expiresAt = created.expires_at;

  useEffect(() => {
    setEndsAt(toLocalInput(expiresAt));
  }, [expiresAt]);

  /** The poll as GET answered it to the creator. */
  const granted = useCallback((details: PollDetails) => {
    setPoll(stateOf(details.poll));
    setVisibilityChoice(details.poll.results_visibility);
  }, []);

  /** The poll as a PATCH answered it. */
  const updated = useCallback((answer: PollState) => {
    setPoll(stateOf(answer));
    setEndsAt(toLocalInput(answer.expires_at));
    setVisibilityChoice(answer.results_visibility);
  }, []);

  return { poll, visibilityChoice, setVisibilityChoice, endsAt, setEndsAt, granted, updated };
}

/** PATCH and DELETE /api/polls/{id} with the admin token, one at a time (`busy`), and the message each leaves. */
export function usePollChanges(pollId: string, token: string | null | undefined, updated: (poll: PollState) => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const failureText = useFailureText();

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
      setMessage({ ok: false, text: failureText(failureOf(await response.json().catch(() => null))) });
    } catch {
      setMessage({ ok: false, text: failureText(NETWORK_FAILURE) });
    } finally {
      setBusy(false);
    }
    return null;
  }

  /** Changes the poll; says `done` once it is. Resolves whether it was. */
  async function update(change: Partial<PollState>, done: string): Promise<boolean> {
    const response = await send('PATCH', change);
    if (!response) return false;
    updated((await response.json()) as PollState);
    setMessage({ ok: true, text: done });
    return true;
  }

  return { busy, message, setMessage, send, update };
}
