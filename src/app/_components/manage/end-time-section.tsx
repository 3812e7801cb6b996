import type { FormEvent } from 'react';
import type { Message, PollState } from './poll-changes';

/** When voting ends, in the browser's time zone: set a new end (in the future), or remove it. */

type Props = {
  poll: PollState;
  endsAt: string;
  setEndsAt: (endsAt: string) => void;
  busy: boolean;
  update: (change: Partial<PollState>, done: string) => Promise<boolean>;
  setMessage: (message: Message) => void;
};

export function EndTimeSection({ poll, endsAt, setEndsAt, busy, update, setMessage }: Props) {
  function saveEnd(event: FormEvent) {
    event.preventDefault();
    const when = new Date(endsAt);
    if (!endsAt || Number.isNaN(when.getTime()) || when.getTime() <= Date.now()) {
      setMessage({ ok: false, text: 'Choose an end time in the future.' });
      return;
    }
    void update({ expires_at: when.toISOString() }, `The poll now ends ${when.toLocaleString()}.`);
  }

  return (
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
  );
}
