import { useTranslations } from '../_lib/intl';
import { hint, strong } from './rich-tags';

/**
 * What the creator needs to start a room: the join code voters type at `host/j/CODE` (the
 * address the home page's "Join with a code" leads to), and the button that opens the presenter
 * screen with the admin link.
 */
export function JoinCode({ code, joinUrl, presentUrl }: { code: string; joinUrl: string; presentUrl: string }) {
  const t = useTranslations('JoinCode');
  const shortUrl = joinUrl.replace(/^https?:\/\//, '');
  return (
    <div className="join-code">
      <p className="join-code-text">
        {t.rich('votersType', {
          site: shortUrl.slice(0, shortUrl.length - code.length),
          code,
          hint,
          // An address reads left to right, in an Arabic sentence too.
          link: (chunks) => (
            <a href={joinUrl} className="join-code-link" dir="ltr">
              {chunks}
            </a>
          ),
          strong,
        })}
      </p>
      <a className="button" href={presentUrl}>
        {t('present')}
      </a>
    </div>
  );
}
