'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { RESULTS_VISIBILITIES, type Poll, type ResultsVisibility } from '../../domain/polls';
import type { PollDetails } from '../../polls/poll-service';
import { shownFromDetails, type ShownResults } from '../_lib/live-counts';
import { answersPerVoterText, RESULTS_VISIBILITY_TEXT, VOTER_IDENTITY_TEXT } from '../_lib/poll-settings';
import { ExportButtons } from './export-buttons';
import { JoinCode } from './join-code';
import { NewPollForm } from './poll-form/new-poll-form';
import type { SavedPoll } from './poll-form/poll-draft';
import { PollLive } from './poll-live';

/**
 * The creator's page below its title: the settings, the controls and the live results. The
 * admin token is read from the URL fragment in the browser (it never reaches our server's logs)
 * and sent as a bearer token: to PATCH/DELETE /api/polls/{id}, to GET it with every count
 * whatever the poll hides from voters, and on the live stream. The server renders the page
 * without the token, so the results wait for the browser; so do the controls, which appear only
 * once the API has taken the token (a wrong link gets a message and none of them).
 */

type Props = {
  poll: Poll;
  options: { id: string; text: string }[];
  /** The results as the server rendered them for this visitor, shown when the token is missing or refused. */
  initial: ShownResults;
  /** Where people type the join code: `host/j/CODE`, as the visitor reached us. */
  joinUrl: string;
  /** The link, QR code and embed code, rendered by the server; shown to the creator only. */
  share: ReactNode;
};
/** What the API said of the token in the address: not yet asked, taken, or refused (with why). */
type Access = { state: 'checking' } | { state: 'granted' } | { state: 'refused'; text: string };
type Message = { ok: boolean; text: string };
type PollState = Pick<Poll, 'is_active' | 'expires_at' | 'results_visibility' | 'listed'>;

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

const NETWORK_FAILURE = 'Could not reach pollcast. Check your connection and try again.';

function failureText(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return FAILURES[status] ?? capitalize(typeof message === 'string' ? message : 'That did not work.');
}

function stateOf(poll: PollState): PollState {
  return {
    is_active: poll.is_active,
    expires_at: poll.expires_at,
    results_visibility: poll.results_visibility,
    listed: poll.listed,
  };
}

