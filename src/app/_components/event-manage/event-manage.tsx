'use client';

import { useTranslations } from '../../_lib/intl';
import { useEffect, useState } from 'react';
import type { EventDetails } from '../../../domain/events';
import { EventCreated } from '../event-form/event-form';
import { JoinCode } from '../join-code';
import { downloadExport, duplicateEvent, endEvent } from './event-requests';
import { QuestionList } from './question-list';

/**
 * `/events/{id}/manage#token=…`: the creator's view of an event. The token lives in the fragment,
 * which browsers never send, and goes to the API only as a bearer token. The questions (edit the
 * list), the presenter and audience links, the exports, a copy of the event, and its end.
 */

type Said = { ok: boolean; key: string; values?: Record<string, string> };

export function EventManage({ initial }: { initial: EventDetails }) {
  const t = useTranslations('EventManage');
  const [details, setDetails] = useState(initial);
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [said, setSaid] = useState<Said | null>(null);
  const [copy, setCopy] = useState<{ id: string; code: string; token: string } | null>(null);
  useEffect(() => setToken(new URLSearchParams(window.location.hash.slice(1)).get('token')), []);
  if (token === undefined) return null;
  if (!token) return <p className="notice notice-bad">{t('needsToken')}</p>;
  const { event } = details;

  const exportAs = async (format: 'csv' | 'json') => {
    const status = await downloadExport(event.id, token, format);
    setSaid(
      status === 200
        ? { ok: true, key: 'downloaded' }
        : { ok: false, key: status === 401 ? 'wrongToken' : 'exportFailed' },
    );
  };
  const end = async () => {
    if (!window.confirm(t('confirmEnd'))) return;
    const outcome = await endEvent(event.id, token);
    if (outcome.ok) setDetails(outcome.value);
    setSaid(
      outcome.ok ? { ok: true, key: 'ended' } : { ok: false, key: outcome.status === 401 ? 'wrongToken' : 'endFailed' },
    );
  };
  const duplicate = async () => {
    const outcome = await duplicateEvent(details);
    if (!outcome.ok) return setSaid({ ok: false, key: 'duplicateFailed' });
    setCopy({ id: outcome.value.event.id, code: outcome.value.event.code, token: outcome.value.admin_token });
  };

  return (
    <>
      <JoinCode
        code={event.code}
        joinUrl={`${window.location.origin}/j/${event.code}`}
        presentUrl={`/events/${event.id}/present#admin=${encodeURIComponent(token)}`}
      />
      {event.ended && <p className="notice">{t('isEnded')}</p>}
      <QuestionList details={details} token={token} onSaved={setDetails} />
      <section aria-labelledby="more-heading">
        <h2 id="more-heading">{t('more')}</h2>
        <p className="row">
          <button type="button" className="button-quiet" onClick={() => void exportAs('csv')}>
            {t('exportCsv')}
          </button>
          <button type="button" className="button-quiet" onClick={() => void exportAs('json')}>
            {t('exportJson')}
          </button>
          <button type="button" className="button-quiet" onClick={() => void duplicate()}>
            {t('duplicate')}
          </button>
          {!event.ended && (
            <button type="button" className="button-danger" onClick={() => void end()}>
              {t('end')}
            </button>
          )}
        </p>
        <p className="hint">{t('exportHint')}</p>
        <div aria-live="polite">
          {said && <p className={`notice ${said.ok ? 'notice-ok' : 'notice-bad'}`}>{t(`said.${said.key}`)}</p>}
        </div>
        {copy && <EventCreated {...copy} />}
      </section>
    </>
  );
}
