import type { PollState } from './poll-changes';

/** Whether voting is open, and the button that closes it or opens it again (an ended poll loses its end time). */
export function VotingSection({
  open,
  ended,
  busy,
  update,
}: {
  open: boolean;
  ended: boolean;
  busy: boolean;
  update: (change: Partial<PollState>, done: string) => Promise<boolean>;
}) {
  return (
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
  );
}
