import { useTranslations } from '../../_lib/intl';
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
  const t = useTranslations('ManageVoting');
  return (
    <section className="panel" aria-labelledby="voting-heading">
      <h2 id="voting-heading">{t(open ? 'open' : 'closed')}</h2>
      {open ? (
        <button type="button" disabled={busy} onClick={() => update({ is_active: false }, t('closedNow'))}>
          {t('close')}
        </button>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => update({ is_active: true, ...(ended ? { expires_at: null } : {}) }, t('openAgain'))}
        >
          {t(ended ? 'reopenWithoutEnd' : 'reopen')}
        </button>
      )}
    </section>
  );
}
