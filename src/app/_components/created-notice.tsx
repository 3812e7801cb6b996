'use client';

import { useTranslations } from '../_lib/intl';
import { useEffect, useState } from 'react';
import { CopyButton } from './copy-button';
import { JoinCode } from './join-code';

/**
 * Right after creating a poll the creator lands on `/polls/{id}#token=…`. The token lives only in
 * the fragment, which browsers never send to the server; it is shown once as the private manage
 * link and then dropped from the address bar, so sharing that address shares no secret. With it
 * come what starts a room: the join code, its address, and the presenter screen.
 */
export function CreatedNotice({ pollId, code, joinUrl }: { pollId: string; code: string; joinUrl: string }) {
  const t = useTranslations('CreatedNotice');
  const [token, setToken] = useState<string | null>(null);
  const [origin, setOrigin] = useState('');
  useEffect(() => {
    const found = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (!found) return;
    setToken(found);
    setOrigin(window.location.origin);
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
  }, [pollId]);
  if (!token) return null;
  const secret = encodeURIComponent(token);
  const manageUrl = `${origin}/polls/${pollId}/manage#token=${secret}`;

  return (
    <section className="notice notice-ok created" aria-labelledby="created-heading">
      <h2 id="created-heading">{t('heading')}</h2>
      <JoinCode code={code} joinUrl={joinUrl} presentUrl={`/polls/${pollId}/present#admin=${secret}`} />
      <p>{t('keepLink')}</p>
      <div className="copy-row">
        <label htmlFor="manage-link" className="visually-hidden">
          {t('linkLabel')}
        </label>
        <input id="manage-link" readOnly dir="ltr" value={manageUrl} />
        <CopyButton text={manageUrl} fieldId="manage-link" label={t('copy')} />
      </div>
      <p className="hint">{t.rich('openManage', { link: (chunks) => <a href={manageUrl}>{chunks}</a> })}</p>
    </section>
  );
}
