import { getTranslations } from '../_lib/intl.server';
import { qrCodeSvg } from '../_lib/qr-code.server';
import { CopyButton } from './copy-button';
import { hint } from './rich-tags';

const LARGE_QR_ID = 'qr-large';

/**
 * What voters pass on: the poll's link with a copy button, and its QR code (rendered here as SVG
 * from our own string) with a caption, which opens large for a room to scan. The large view is
 * a native popover: it opens by click or keyboard and closes with Escape, without JavaScript.
 * The creator's tools (the embed code) live on the manage page.
 */
export async function SharePanel({ url }: { url: string }) {
  const qrSvg = await qrCodeSvg(url, 2);
  const t = await getTranslations('Share');
  return (
    <section className="share" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('heading')}</h2>
      <div className="field">
        <label htmlFor="share-link">{t('link')}</label>
        <div className="copy-row">
          <input id="share-link" readOnly dir="ltr" value={url} />
          <CopyButton text={url} fieldId="share-link" label={t('copyLink')} />
        </div>
      </div>
      <figure className="qr">
        <button type="button" className="qr-button" popoverTarget={LARGE_QR_ID} aria-label={t('enlarge')}>
          <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        </button>
        <figcaption>{t.rich('scan', { hint })}</figcaption>
      </figure>
      <div id={LARGE_QR_ID} popover="auto" className="qr-large">
        <div role="img" aria-label={t('enlarged')} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <button type="button" popoverTarget={LARGE_QR_ID} popoverTargetAction="hide">
          {t('close')}
        </button>
      </div>
    </section>
  );
}
