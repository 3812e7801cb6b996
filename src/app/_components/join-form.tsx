import { useTranslations } from '../_lib/intl';
import type { ReactNode } from 'react';

/** The box a voter types a join code into; it goes to `/j`, which finds the poll (src/app/j/page.tsx). */
export function JoinForm({ label }: { label: ReactNode }) {
  const t = useTranslations('JoinForm');
  return (
    <form className="filter join" action="/j" method="get" aria-label={t('name')}>
      <div className="field">
        <label htmlFor="join-code">{label}</label>
        <input
          id="join-code"
          name="code"
          required
          maxLength={32}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder={t('placeholder', { code: 'K7P2QX' })}
        />
      </div>
      <button type="submit">{t('submit')}</button>
    </form>
  );
}
