import { useTranslations } from '../../_lib/intl';
import { ExportButtons } from '../export-buttons';
import { hint } from '../rich-tags';

/** The presenter screen's link, with the admin token, and the creator's downloads. */
export function ShowSection({ pollId, token, presentUrl }: { pollId: string; token: string; presentUrl: string }) {
  const t = useTranslations('ManageShow');
  return (
    <section className="panel" aria-labelledby="show-heading">
      <h2 id="show-heading">{t('heading')}</h2>
      <p>
        {/* The token rides in the fragment, as on this page: browsers never send it to the server. */}
        {t.rich('presenter', {
          link: (chunks) => <a href={presentUrl}>{chunks}</a>,
          hint,
        })}
      </p>
      <ExportButtons pollId={pollId} token={token} />
    </section>
  );
}
