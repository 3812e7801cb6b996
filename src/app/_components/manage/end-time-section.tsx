import { useFormatter, useTranslations } from '../../_lib/intl';
import type { FormEvent } from 'react';
import { hint } from '../rich-tags';
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
  const t = useTranslations('ManageEndTime');
  const format = useFormatter();

  function saveEnd(event: FormEvent) {
    event.preventDefault();
    const when = new Date(endsAt);
    if (!endsAt || Number.isNaN(when.getTime()) || when.getTime() <= Date.now()) {
      setMessage({ ok: false, text: t('future') });
      return;
    }
    // The field is in the browser's time zone, and so is what it is told back (the pages' own zone is UTC).
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const end = format.dateTime(when, { dateStyle: 'long', timeStyle: 'short', timeZone });
    void update({ expires_at: when.toISOString() }, t('saved', { end }));
  }

  return (
    <section className="panel" aria-labelledby="end-heading">
      <h2 id="end-heading">{t('heading')}</h2>
      <form onSubmit={saveEnd}>
        <div className="field">
          <label htmlFor="ends-at">{t.rich('label', { hint })}</label>
          <input id="ends-at" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </div>
        <p className="row">
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>
          {poll.expires_at && (
            <button
              type="button"
              className="button-quiet"
              disabled={busy}
              onClick={() => update({ expires_at: null }, t('removed'))}
            >
              {t('remove')}
            </button>
          )}
        </p>
      </form>
    </section>
  );
}
