import QRCode from 'qrcode';
import { CopyButton } from './copy-button';
import { EmbedCode } from './embed-code';

/**
 * The poll's link with a copy button, a QR code rendered here as SVG from our own string, and,
 * when given, the `<iframe>` snippet that puts the poll on another site (docs/EMBED.md).
 */
export async function SharePanel({ url, embedSnippet }: { url: string; embedSnippet?: string }) {
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return (
    <section className="share" aria-labelledby="share-heading">
      <h2 id="share-heading">Share this poll</h2>
      <div className="field">
        <label htmlFor="share-link">Link for voters</label>
        <div className="copy-row">
          <input id="share-link" readOnly value={url} />
          <CopyButton text={url} fieldId="share-link" />
        </div>
      </div>
      {embedSnippet && <EmbedCode snippet={embedSnippet} />}
      <div
        className="qr"
        role="img"
        aria-label="QR code of the link to this poll"
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
    </section>
  );
}