export function ManagePanel({ poll: created, options: createdOptions, initial, joinUrl, share }: Props) {
  const { id: pollId, expires_at: expiresAt } = created;
  const router = useRouter();
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [access, setAccess] = useState<Access>({ state: 'checking' });
  const [texts, setTexts] = useState({
    title: created.title,
    description: created.description,
    category: created.category,
    options: createdOptions,
  });
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const [poll, setPoll] = useState<PollState>(stateOf(created));
  /** Every count, read with the token; null when that failed (the visitor's own view is shown then). */
  const [adminResults, setAdminResults] = useState<ShownResults | null | undefined>(undefined);
  const [visibilityChoice, setVisibilityChoice] = useState<ResultsVisibility>(created.results_visibility);
  const [endsAt, setEndsAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const visibilitySelect = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    setEndsAt(toLocalInput(expiresAt));
  }, [expiresAt]);

  // Read again when only the fragment changes (no page load): a new token is checked before anything shows.
  useEffect(() => {
    let current: string | null | undefined;
    const read = () => {
      const next = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (next === current) return;
      current = next;
      setAccess({ state: 'checking' });
      setToken(next);
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  useEffect(() => {
    if (!token) return;
    const aborter = new AbortController();
    const failed = (text: string) => {
      if (aborter.signal.aborted) return;
      setAccess({ state: 'refused', text });
      setAdminResults(null);
    };
    fetch(`/api/polls/${pollId}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: aborter.signal,
    })
      .then(async (response) => {
        const body: unknown = await response.json().catch(() => null);
        if (!response.ok) return failed(failureText(response.status, body));
        const details = body as PollDetails;
        setAdminResults(shownFromDetails(details));
        setPoll(stateOf(details.poll));
        setVisibilityChoice(details.poll.results_visibility);
        setAccess({ state: 'granted' });
      })
      .catch(() => failed(NETWORK_FAILURE));
    return () => aborter.abort();
  }, [pollId, token]);

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
      setMessage({ ok: false, text: failureText(response.status, await response.json().catch(() => null)) });
    } catch {
      setMessage({ ok: false, text: NETWORK_FAILURE });
    } finally {
      setBusy(false);
    }
    return null;
  }

  async function update(change: Partial<PollState>, done: string): Promise<boolean> {
    const response = await send('PATCH', change);
    if (!response) return false;
    const updated = (await response.json()) as PollState;
    setPoll(stateOf(updated));
    setEndsAt(toLocalInput(updated.expires_at));
    setVisibilityChoice(updated.results_visibility);
    setMessage({ ok: true, text: done });
    return true;
  }

  async function reveal() {
    // The button goes away with the hidden results; focus moves to the setting it changed.
    if (await update({ results_visibility: 'always' }, 'Results revealed: everyone sees the counts now.')) {
      requestAnimationFrame(() => visibilitySelect.current?.focus());
    }
  }

  function saveVisibility(event: FormEvent) {
    event.preventDefault();
    const text = RESULTS_VISIBILITY_TEXT[visibilityChoice];
    void update({ results_visibility: visibilityChoice }, `Saved: ${text.detail}.`);
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

  if (deleted) {
    return (
      <div className="notice notice-ok" role="status">
        <p>The poll and all its votes were deleted.</p>
        <Link href="/">Back to the open polls</Link>
      </div>
    );
  }

  function edited(saved: SavedPoll) {
    setTexts({
      title: saved.title,
      description: saved.description,
      category: saved.category,
      options: saved.options.map((option) => ({ id: option.id, text: option.option_text })),
    });
    setEditing(false);
    setMessage({ ok: true, text: 'Saved: voters now see the new question and answers.' });
    requestAnimationFrame(() => editButton.current?.focus());
    // The page's heading is the server's.
    router.refresh();
  }

  const title = texts.title;
  const options = texts.options;
  const ended = poll.expires_at !== null && new Date(poll.expires_at).getTime() <= Date.now();
  const open = poll.is_active && !ended;
  const visibility = RESULTS_VISIBILITY_TEXT[poll.results_visibility];
  const settings = (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <dl className="settings">
        <dt>Where people vote</dt>
        <dd>{VOTER_IDENTITY_TEXT[created.voter_identity].choice}</dd>
        <dt>Answers per voter</dt>
        <dd>{answersPerVoterText(created.max_choices)}</dd>
      </dl>
      <p className="hint">These two were chosen when the poll was created and cannot be changed.</p>
      <p>
        <strong>When results appear:</strong> {visibility.choice} <span className="hint">({visibility.detail})</span>
      </p>
      {access.state === 'granted' ? (
        <>
          {poll.results_visibility !== 'always' && (
            <p>
              <button type="button" disabled={busy} onClick={reveal}>
                Reveal results
              </button>
            </p>
          )}
          <p>
            <strong>On the home page:</strong>{' '}
            {poll.listed ? 'listed, for anyone to find' : 'unlisted: only people with its link or join code find it'}
          </p>
          <p>
            <button
              type="button"
              className="button-quiet"
              disabled={busy}
              onClick={() =>
                update(
                  { listed: !poll.listed },
                  poll.listed ? 'The poll is off the home page now.' : 'The poll is listed on the home page now.',
                )
              }
            >
              {poll.listed ? 'Take it off the home page' : 'List it on the home page'}
            </button>
          </p>
          <form onSubmit={saveVisibility}>
            <div className="field">
              <label htmlFor="results-visibility">Change when results appear</label>
              <select
                id="results-visibility"
                ref={visibilitySelect}
                value={visibilityChoice}
                onChange={(e) => setVisibilityChoice(e.target.value as ResultsVisibility)}
              >
                {RESULTS_VISIBILITIES.map((choice) => (
                  <option key={choice} value={choice}>
                    {RESULTS_VISIBILITY_TEXT[choice].choice}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={busy}>
              Save setting
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
  // Until the page knows whether it has a token there is nothing to watch; with one, the results wait for every count.
  const results =
    token === undefined ? null : token && adminResults === undefined ? (
      <p className="hint">Loading the results…</p>
    ) : (
      <PollLive
        key={adminResults ? 'creator' : 'visitor'}
        pollId={pollId}
        title={title}
        options={options}
        initial={adminResults ?? initial}
        expiresAt={poll.expires_at}
        voterIdentity={created.voter_identity}
        maxChoices={created.max_choices}
        votedOptionIds={[]}
        adminToken={adminResults && token ? token : undefined}
      />
    );

  if (!token || access.state !== 'granted') {
    return (
      <>
        <div role="status">
          {token === null && (
            <p className="notice notice-bad">
              To manage this poll, open the private link you got when you created it. It ends with <code>#token=…</code>
              .
            </p>
          )}
          {token && access.state === 'checking' && <p className="hint">Checking your manage link…</p>}
          {access.state === 'refused' && <p className="notice notice-bad">{access.text}</p>}
        </div>
        {settings}
        {results}
      </>
    );
  }
  const hasVotes = (adminResults?.total ?? 0) > 0;
  const presentUrl = `/polls/${pollId}/present#admin=${encodeURIComponent(token)}`;
  return (
    <>
      <div aria-live="polite">
        {message && <p className={`notice ${message.ok ? 'notice-ok' : 'notice-bad'}`}>{message.text}</p>}
      </div>

      <section className="panel" aria-labelledby="room-heading">
        <h2 id="room-heading">Join code</h2>
        <JoinCode code={created.code} joinUrl={joinUrl} presentUrl={presentUrl} />
      </section>

      {/* What a creator opens this page to see first: the votes, live. */}
      {results}

      <section className="panel" aria-labelledby="texts-heading">
        <h2 id="texts-heading">Question and answers</h2>
        {editing ? (
          <NewPollForm
            edit={{
              pollId,
              token,
              poll: {
                ...created,
                title: texts.title,
                description: texts.description,
                category: texts.category,
                options: texts.options.map((option) => option.text),
              },
              onSaved: edited,
              onCancel: () => {
                setEditing(false);
                requestAnimationFrame(() => editButton.current?.focus());
              },
              failureText,
            }}
          />
        ) : hasVotes ? (
          <p className="hint">
            People have voted, so the question and answers can no longer change: each vote was for these. To ask again
            differently, duplicate the poll.
          </p>
        ) : (
          <>
            <p className="hint">Nobody has voted yet, so you can still change the question and answers.</p>
            <button type="button" ref={editButton} onClick={() => setEditing(true)}>
              Edit question and answers
            </button>
          </>
        )}
        <p>
          <Link href={`/polls/new?from=${pollId}`}>Duplicate</Link>{' '}
          <span className="hint">to create a new poll with this question, its answers and settings</span>
        </p>
      </section>

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

      {settings}

      <section className="panel" aria-labelledby="show-heading">
        <h2 id="show-heading">Show and download</h2>
        <p>
          {/* The token rides in the fragment, as on this page: browsers never send it to the server. */}
          <a href={presentUrl}>Open the presenter screen</a>{' '}
          <span className="hint">for a projector; with this link it can reveal hidden results</span>
        </p>
        <ExportButtons pollId={pollId} token={token} />
      </section>

      {share}

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
