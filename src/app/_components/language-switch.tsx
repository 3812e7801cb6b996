'use client';

import { useLocale } from 'next-intl';
import { useTranslations } from '../_lib/intl';
import { usePathname, useSearchParams } from 'next/navigation';
import { LANGUAGE_NAMES, LOCALES } from '../../domain/locales';

/**
 * The language switcher: one button per language, each named in its own language, in a form our
 * server answers (src/server/page-locale.ts), so it works without JavaScript. It comes back to this
 * page, less any `?lang=` that would outvote the choice.
 */
export function LanguageSwitch() {
  const t = useTranslations('Chrome');
  const current = useLocale();
  const pathname = usePathname();
  const query = new URLSearchParams(useSearchParams().toString());
  query.delete('lang');
  const back = query.size > 0 ? `${pathname}?${query.toString()}` : pathname;
  return (
    <form method="post" action="/language" className="language-switch">
      <input type="hidden" name="back" value={back} />
      <fieldset>
        <legend>{t('language')}</legend>
        {LOCALES.map((locale) => (
          <button
            key={locale}
            type="submit"
            name="lang"
            value={locale}
            lang={locale}
            className="link-button"
            aria-current={locale === current ? 'true' : undefined}
          >
            {LANGUAGE_NAMES[locale]}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
