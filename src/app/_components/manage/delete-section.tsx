import { useTranslations } from '../../_lib/intl';
import { useRef } from 'react';
import { isolated } from '../rich-tags';

/** Deleting the poll, after a confirmation that says what goes with it. */

type Props = {
  title: string;
  busy: boolean;
  confirming: boolean;
  setConfirming: (confirming: boolean) => void;
  send: (method: 'DELETE') => Promise<Response | null>;
  onDeleted: () => void;
};

export function DeleteSection({ title, busy, confirming, setConfirming, send, onDeleted }: Props) {
  const t = useTranslations('ManageDelete');
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);

  /** Moves focus along with the confirmation so keyboard users are never dropped on the page body. */
  function confirmDelete(show: boolean) {
    setConfirming(show);
    requestAnimationFrame(() => (show ? keepButton : deleteButton).current?.focus());
  }

  async function remove() {
    if (await send('DELETE')) onDeleted();
  }

  return (
    <section className="panel danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('heading')}</h2>
      {confirming ? (
        <>
          <p>{t.rich('confirm', { title, poll: isolated })}</p>
          <p className="row">
            <button type="button" className="button-danger" disabled={busy} onClick={remove}>
              {t('yes')}
            </button>
            <button type="button" className="button-quiet" ref={keepButton} onClick={() => confirmDelete(false)}>
              {t('keep')}
            </button>
          </p>
        </>
      ) : (
        <button type="button" className="button-danger" ref={deleteButton} onClick={() => confirmDelete(true)}>
          {t('delete')}
        </button>
      )}
    </section>
  );
}
